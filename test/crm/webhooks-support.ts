// Shared by the webhook tests: a real receiver on loopback that records what it is sent, the
// verification a receiver does (the same code as README's "Webhooks" snippet), a member account,
// and a way to produce an event and push it through the outbox to the delivery worker.
import { createHmac, timingSafeEqual } from "node:crypto";
import { emit, type EventName } from "../../src/modules/events/service";
import { runDueDeliveries } from "../../src/modules/webhooks/delivery";
import { acceptInvitation } from "../../src/modules/users/service";
import type { TestApp } from "../support/app";
import { signedIn, type TestAccount } from "../support/accounts";

export interface Received {
  path: string;
  headers: Headers;
  body: string;
}

export interface Receiver {
  url: string;
  requests: Received[];
  /** What the receiver answers; change it between deliveries. */
  status: number;
  headers: Record<string, string>;
  stop(): void;
}

export function startReceiver(status = 200): Receiver {
  const r: Receiver = { url: "", requests: [], status, headers: {}, stop: () => server.stop(true) };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      r.requests.push({ path: new URL(req.url).pathname, headers: req.headers, body: await req.text() });
      return new Response("ok", { status: r.status, headers: r.headers });
    },
  });
  r.url = `http://127.0.0.1:${server.port}/hook`;
  return r;
}

/** README's receiver check: recompute the HMAC over "<t>.<raw body>", compare in constant time, refuse a stale t. */
export function verifyWinnerrSignature(secret: string, header: string | null, rawBody: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.split("=", 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 5 * 60) return false; // stale or replayed
  const expected = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const nowSeconds = (app: TestApp) => Math.floor(app.clock.now().getTime() / 1000);

/** Commits an event, runs the outbox handlers (the webhook enqueue among them), then the deliveries. */
export async function publish(app: TestApp, orgId: string, name: EventName, payload: Record<string, unknown> = {}): Promise<string> {
  const id = app.ctx.db.writer.transaction(() => emit(app.ctx.db, app.ctx.clock, orgId, name, payload))();
  app.ctx.events.drain();
  await runDueDeliveries(app.ctx);
  return id;
}

export async function json(res: Response) {
  return { status: res.status, body: await res.json() };
}

/** A member (not admin) of the owner's organization: invited, accepted through the mailed link, signed in. */
export async function memberOf(app: TestApp, owner: TestAccount): Promise<TestAccount> {
  const email = `member-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.ca`;
  const password = "member password 1";
  const invited = await owner.api("POST", "/api/v1/users", { email, name: "Max Member", role: "member" });
  if (invited.status !== 201) throw new Error(`invite gave ${invited.status}`);
  const mail = app.ctx.db.reader.query("SELECT text FROM mail_outbox WHERE to_address = ?").get(email) as { text: string };
  const token = decodeURIComponent(mail.text.match(/\/invite\/(\S+)/)![1]);
  const user = await acceptInvitation(app.ctx, token, { name: "Max Member", password });
  return signedIn(app, { userId: user.id, orgId: owner.orgId, email, password });
}
