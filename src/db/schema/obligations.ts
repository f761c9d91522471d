// Obligations: deadlines derived from documents through their pack's rules (closing, condition
// waivers, deposits, expiry, renewal), plus what brokers do with them (done, waived), the daily
// digest's once-per-day record, and per-user calendar feeds (secret URL, stored hashed).
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations, users } from "./identity";
import { documents } from "./documents";

export const OBLIGATION_TYPES = ["closing", "condition_waiver", "deposit_due", "expiry", "renewal"] as const;
export const OBLIGATION_STATUSES = ["open", "done", "waived", "superseded"] as const;

export const obligations = sqliteTable(
  "obligations",
  {
    id: text("id").primaryKey(), // obl_…
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    /** The document version the obligation currently comes from. */
    documentId: text("document_id").notNull().references(() => documents.id),
    /** The document's version chain: re-syncs of a new version update the same obligations. */
    rootId: text("root_id").notNull(),
    dealId: text("deal_id"),
    /** The pack rule's key ("closing", "condition:financing", "deposit"…): re-syncs match on it. */
    ruleKey: text("rule_key").notNull(),
    type: text("type", { enum: OBLIGATION_TYPES }).notNull(),
    description: text("description"),
    /** ISO instant; null while it waits for an event (a deposit due 24 h after acceptance). */
    dueAt: text("due_at"),
    amountCents: integer("amount_cents"),
    status: text("status", { enum: OBLIGATION_STATUSES }).notNull().default("open"),
    /** A broker moved the date: re-syncs keep it. */
    dueAtOverridden: integer("due_at_overridden", { mode: "boolean" }).notNull().default(false),
    doneAt: text("done_at"),
    doneBy: text("done_by"),
    note: text("note"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("obligations_rule").on(t.rootId, t.ruleKey),
    index("obligations_org_due").on(t.organizationId, t.status, t.dueAt),
    index("obligations_deal").on(t.dealId),
  ],
);

/** One digest per recipient per local day, even across restarts. */
export const obligationDigests = sqliteTable(
  "obligation_digests",
  {
    userId: text("user_id").notNull().references(() => users.id),
    day: text("day").notNull(), // YYYY-MM-DD in the organization's zone
    sentAt: text("sent_at").notNull(),
    items: integer("items").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

export const calendarFeeds = sqliteTable(
  "calendar_feeds",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    userId: text("user_id").notNull().references(() => users.id),
    tokenHash: text("token_hash").notNull(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("calendar_feeds_token").on(t.tokenHash), index("calendar_feeds_user").on(t.userId)],
);
