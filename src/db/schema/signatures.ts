// E-signature: envelopes sent for a generated document, their signers, the signers' link tokens
// (SHA-256 only), one-time codes, and the evidence log. The log is a hash chain (each entry
// carries the SHA-256 of the one before) and the database refuses to edit or delete it; a
// completed or declined envelope cannot be deleted during the retention period.
import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations } from "./identity";
import { documents } from "./documents";

export const ENVELOPE_STATUSES = ["sent", "partially_signed", "completed", "declined", "voided", "expired"] as const;
export const SIGNER_STATUSES = ["pending", "sent", "opened", "authenticated", "consented", "signed", "declined"] as const;
export const SEAL_STATUSES = ["none", "pending", "sealed", "failed"] as const;
export type EnvelopeStatus = (typeof ENVELOPE_STATUSES)[number];
export type SignerStatus = (typeof SIGNER_STATUSES)[number];

export const signatureEnvelopes = sqliteTable(
  "signature_envelopes",
  {
    id: text("id").primaryKey(), // env_…
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    documentId: text("document_id").notNull().references(() => documents.id),
    status: text("status", { enum: ENVELOPE_STATUSES }).notNull(),
    mode: text("mode", { enum: ["parallel", "sequential"] }).notNull(),
    /** SHA-256 of the generated PDF as sent: the certificate names what was signed. */
    documentSha256: text("document_sha256").notNull(),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    expiresAt: text("expires_at"),
    completedAt: text("completed_at"),
    endedAt: text("ended_at"), // declined, voided or expired
    voidReason: text("void_reason"),
    /** Sealing (final PDF, certificate, digital signature) runs after completion, with retries. */
    sealStatus: text("seal_status", { enum: SEAL_STATUSES }).notNull().default("none"),
    sealAttempts: integer("seal_attempts").notNull().default(0),
    sealNextAt: text("seal_next_at"),
    sealError: text("seal_error"),
    finalPdf: blob("final_pdf", { mode: "buffer" }),
    finalSha256: text("final_sha256"),
    timestamp: text("timestamp", { mode: "json" }).$type<Record<string, unknown>>(),
    retentionUntil: text("retention_until"),
    archivedAt: text("archived_at"),
  },
  (t) => [
    index("signature_envelopes_doc").on(t.organizationId, t.documentId),
    index("signature_envelopes_status").on(t.status, t.expiresAt),
    index("signature_envelopes_seal").on(t.sealStatus, t.sealNextAt),
    index("signature_envelopes_final").on(t.finalSha256),
  ],
);

export const signatureSigners = sqliteTable(
  "signature_signers",
  {
    id: text("id").primaryKey(), // signer_…
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    envelopeId: text("envelope_id").notNull().references(() => signatureEnvelopes.id),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    phone: text("phone"),
    role: text("role").notNull(),
    status: text("status", { enum: SIGNER_STATUSES }).notNull(),
    sentAt: text("sent_at"),
    openedAt: text("opened_at"),
    authenticatedAt: text("authenticated_at"),
    authMethod: text("auth_method"),
    consentedAt: text("consented_at"),
    consentVersion: text("consent_version"),
    consentSha256: text("consent_sha256"),
    signedAt: text("signed_at"),
    signatureKind: text("signature_kind", { enum: ["typed", "drawn"] }),
    signatureText: text("signature_text"),
    signaturePng: blob("signature_png", { mode: "buffer" }),
    declinedAt: text("declined_at"),
    declineReason: text("decline_reason"),
    lastRemindedAt: text("last_reminded_at"),
  },
  (t) => [index("signature_signers_envelope").on(t.envelopeId, t.position)],
);

/** A signer's links: the one in the create response and those mailed later (turn, reminder, resend). */
export const signatureTokens = sqliteTable(
  "signature_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    signerId: text("signer_id").notNull().references(() => signatureSigners.id),
    purpose: text("purpose").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("signature_tokens_signer").on(t.signerId)],
);

export const signerCodes = sqliteTable(
  "signer_codes",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    signerId: text("signer_id").notNull().references(() => signatureSigners.id),
    channel: text("channel", { enum: ["email", "sms"] }).notNull(),
    codeHash: text("code_hash").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    verifiedAt: text("verified_at"),
  },
  (t) => [index("signer_codes_signer").on(t.signerId, t.createdAt)],
);

export const signatureEvents = sqliteTable(
  "signature_events",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    envelopeId: text("envelope_id").notNull().references(() => signatureEnvelopes.id),
    seq: integer("seq").notNull(),
    signerId: text("signer_id"),
    type: text("type").notNull(), // sent, opened, authenticated, consented, signed, declined, voided, expired, completed, ...
    at: text("at").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    authMethod: text("auth_method"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [uniqueIndex("signature_events_seq").on(t.envelopeId, t.seq)],
);
