// Deliveries to a real receiver on loopback: signed so the receiver can check them with the
// secret shown at creation, retried on schedule when the receiver fails, failed for good after
// the last attempt, never redirected, refused when the address turns private, kept per org.
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "bun:test";
import { DAY, HOUR } from "../../src/lib/clock";
import { MAX_ATTEMPTS, retryDelayMs, runDueDeliveries } from "../../src/modules/webhooks/delivery";
import { listDeliveries } from "../../src/modules/webhooks/service";
import { emit } from "../../src/modules/events/service";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";
import { json, nowSeconds, publish, startReceiver, verifyWinnerrSignature, type Receiver } from "./webhooks-support";

let app: TestApp;
let a: TestAccount;
let b: TestAccount;
const receivers: Receiver[] = [];
beforeAll(async () => {
  app = await startTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE: "1" } });
});
// Fresh accounts each test: tests move the clock by days, past the access tokens' 15 minutes.
beforeEach(async () => {
  a = await ownerOf(app, "Harbour Realty");
  b = await ownerOf(app, "Other Brokerage");
});
afterAll(() => app.stop());
afterEach(() => {
  for (const r of receivers.splice(0)) r.stop();
});

function receiver(status = 200) {
  const r = startReceiver(status);
  receivers.push(r);
  return r;
}

async function subscribe(who: TestAccount, url: string, events: string[] = ["*"]) {
  const r = await json(await who.api("POST", "/api/webhooks", { url, events }));
  expect(r.status).toBe(201);
  return r.body as { webhook: { id: string }; secret: string };
}

/** The delivery log, read through the service: tests here move the clock past any access token's life (the HTTP route is in webhooks-api.test.ts). */
function deliveries(who: TestAccount, id: string) {
  return listDeliveries(app.ctx, who.orgId, id, { page: 1, limit: 25 }).deliveries;
}

test("the retry schedule doubles from 30 s, caps at 6 h, and spans more than 24 h", () => {
  expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
  expect(retryDelayMs(11)).toBe(6 * HOUR);
  let span = 0;
  for (let n = 1; n < MAX_ATTEMPTS; n++) span += retryDelayMs(n);
  // 30 s × (2^10 − 1) for the first ten waits, then 6 h each: about 26.5 h from first to last attempt.
  expect(span).toBeGreaterThan(DAY);
});

test("a receiver verifies the signature with the secret shown at creation", async () => {
  const rx = receiver();
  const { webhook, secret } = await subscribe(a, rx.url, ["PERSON_CREATED"]);
  const eventId = await publish(app, a.orgId, "PERSON_CREATED", { personId: "person_1" });
  await publish(app, a.orgId, "DEAL_CREATED", { dealId: "deal_1" }); // not subscribed

  expect(rx.requests).toHaveLength(1);
  const req = rx.requests[0];
  expect(req.headers.get("content-type")).toBe("application/json");
  expect(req.headers.get("user-agent")).toBe("Winnerr-Webhooks/1");
  expect(JSON.parse(req.body)).toEqual({
    id: eventId, type: "PERSON_CREATED", createdAt: app.clock.now().toISOString(), organizationId: a.orgId, data: { personId: "person_1" },
  });

  const signature = req.headers.get("winnerr-signature");
  expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  expect(verifyWinnerrSignature(secret, signature, req.body, nowSeconds(app))).toBe(true);
  // what a receiver must refuse: another secret, an altered body, a replay six minutes later
  expect(verifyWinnerrSignature(secret.slice(0, -1) + "x", signature, req.body, nowSeconds(app))).toBe(false);
  expect(verifyWinnerrSignature(secret, signature, req.body.replace("person_1", "person_2"), nowSeconds(app))).toBe(false);
  expect(verifyWinnerrSignature(secret, signature, req.body, nowSeconds(app) + 6 * 60)).toBe(false);

  const [d] = deliveries(a, webhook.id);
  expect(req.headers.get("winnerr-webhook-id")).toBe(d.id);
  expect(d).toMatchObject({ eventId, event: "PERSON_CREATED", status: "succeeded", attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null, deliveredAt: app.clock.now().toISOString() });
  expect(d.log).toEqual([{ attempt: 1, statusCode: 200, error: null, durationMs: expect.any(Number), at: app.clock.now().toISOString() }]);
});

