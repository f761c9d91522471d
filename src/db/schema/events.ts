// The event outbox and outgoing webhooks. An event row is written in the same transaction as
// the change it reports; handlers run from here after commit and survive restarts.
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizations } from "./identity";

export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(), // evt_…
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    name: text("name").notNull(), // PERSON_CREATED, DEAL_STAGE_CHANGED, DOCUMENT_SIGNED, ...
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: text("created_at").notNull(),
    /** Set when every handler has run it. */
    dispatchedAt: text("dispatched_at"),
  },
  (t) => [index("events_pending").on(t.dispatchedAt, t.createdAt)],
);

/** Which handler has processed which event: handlers run at least once, this makes it once. */
export const eventHandled = sqliteTable(
  "event_handled",
  {
    eventId: text("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    handler: text("handler").notNull(),
    handledAt: text("handled_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.handler] })],
);

export const webhookSubscriptions = sqliteTable(
  "webhook_subscriptions",
  {
    id: text("id").primaryKey(), // wh_…
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    url: text("url").notNull(),
    events: text("events", { mode: "json" }).$type<string[]>().notNull(),
    /** HMAC key, sealed with the appliance's data key (AES-GCM): signing needs the key itself, so it cannot be a hash. */
    secretSealed: text("secret_sealed").notNull(),
    secretLastFour: text("secret_last_four").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("webhook_subscriptions_org").on(t.organizationId)],
);

export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(), // whd_…
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    subscriptionId: text("subscription_id").notNull().references(() => webhookSubscriptions.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull().references(() => events.id),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    nextAttemptAt: text("next_attempt_at"),
    createdAt: text("created_at").notNull(),
    deliveredAt: text("delivered_at"),
  },
  (t) => [index("webhook_deliveries_due").on(t.status, t.nextAttemptAt), index("webhook_deliveries_sub").on(t.subscriptionId, t.createdAt)],
);

/** One row per attempt: the delivery log integrators read. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    deliveryId: text("delivery_id").notNull().references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("webhook_attempts_delivery").on(t.deliveryId, t.attempt)],
);
