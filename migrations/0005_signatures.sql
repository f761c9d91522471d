CREATE TABLE `signature_envelopes` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`document_id` text NOT NULL,
	`status` text NOT NULL,
	`mode` text NOT NULL,
	`document_sha256` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`expires_at` text,
	`completed_at` text,
	`ended_at` text,
	`void_reason` text,
	`seal_status` text DEFAULT 'none' NOT NULL,
	`seal_attempts` integer DEFAULT 0 NOT NULL,
	`seal_next_at` text,
	`seal_error` text,
	`final_pdf` blob,
	`final_sha256` text,
	`timestamp` text,
	`retention_until` text,
	`archived_at` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signature_envelopes_doc` ON `signature_envelopes` (`organization_id`,`document_id`);--> statement-breakpoint
CREATE INDEX `signature_envelopes_status` ON `signature_envelopes` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `signature_envelopes_seal` ON `signature_envelopes` (`seal_status`,`seal_next_at`);--> statement-breakpoint
CREATE INDEX `signature_envelopes_final` ON `signature_envelopes` (`final_sha256`);--> statement-breakpoint
CREATE TABLE `signature_events` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`envelope_id` text NOT NULL,
	`seq` integer NOT NULL,
	`signer_id` text,
	`type` text NOT NULL,
	`at` text NOT NULL,
	`ip` text,
	`user_agent` text,
	`auth_method` text,
	`data` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`envelope_id`) REFERENCES `signature_envelopes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signature_events_seq` ON `signature_events` (`envelope_id`,`seq`);--> statement-breakpoint
CREATE TABLE `signature_signers` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`envelope_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`role` text NOT NULL,
	`status` text NOT NULL,
	`sent_at` text,
	`opened_at` text,
	`authenticated_at` text,
	`auth_method` text,
	`consented_at` text,
	`consent_version` text,
	`consent_sha256` text,
	`signed_at` text,
	`signature_kind` text,
	`signature_text` text,
	`signature_png` blob,
	`declined_at` text,
	`decline_reason` text,
	`last_reminded_at` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`envelope_id`) REFERENCES `signature_envelopes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signature_signers_envelope` ON `signature_signers` (`envelope_id`,`position`);--> statement-breakpoint
CREATE TABLE `signature_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`signer_id` text NOT NULL,
	`purpose` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signer_id`) REFERENCES `signature_signers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signature_tokens_signer` ON `signature_tokens` (`signer_id`);--> statement-breakpoint
CREATE TABLE `signer_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`signer_id` text NOT NULL,
	`channel` text NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`verified_at` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signer_id`) REFERENCES `signature_signers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signer_codes_signer` ON `signer_codes` (`signer_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `documents` ADD `signature_blocks` text;
--> statement-breakpoint
-- Evidence is append-only: the database itself refuses to change or remove a signer event.
CREATE TRIGGER `signature_events_no_update` BEFORE UPDATE ON `signature_events`
BEGIN SELECT RAISE(ABORT, 'signature events are append-only evidence'); END;
--> statement-breakpoint
CREATE TRIGGER `signature_events_no_delete` BEFORE DELETE ON `signature_events`
BEGIN SELECT RAISE(ABORT, 'signature events are append-only evidence'); END;
--> statement-breakpoint
-- Trade records are kept for the retention period: a completed or declined envelope can be archived, not deleted.
CREATE TRIGGER `signature_envelopes_retention` BEFORE DELETE ON `signature_envelopes`
WHEN OLD.status IN ('completed', 'declined') AND OLD.retention_until > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
BEGIN SELECT RAISE(ABORT, 'a completed or declined envelope is kept for the retention period'); END;
