// Sends pending webhook deliveries: a POST of the event as JSON, signed with the subscription's
// secret (Winnerr-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">). A 2xx
// answer delivers it; anything else (another status, a redirect, a timeout, a refused address)
// is logged as an attempt and retried with exponential backoff until MAX_ATTEMPTS, which spans
// more than a day, so a receiver that is down overnight still gets everything.
//
// Receivers verify by recomputing the HMAC over "<t>.<raw body>" with their secret, comparing in
// constant time, and rejecting a t more than 5 minutes from their clock (README, "Webhooks").
import { createHmac } from "node:crypto";
import { and, asc, eq, lte } from "drizzle-orm";
import type { AppContext } from "../../context";
import { events, webhookAttempts, webhookDeliveries, webhookSubscriptions } from "../../db/schema";
import { HOUR } from "../../lib/clock";
import { newUuid } from "../../lib/ids";
import { unseal } from "../../lib/seal";
import { checkWebhookUrl, UnsafeWebhookUrl } from "./ssrf";
import { SerialRunner } from "../../lib/serial-runner";

export const MAX_ATTEMPTS = 14;
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_DELAY_MS = 6 * HOUR;
export const DELIVERY_TIMEOUT_MS = 10_000;
const BATCH = 50;
const PARALLEL = 4; // one slow receiver (up to the timeout) must not hold up everyone else's

/** What the worker needs; AppContext has it all. */
export type DeliveryDeps = Pick<AppContext, "db" | "clock" | "logger" | "dataKey" | "config">;

/** The wait after failed attempt n (1-based): 30 s, 1 min, 2 min … doubling, at most 6 h. */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
}

export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  return `t=${unixSeconds},v1=${createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex")}`;
}

interface Due {
  delivery: typeof webhookDeliveries.$inferSelect;
  url: string;
  secretSealed: string;
  event: typeof events.$inferSelect;
}

interface Outcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Due deliveries of active subscriptions. Deliveries of a paused subscription wait for it. */
function dueDeliveries(deps: DeliveryDeps): Due[] {
  const d = webhookDeliveries;
  const s = webhookSubscriptions;
  // The worker acts for every organization; the joins keep each delivery with its own org's rows.
  return deps.db.read.select({ delivery: d, url: s.url, secretSealed: s.secretSealed, event: events }).from(d)
    .innerJoin(s, and(eq(s.id, d.subscriptionId), eq(s.organizationId, d.organizationId)))
    .innerJoin(events, and(eq(events.id, d.eventId), eq(events.organizationId, d.organizationId)))
    .where(and(eq(d.status, "pending"), lte(d.nextAttemptAt, deps.clock.now().toISOString()), eq(s.active, true)))
    .orderBy(asc(d.nextAttemptAt), asc(d.id)).limit(BATCH).all();
}

function bodyOf(ev: Due["event"]): string {
  return JSON.stringify({ id: ev.id, type: ev.name, createdAt: ev.createdAt, organizationId: ev.organizationId, data: ev.payload });
}

/** One POST. Returns null when the worker is stopping: the delivery stays due for the next start. */
async function attempt(deps: DeliveryDeps, due: Due, stopping: AbortSignal): Promise<Outcome | null> {
  const started = performance.now();
  const outcome = (statusCode: number | null, error: string | null): Outcome => ({ statusCode, error, durationMs: Math.round(performance.now() - started) });
  let url: URL;
  try {
    // Checked again at each attempt: the name may resolve elsewhere than when it was saved.
    url = await checkWebhookUrl(due.url, deps.config.webhooksAllowPrivate);
  } catch (e) {
    if (e instanceof UnsafeWebhookUrl) return outcome(null, e.message);
    throw e;
  }
  let secret: string;
  try {
    secret = unseal(deps.dataKey, due.secretSealed);
  } catch {
    // DATA_DIR/secrets/data.key was replaced or lost (a database restored without it).
    return outcome(null, "the signing secret cannot be read with this appliance's data key; rotate the secret");
  }
  const body = bodyOf(due.event);
  const t = Math.floor(deps.clock.now().getTime() / 1000);
  try {
    const res = await fetch(url, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Winnerr-Webhooks/1",
        "Winnerr-Webhook-Id": due.delivery.id,
        "Winnerr-Signature": signatureHeader(secret, t, body),
      },
      // A redirect could point anywhere, including where the address check would refuse to go.
      redirect: "manual",
      signal: AbortSignal.any([AbortSignal.timeout(DELIVERY_TIMEOUT_MS), stopping]),
    });
    await res.body?.cancel().catch(() => undefined); // the answer's body is not kept
    if (res.status >= 300 && res.status < 400) return outcome(res.status, "redirects are not followed");
    return outcome(res.status, null);
  } catch (e) {
    if (stopping.aborted) return null;
    const err = e as Error;
    return outcome(null, err.name === "TimeoutError" ? `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s` : err.message.slice(0, 300));
  }
}

