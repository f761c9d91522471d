CREATE TABLE `document_people` (
	`organization_id` text NOT NULL,
	`document_id` text NOT NULL,
	`person_id` text NOT NULL,
	PRIMARY KEY(`document_id`, `person_id`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `document_people_person` ON `document_people` (`person_id`);--> statement-breakpoint
CREATE TABLE `document_renders` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`document_id` text NOT NULL,
	`rendered_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `document_renders_org_time` ON `document_renders` (`organization_id`,`rendered_at`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`form_key` text NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'DRAFT' NOT NULL,
	`canonical` text NOT NULL,
	`root_id` text NOT NULL,
	`parent_id` text,
	`version` integer DEFAULT 1 NOT NULL,
	`deal_id` text,
	`pdf` blob,
	`pdf_sha256` text,
	`content_sha256` text,
	`pages` integer,
	`generated_at` text,
	`generated_by` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_org_created` ON `documents` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `documents_org_deal` ON `documents` (`organization_id`,`deal_id`);--> statement-breakpoint
CREATE INDEX `documents_root` ON `documents` (`root_id`,`version`);