test("a failing receiver is retried on schedule, every status code is logged, and after the last attempt the delivery fails", async () => {
  const rx = receiver(500);
  const { webhook } = await subscribe(a, rx.url);
  const started = app.clock.now().getTime();
  await publish(app, a.orgId, "NOTE_ADDED", { activityId: "n1" });
  expect(rx.requests).toHaveLength(1);
  let [d] = deliveries(a, webhook.id);
  expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, nextAttemptAt: new Date(started + 30_000).toISOString() });

  app.clock.advance(29_000); // not due yet
  await runDueDeliveries(app.ctx);
  expect(rx.requests).toHaveLength(1);
  app.clock.advance(1_000);
  await runDueDeliveries(app.ctx);
  expect(rx.requests).toHaveLength(2);
  [d] = deliveries(a, webhook.id);
  expect(d.nextAttemptAt).toBe(new Date(app.clock.now().getTime() + 60_000).toISOString());
  // the same delivery id on every attempt, so the receiver can tell a retry from a new event
  expect(rx.requests[1].headers.get("winnerr-webhook-id")).toBe(rx.requests[0].headers.get("winnerr-webhook-id"));

  for (let n = 2; n < MAX_ATTEMPTS; n++) {
    app.clock.advance(retryDelayMs(n));
    await runDueDeliveries(app.ctx);
    expect(rx.requests).toHaveLength(n + 1);
  }
  expect(app.clock.now().getTime() - started).toBeGreaterThan(DAY);
  [d] = deliveries(a, webhook.id);
  expect(d).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastStatusCode: 500, nextAttemptAt: null, deliveredAt: null });
  expect(d.log.map((x) => [x.attempt, x.statusCode])).toEqual(Array.from({ length: MAX_ATTEMPTS }, (_, i) => [i + 1, 500]));

  app.clock.advance(DAY);
  await runDueDeliveries(app.ctx);
  expect(rx.requests).toHaveLength(MAX_ATTEMPTS); // nothing more after failing
});

test("a receiver that recovers gets the delivery on the next attempt, freshly signed", async () => {
  const rx = receiver(503);
  const { webhook, secret } = await subscribe(a, rx.url, ["DEAL_STAGE_CHANGED"]);
  await publish(app, a.orgId, "DEAL_STAGE_CHANGED", { dealId: "deal_9", from: "offer", to: "firm" });
  rx.status = 204;
  app.clock.advance(30_000);
  await runDueDeliveries(app.ctx);
  expect(rx.requests).toHaveLength(2);
  expect(verifyWinnerrSignature(secret, rx.requests[1].headers.get("winnerr-signature"), rx.requests[1].body, nowSeconds(app))).toBe(true);
  const [d] = deliveries(a, webhook.id);
  expect(d).toMatchObject({ status: "succeeded", attempts: 2, lastStatusCode: 204, deliveredAt: app.clock.now().toISOString() });
  expect(d.log.map((x) => x.statusCode)).toEqual([503, 204]);
});

test("redirects are not followed: they count as a failed attempt", async () => {
  const elsewhere = receiver();
  const rx = receiver(302);
  rx.headers = { Location: elsewhere.url };
  const { webhook } = await subscribe(a, rx.url, ["TASK_COMPLETED"]);
  await publish(app, a.orgId, "TASK_COMPLETED", { dealId: "deal_1", taskId: "task_1" });
  expect(elsewhere.requests).toHaveLength(0);
  const [d] = deliveries(a, webhook.id);
  expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 302, lastError: "redirects are not followed" });
});

test("an address that has turned private since it was saved is refused at delivery time", async () => {
  const rx = receiver();
  const { webhook } = await subscribe(a, rx.url, ["PERSON_DELETED"]);
  // Same effect as a DNS name re-pointed at 127.0.0.1 after saving (DNS rebinding).
  app.ctx.config.webhooksAllowPrivate = false;
  try {
    await publish(app, a.orgId, "PERSON_DELETED", { personId: "person_1" });
  } finally {
    app.ctx.config.webhooksAllowPrivate = true;
  }
  expect(rx.requests).toHaveLength(0);
  const [d] = deliveries(a, webhook.id);
  expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
  expect(d.lastError).toMatch(/private, loopback or link-local address \(127\.0\.0\.1\)/);
});

test("an organization's events reach only its own webhooks", async () => {
  const rxA = receiver();
  const rxB = receiver();
  const { webhook } = await subscribe(a, rxA.url, ["DOCUMENT_SIGNED"]);
  await subscribe(b, rxB.url, ["DOCUMENT_SIGNED"]);
  await publish(app, b.orgId, "DOCUMENT_SIGNED", { documentId: "doc_b" });
  expect(rxA.requests).toHaveLength(0);
  expect(rxB.requests).toHaveLength(1);
  expect(JSON.parse(rxB.requests[0].body).organizationId).toBe(b.orgId);
  expect(deliveries(a, webhook.id)).toHaveLength(0);
});

