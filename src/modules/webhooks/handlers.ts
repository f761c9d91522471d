// Turns each event into one pending delivery per matching subscription of its organization. Runs
// inside the dispatcher's write transaction (database writes only); the worker does the sending.
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../../context";
import { webhookDeliveries, webhookSubscriptions } from "../../db/schema";
import { newId } from "../../lib/ids";
import type { StoredEvent } from "../events/service";

/** Enqueues the event for its organization's active subscriptions; returns how many. */
export function enqueueDeliveries(ctx: AppContext, ev: StoredEvent): number {
  const subs = ctx.db.write.select({ id: webhookSubscriptions.id, events: webhookSubscriptions.events }).from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.organizationId, ev.organizationId), eq(webhookSubscriptions.active, true))).all()
    .filter((s) => s.events.includes("*") || s.events.includes(ev.name));
  if (!subs.length) return 0;
  const now = ctx.clock.now().toISOString();
  ctx.db.write.insert(webhookDeliveries).values(subs.map((s) => ({
    id: newId("whd"), organizationId: ev.organizationId, subscriptionId: s.id, eventId: ev.id, status: "pending" as const, nextAttemptAt: now, createdAt: now,
  }))).run();
  return subs.length;
}

export function registerWebhookHandlers(ctx: AppContext): void {
  ctx.events.on("webhooks.enqueue", "*", (ev) => {
    if (enqueueDeliveries(ctx, ev)) ctx.webhooks.kick();
  });
}
