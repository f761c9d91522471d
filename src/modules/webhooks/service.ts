// An organization's webhook subscriptions and their delivery log. The signing secret is shown
// once, in the response that creates (or rotates) it, and stored sealed with the data key
// (signing needs the secret itself, so a hash would not do). Every query is filtered by the
// caller's organization: another organization's webhook id is a 404.
import { and, count, desc, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../context";
import { events, webhookAttempts, webhookDeliveries, webhookSubscriptions } from "../../db/schema";
import { badRequest, notFound } from "../../http/errors";
import type { Principal } from "../../http/principal";
import { randomSecret } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { seal } from "../../lib/seal";
import { EVENT_NAMES } from "../events/service";
import { checkWebhookUrl, UnsafeWebhookUrl } from "./ssrf";

export type WebhookRow = typeof webhookSubscriptions.$inferSelect;
export type DeliveryStatus = (typeof webhookDeliveries.$inferSelect)["status"];

export interface WebhookInput {
  url: string;
  events: string[];
  active?: boolean;
}

export function webhookJson(w: WebhookRow) {
  return { id: w.id, url: w.url, events: w.events, active: w.active, secretLastFour: w.secretLastFour, createdAt: w.createdAt, updatedAt: w.updatedAt };
}

function newSecret() {
  const secret = `whsec_${randomSecret(32)}`;
  return { secret, secretLastFour: secret.slice(-4) };
}

function subscription(ctx: AppContext, orgId: string, id: string): WebhookRow {
  const w = ctx.db.read.select().from(webhookSubscriptions).where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.organizationId, orgId))).get();
  if (!w) throw notFound(`Webhook ${id} does not exist`);
  return w;
}

async function safeUrl(ctx: AppContext, url: string): Promise<string> {
  try {
    return (await checkWebhookUrl(url.trim(), ctx.config.webhooksAllowPrivate)).href;
  } catch (e) {
    if (!(e instanceof UnsafeWebhookUrl)) throw e;
    throw badRequest(e.message, [{ field: "url", message: e.message }]);
  }
}

/** ["*"] alone, or known event names without repeats. */
function eventFilter(names: string[]): string[] {
  const unique = [...new Set(names)];
  const unknown = unique.find((n) => n !== "*" && !(EVENT_NAMES as readonly string[]).includes(n));
  const problem = !unique.length ? "Choose at least one event"
    : unique.includes("*") && unique.length > 1 ? '"*" already means every event: send it alone'
    : unknown ? `Unknown event name: ${unknown}`
    : null;
  if (problem) throw badRequest(problem, [{ field: "events", message: problem }]);
  return unique;
}

export function listWebhooks(ctx: AppContext, orgId: string) {
  return ctx.db.read.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.organizationId, orgId))
    .orderBy(desc(webhookSubscriptions.createdAt), desc(webhookSubscriptions.id)).all().map(webhookJson);
}

export function getWebhook(ctx: AppContext, orgId: string, id: string) {
  return webhookJson(subscription(ctx, orgId, id));
}

/** Returns the subscription and its secret; the secret is not retrievable afterwards. */
export async function createWebhook(ctx: AppContext, p: Principal, input: WebhookInput) {
  const filter = eventFilter(input.events);
  const url = await safeUrl(ctx, input.url);
  const { secret, secretLastFour } = newSecret();
  const id = newId("wh");
  const now = ctx.clock.now().toISOString();
  ctx.db.write.insert(webhookSubscriptions).values({
    id, organizationId: p.orgId!, url, events: filter, secretSealed: seal(ctx.dataKey, secret), secretLastFour,
    active: input.active ?? true, createdBy: p.userId ?? null, createdAt: now, updatedAt: now,
  }).run();
  return { webhook: getWebhook(ctx, p.orgId!, id), secret };
}

export async function updateWebhook(ctx: AppContext, orgId: string, id: string, patch: Partial<WebhookInput>) {
  subscription(ctx, orgId, id); // an unknown id is a 404 before anything else is judged
  if (patch.url === undefined && patch.events === undefined && patch.active === undefined) {
    throw badRequest("Provide url, events or active", [{ field: "body", message: "Provide url, events or active" }]);
  }
  const set = {
    ...(patch.events !== undefined ? { events: eventFilter(patch.events) } : {}),
    ...(patch.url !== undefined ? { url: await safeUrl(ctx, patch.url) } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
    updatedAt: ctx.clock.now().toISOString(),
  };
  const done = ctx.db.write.update(webhookSubscriptions).set(set).where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.organizationId, orgId)))
    .returning({ id: webhookSubscriptions.id }).all();
  if (!done.length) throw notFound(`Webhook ${id} does not exist`); // deleted while the URL was checked
  return getWebhook(ctx, orgId, id);
}

/** Removes the subscription with its deliveries and their log (foreign keys cascade). */
export function deleteWebhook(ctx: AppContext, orgId: string, id: string): void {
  const done = ctx.db.write.delete(webhookSubscriptions).where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.organizationId, orgId)))
    .returning({ id: webhookSubscriptions.id }).all();
  if (!done.length) throw notFound(`Webhook ${id} does not exist`);
}

/** A new secret at once; the old one stops signing (retries still pending are signed with the new one). */
export function rotateSecret(ctx: AppContext, orgId: string, id: string) {
  const { secret, secretLastFour } = newSecret();
  const done = ctx.db.write.update(webhookSubscriptions)
    .set({ secretSealed: seal(ctx.dataKey, secret), secretLastFour, updatedAt: ctx.clock.now().toISOString() })
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.organizationId, orgId))).returning({ id: webhookSubscriptions.id }).all();
  if (!done.length) throw notFound(`Webhook ${id} does not exist`);
  return { webhook: getWebhook(ctx, orgId, id), secret };
}

/** The subscription's deliveries, newest first, each with its attempts (status codes, errors). */
export function listDeliveries(ctx: AppContext, orgId: string, id: string, q: { page: number; limit: number; status?: DeliveryStatus }) {
  subscription(ctx, orgId, id);
  const d = webhookDeliveries;
  const where = and(eq(d.organizationId, orgId), eq(d.subscriptionId, id), q.status ? eq(d.status, q.status) : undefined);
  const total = ctx.db.read.select({ n: count() }).from(d).where(where).get()!.n;
  const rows = ctx.db.read.select({ d, event: events.name }).from(d)
    .innerJoin(events, and(eq(events.id, d.eventId), eq(events.organizationId, orgId)))
    .where(where).orderBy(desc(d.createdAt), desc(d.id)).limit(q.limit).offset((q.page - 1) * q.limit).all();
  const ids = rows.map((r) => r.d.id);
  const attempts = ids.length
    ? ctx.db.read.select().from(webhookAttempts).where(and(eq(webhookAttempts.organizationId, orgId), inArray(webhookAttempts.deliveryId, ids))).orderBy(webhookAttempts.attempt).all()
    : [];
  const deliveries = rows.map(({ d: r, event }) => ({
    id: r.id, eventId: r.eventId, event, status: r.status, attempts: r.attempts, lastStatusCode: r.lastStatusCode, lastError: r.lastError,
    nextAttemptAt: r.nextAttemptAt, createdAt: r.createdAt, deliveredAt: r.deliveredAt,
    log: attempts.filter((a) => a.deliveryId === r.id).map((a) => ({ attempt: a.attempt, statusCode: a.statusCode, error: a.error, durationMs: a.durationMs, at: a.at })),
  }));
  return { deliveries, pagination: { page: q.page, limit: q.limit, total, totalPages: Math.ceil(total / q.limit) } };
}