test("a paused webhook gets no new events, and its pending retries wait until it is resumed", async () => {
  const rx = receiver(500);
  const { webhook } = await subscribe(a, rx.url, ["DEAL_UPDATED"]);
  await publish(app, a.orgId, "DEAL_UPDATED", { dealId: "deal_1", fields: ["price"] });
  expect(rx.requests).toHaveLength(1);
  expect((await a.api("PATCH", `/api/webhooks/${webhook.id}`, { active: false })).status).toBe(200);
  await publish(app, a.orgId, "DEAL_UPDATED", { dealId: "deal_2", fields: ["price"] }); // while paused: not queued
  app.clock.advance(60_000); // the retry is due, but the webhook is paused
  await runDueDeliveries(app.ctx);
  expect(rx.requests).toHaveLength(1);
  expect(deliveries(a, webhook.id)).toHaveLength(1);

  rx.status = 200;
  expect((await a.api("PATCH", `/api/webhooks/${webhook.id}`, { active: true })).status).toBe(200);
  await runDueDeliveries(app.ctx);
  expect(rx.requests).toHaveLength(2);
  expect(JSON.parse(rx.requests[1].body).data.dealId).toBe("deal_1");
  expect((deliveries(a, webhook.id))[0]).toMatchObject({ status: "succeeded", attempts: 2 });
});

test("deliveries go out on their own once the event's transaction commits", async () => {
  const rx = receiver();
  await subscribe(a, rx.url, ["PERSON_UPDATED"]);
  // A real change: PATCH a person, which emits PERSON_UPDATED; no test hook runs the worker.
  const person = (await json(await a.api("POST", "/api/people", { firstName: "Ada" }))).body.person;
  expect((await a.api("PATCH", `/api/people/${person.id}`, { lastName: "Lovelace" })).status).toBe(200);
  const deadline = Date.now() + 5000;
  while (rx.requests.length === 0 && Date.now() < deadline) await Bun.sleep(20);
  expect(rx.requests).toHaveLength(1);
  expect(JSON.parse(rx.requests[0].body)).toMatchObject({ type: "PERSON_UPDATED", data: { personId: person.id } });
});

test("an unreachable receiver is logged with the error and no status code", async () => {
  const gone = receiver();
  gone.stop(); // nothing listens on its port now
  const { webhook } = await subscribe(a, gone.url, ["PERSON_CREATED"]);
  await publish(app, a.orgId, "PERSON_CREATED", { personId: "person_1" });
  const [d] = deliveries(a, webhook.id);
  expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
  expect(d.lastError).toBeTruthy();
  expect(d.log[0]).toMatchObject({ attempt: 1, statusCode: null, error: d.lastError });
});

test("a retry left pending when the appliance stops goes out after the restart, signed with the same secret", async () => {
  const rx = receiver(500);
  const first = await startTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE: "1" } });
  let second: TestApp | undefined;
  try {
    const owner = await ownerOf(first);
    const { secret } = await subscribe(owner, rx.url, ["PERSON_CREATED"]);
    await publish(first, owner.orgId, "PERSON_CREATED", { personId: "person_1" });
    expect(rx.requests).toHaveLength(1);
    await first.stop({ keepData: true });

    rx.status = 200;
    first.clock.advance(60_000);
    // The worker starts with the server and picks up what is due; the data key comes from DATA_DIR/secrets.
    second = await startTestApp({ dataDir: first.dataDir, clock: first.clock, env: { WEBHOOKS_ALLOW_PRIVATE: "1" } });
    const deadline = Date.now() + 5000;
    while (rx.requests.length < 2 && Date.now() < deadline) await Bun.sleep(20);
    expect(rx.requests).toHaveLength(2);
    expect(verifyWinnerrSignature(secret, rx.requests[1].headers.get("winnerr-signature"), rx.requests[1].body, nowSeconds(second))).toBe(true);
  } finally {
    await (second ?? first).stop();
  }
});

test("a failing receiver gets one attempt per run; other organizations' webhooks are not held up", async () => {
  const down = receiver(503);
  const up = receiver();
  const bad = await subscribe(a, down.url, ["PERSON_CREATED"]);
  await subscribe(b, up.url, ["PERSON_CREATED"]);
  // Six events in one commit, then exactly one delivery run (checked before any later run starts).
  app.ctx.db.writer.transaction(() => {
    for (let i = 0; i < 3; i++) {
      emit(app.ctx.db, app.ctx.clock, a.orgId, "PERSON_CREATED", { personId: `person_a${i}` });
      emit(app.ctx.db, app.ctx.clock, b.orgId, "PERSON_CREATED", { personId: `person_b${i}` });
    }
  })();
  app.ctx.events.drain();
  const attempts = await runDueDeliveries(app.ctx);
  expect(attempts).toBe(4);
  expect(down.requests).toHaveLength(1); // the other two wait for the next run
  expect(up.requests).toHaveLength(3);
  const attempted = deliveries(a, bad.webhook.id).filter((d: { attempts: number }) => d.attempts > 0);
  expect(attempted).toHaveLength(1);
  await app.ctx.webhooks.idle();
});