/** Logs the attempt and moves the delivery on: delivered, retried later, or failed for good. */
function record(deps: DeliveryDeps, due: Due, o: Outcome): void {
  const { db, clock } = deps;
  const d = webhookDeliveries;
  const now = clock.now();
  db.writer.transaction(() => {
    const cur = db.write.select().from(d).where(and(eq(d.id, due.delivery.id), eq(d.organizationId, due.delivery.organizationId), eq(d.status, "pending"))).get();
    if (!cur) return; // its subscription was deleted meanwhile
    const n = cur.attempts + 1;
    db.write.insert(webhookAttempts).values({
      id: newUuid(), organizationId: cur.organizationId, deliveryId: cur.id, attempt: n, statusCode: o.statusCode, error: o.error, durationMs: o.durationMs, at: now.toISOString(),
    }).run();
    const ok = o.statusCode !== null && o.statusCode >= 200 && o.statusCode < 300;
    const status = ok ? "succeeded" : n >= MAX_ATTEMPTS ? "failed" : "pending";
    db.write.update(d).set({
      status, attempts: n, lastStatusCode: o.statusCode, lastError: o.error,
      nextAttemptAt: status === "pending" ? new Date(now.getTime() + retryDelayMs(n)).toISOString() : null,
      deliveredAt: ok ? now.toISOString() : null,
    }).where(and(eq(d.id, cur.id), eq(d.organizationId, cur.organizationId))).run();
  }).immediate();
  // Ids and codes only: never the URL (it may carry a token), the body or the secret.
  const fields = { deliveryId: due.delivery.id, subscriptionId: due.delivery.subscriptionId, organizationId: due.delivery.organizationId, statusCode: o.statusCode, attempt: due.delivery.attempts + 1 };
  if (o.error || (o.statusCode ?? 0) >= 300) deps.logger.warn("webhook delivery failed", { ...fields, error: o.error });
  else deps.logger.info("webhook delivered", fields);
}

/**
 * Attempts every due delivery once; returns how many attempts were made. A subscription's
 * deliveries go one at a time, in order, and after a failure the rest wait for the next run: a
 * receiver that is down (each attempt up to the timeout) must not hold up everyone else's.
 */
async function deliverDue(deps: DeliveryDeps, stopping: AbortSignal): Promise<number> {
  const seen = new Set<string>();
  const failing = new Set<string>();
  let made = 0;
  while (!stopping.aborted) {
    const batch = dueDeliveries(deps).filter((x) => !seen.has(x.delivery.id) && !failing.has(x.delivery.subscriptionId));
    if (!batch.length) return made;
    const bySubscription = new Map<string, Due[]>();
    for (const x of batch) {
      seen.add(x.delivery.id);
      bySubscription.set(x.delivery.subscriptionId, [...(bySubscription.get(x.delivery.subscriptionId) ?? []), x]);
    }
    const queue = [...bySubscription.values()];
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        for (const due of group) {
          const o = await attempt(deps, due, stopping);
          if (!o) break; // stopping
          record(deps, due, o);
          made++;
          if (o.error || o.statusCode === null || o.statusCode < 200 || o.statusCode >= 300) {
            failing.add(due.delivery.subscriptionId);
            break;
          }
        }
      }
    }));
  }
  return made;
}

/**
 * Runs deliveries every few seconds and soon after new ones are enqueued. Runs never overlap, so
 * no delivery is sent twice by one process; a delivery interrupted by a crash stays pending and
 * is sent again at the next start (receivers deduplicate on Winnerr-Webhook-Id).
 */
export class WebhookWorker extends SerialRunner {
  constructor(deps: DeliveryDeps) {
    super("webhook delivery", deps.logger, (signal) => deliverDue(deps, signal));
  }

  override start(intervalMs = 5000): void {
    super.start(intervalMs);
  }
}

/** Tests call this instead of waiting for the timer. */
export function runDueDeliveries(ctx: AppContext): Promise<number> {
  return ctx.webhooks.run();
}
