CREATE TABLE `clickwrap_acceptances` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`agreement_id` text NOT NULL,
	`version` integer NOT NULL,
	`version_hash` text NOT NULL,
	`subject_ref` text,
	`accepted_at` text NOT NULL,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreement_id`) REFERENCES `clickwrap_agreements`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `clickwrap_acceptances_agreement` ON `clickwrap_acceptances` (`agreement_id`,`accepted_at`);--> statement-breakpoint
CREATE TABLE `clickwrap_agreements` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`version_hash` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clickwrap_agreements_key` ON `clickwrap_agreements` (`organization_id`,`key`);--> statement-breakpoint
CREATE TABLE `clickwrap_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`agreement_id` text NOT NULL,
	`version` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`version_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreement_id`) REFERENCES `clickwrap_agreements`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clickwrap_versions_agreement` ON `clickwrap_versions` (`agreement_id`,`version`);--> statement-breakpoint
CREATE TABLE `calendar_feeds` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_token` ON `calendar_feeds` (`token_hash`);--> statement-breakpoint
CREATE INDEX `calendar_feeds_user` ON `calendar_feeds` (`user_id`);--> statement-breakpoint
CREATE TABLE `obligation_digests` (
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`sent_at` text NOT NULL,
	`items` integer NOT NULL,
	PRIMARY KEY(`user_id`, `day`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `obligations` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`document_id` text NOT NULL,
	`root_id` text NOT NULL,
	`deal_id` text,
	`rule_key` text NOT NULL,
	`type` text NOT NULL,
	`description` text,
	`due_at` text,
	`amount_cents` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`due_at_overridden` integer DEFAULT false NOT NULL,
	`done_at` text,
	`done_by` text,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `obligations_rule` ON `obligations` (`root_id`,`rule_key`);--> statement-breakpoint
CREATE INDEX `obligations_org_due` ON `obligations` (`organization_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `obligations_deal` ON `obligations` (`deal_id`);--> statement-breakpoint
CREATE TABLE `document_chunks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` text NOT NULL,
	`document_id` text NOT NULL,
	`chunk_index` integer NOT NULL,
	`text` text NOT NULL,
	`embedded_model` text,
	`embedded_at` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `document_chunks_doc` ON `document_chunks` (`document_id`,`chunk_index`);--> statement-breakpoint
CREATE INDEX `document_chunks_pending` ON `document_chunks` (`embedded_model`);--> statement-breakpoint
-- An acceptance is evidence: the database refuses to change or remove one.
CREATE TRIGGER `clickwrap_acceptances_no_update` BEFORE UPDATE ON `clickwrap_acceptances`
BEGIN SELECT RAISE(ABORT, 'clickwrap acceptances are immutable evidence'); END;
--> statement-breakpoint
CREATE TRIGGER `clickwrap_acceptances_no_delete` BEFORE DELETE ON `clickwrap_acceptances`
BEGIN SELECT RAISE(ABORT, 'clickwrap acceptances are immutable evidence'); END;
--> statement-breakpoint
-- The keyword index: one row per document (rowid = the document's rowid), ranked by BM25.
CREATE VIRTUAL TABLE `document_search` USING fts5(document_id UNINDEXED, organization_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2');
