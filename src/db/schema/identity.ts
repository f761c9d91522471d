// Accounts, organizations (the platform document's "customers"), credentials and mail.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const organizations = sqliteTable("organizations", {
  id: text("id").primaryKey(), // UUID, the spec's customerId / orgId
  companyName: text("company_name").notNull(),
  phone: text("phone"),
  description: text("description"),
  status: text("status", { enum: ["active", "suspended"] }).notNull().default("active"),
  avatar: text("avatar"),
  settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  allowedIps: text("allowed_ips", { mode: "json" }).$type<string[] | null>(),
  createdBy: text("created_by"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
  deletedAt: text("deleted_at"),
});

export const ROLES = ["member", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(), // UUID
    email: text("email").notNull(), // normalized: trimmed, lower case
    name: text("name").notNull(),
    passwordHash: text("password_hash"), // argon2id; null until an invited user accepts
    organizationId: text("organization_id").references(() => organizations.id),
    role: text("role", { enum: ROLES }).notNull().default("member"),
    status: text("status", { enum: ["active", "invited", "disabled"] }).notNull().default("active"),
    provider: text("provider").notNull().default("local"),
    providerId: text("provider_id"),
    emailVerified: integer("email_verified", { mode: "boolean" }).notNull().default(false),
    needsOnboarding: integer("needs_onboarding", { mode: "boolean" }).notNull().default(true),
    platformAdmin: integer("platform_admin", { mode: "boolean" }).notNull().default(false),
    lastLoginAt: text("last_login_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    deletedAt: text("deleted_at"),
  },
  (t) => [
    // One live account per address; a soft-deleted one frees the address.
    uniqueIndex("users_email_live").on(t.email).where(sql`deleted_at IS NULL`),
    index("users_org").on(t.organizationId),
  ],
);

/** Opaque refresh tokens (SHA-256 only). Rotation chains share a family; reuse revokes it. */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id),
    familyId: text("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    rotatedAt: text("rotated_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("refresh_tokens_hash").on(t.tokenHash), index("refresh_tokens_family").on(t.familyId)],
);

/** Browser sessions: the cookie holds a random id, the table its SHA-256. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id),
    tokenHash: text("token_hash").notNull(),
    csrfToken: text("csrf_token").notNull(), // not a credential on its own: it only pairs with the cookie
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    expiresAt: text("expires_at").notNull(), // absolute expiry
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [uniqueIndex("sessions_hash").on(t.tokenHash), index("sessions_user").on(t.userId)],
);

/**
 * Mail kept in the database when no SMTP server is configured, for platform admins to read at
 * /admin/outbox. With SMTP_URL set nothing is kept: the messages carry one-time links.
 */
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id"),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("mail_outbox_created").on(t.createdAt)],
);
