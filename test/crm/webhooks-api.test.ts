// /api/webhooks: the secret appears once; subscriptions are the organization's own (another
// org's id is a 404), admins only, validated at the edge; URLs that resolve to private,
// loopback or link-local addresses are refused unless WEBHOOKS_ALLOW_PRIVATE is set.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";
import { json, memberOf, publish, startReceiver } from "./webhooks-support";

const count = (app: TestApp, table: string, orgId: string) =>
  (app.ctx.db.reader.query(`SELECT count(*) AS n FROM ${table} WHERE organization_id = ?`).get(orgId) as { n: number }).n;

describe("with WEBHOOKS_ALLOW_PRIVATE (receivers on loopback)", () => {
  let app: TestApp;
  let a: TestAccount;
  let b: TestAccount;
  const url = "http://127.0.0.1:9/hook"; // nothing is delivered in these tests
  beforeAll(async () => {
    app = await startTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE: "1" } });
    a = await ownerOf(app, "Harbour Realty");
    b = await ownerOf(app, "Other Brokerage");
  });
  afterAll(() => app.stop());

  test("create answers 201 with the secret once; it is stored sealed and never returned again", async () => {
    const r = await json(await a.api("POST", "/api/webhooks", { url, events: ["PERSON_CREATED", "DEAL_STAGE_CHANGED", "PERSON_CREATED"] }));
    expect(r.status).toBe(201);
    const { webhook, secret } = r.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(webhook).toMatchObject({ url, events: ["PERSON_CREATED", "DEAL_STAGE_CHANGED"], active: true, secretLastFour: secret.slice(-4) });
    expect(webhook.id).toMatch(/^wh_[0-9a-z]{20}$/);

    const row = app.ctx.db.reader.query("SELECT * FROM webhook_subscriptions WHERE id = ?").get(webhook.id) as Record<string, string>;
    expect(row.secret_sealed).toStartWith("v1.");
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));

    for (const path of ["/api/webhooks", `/api/webhooks/${webhook.id}`, `/api/webhooks/${webhook.id}/deliveries`]) {
      const res = await a.api("GET", path);
      expect(res.status).toBe(200);
      expect(await res.text()).not.toContain(secret.slice(6));
    }
    expect(app.rawLogs.some((l) => l.includes(secret.slice(6)))).toBe(false);
  });

  test("list shows the organization's subscriptions, newest first", async () => {
    app.clock.advance(1000);
    const mine = (await json(await a.api("POST", "/api/webhooks", { url: `${url}?n=2`, events: ["*"] }))).body.webhook;
    await b.api("POST", "/api/webhooks", { url, events: ["*"] });
    const list = (await json(await a.api("GET", "/api/webhooks"))).body.webhooks;
    expect(list[0]).toEqual(mine);
    expect(list.length).toBe(count(app, "webhook_subscriptions", a.orgId));
    expect(list.every((w: { secret?: string }) => w.secret === undefined)).toBe(true);
  });

  test("bad input is a 400 { error, message } naming the field, and stores nothing", async () => {
    const before = count(app, "webhook_subscriptions", a.orgId);
    const cases: [unknown, string][] = [
      [{ url, events: [] }, "events"],
      [{ url, events: ["PERSON_EXPLODED"] }, "events"],
      [{ url, events: ["*", "PERSON_CREATED"] }, "events"],
      [{ url, events: "PERSON_CREATED" }, "events"],
      [{ url: "ftp://127.0.0.1/x", events: ["*"] }, "url"],
      [{ url: "http://user:pw@127.0.0.1/x", events: ["*"] }, "url"],
      [{ url: "not a url", events: ["*"] }, "url"],
      [{ events: ["*"] }, "url"],
    ];
    for (const [body, field] of cases) {
      const r = await json(await a.api("POST", "/api/webhooks", body));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(typeof r.body.error).toBe("string");
      expect(typeof r.body.message).toBe("string");
      expect(r.body.issues.map((i: { path: string[] }) => i.path[0]), JSON.stringify(body)).toContain(field);
    }
    expect(count(app, "webhook_subscriptions", a.orgId)).toBe(before);
  });

  test("PATCH changes url, events and active; an empty PATCH is a 400", async () => {
    const { webhook } = (await json(await a.api("POST", "/api/webhooks", { url, events: ["*"] }))).body;
    app.clock.advance(1000);
    const r = await json(await a.api("PATCH", `/api/webhooks/${webhook.id}`, { url: `${url}/v2`, events: ["NOTE_ADDED"], active: false }));
    expect(r.status).toBe(200);
    expect(r.body.webhook).toMatchObject({ url: `${url}/v2`, events: ["NOTE_ADDED"], active: false, secretLastFour: webhook.secretLastFour });
    expect(r.body.webhook.updatedAt > webhook.updatedAt).toBe(true);
    expect((await a.api("PATCH", `/api/webhooks/${webhook.id}`, {})).status).toBe(400);
    expect((await a.api("PATCH", `/api/webhooks/${webhook.id}`, { events: ["NOPE"] })).status).toBe(400);
  });

  test("rotating gives a new secret once and retires the old one", async () => {
    const { webhook, secret } = (await json(await a.api("POST", "/api/webhooks", { url, events: ["*"] }))).body;
    const r = await json(await a.api("POST", `/api/webhooks/${webhook.id}/rotate-secret`));
    expect(r.status).toBe(200);
    expect(r.body.secret).toMatch(/^whsec_/);
    expect(r.body.secret).not.toBe(secret);
    expect(r.body.webhook.secretLastFour).toBe(r.body.secret.slice(-4));
    expect(await (await a.api("GET", `/api/webhooks/${webhook.id}`)).text()).not.toContain(r.body.secret.slice(6));
  });

  test("the delivery log over HTTP shows each attempt's status code; delete removes the subscription and its log", async () => {
    const rx = startReceiver(500);
    try {
      const { webhook } = (await json(await a.api("POST", "/api/webhooks", { url: rx.url, events: ["PERSON_CREATED"] }))).body;
      await publish(app, a.orgId, "PERSON_CREATED", { personId: "person_1" });
      const log = await json(await a.api("GET", `/api/webhooks/${webhook.id}/deliveries?status=pending&limit=10`));
      expect(log.status).toBe(200);
      expect(log.body.pagination).toEqual({ page: 1, limit: 10, total: 1, totalPages: 1 });
      expect(log.body.deliveries[0]).toMatchObject({ event: "PERSON_CREATED", status: "pending", attempts: 1, lastStatusCode: 500, log: [{ attempt: 1, statusCode: 500 }] });
      expect((await json(await a.api("GET", `/api/webhooks/${webhook.id}/deliveries?status=succeeded`))).body.deliveries).toEqual([]);
      expect((await a.api("GET", `/api/webhooks/${webhook.id}/deliveries?status=lost`)).status).toBe(400);

      const del = await json(await a.api("DELETE", `/api/webhooks/${webhook.id}`));
      expect(del).toEqual({ status: 200, body: { deleted: true } });
      expect((await a.api("GET", `/api/webhooks/${webhook.id}`)).status).toBe(404);
      const deliveryId = log.body.deliveries[0].id;
      expect(app.ctx.db.reader.query("SELECT (SELECT count(*) FROM webhook_deliveries WHERE id = ?1) + (SELECT count(*) FROM webhook_attempts WHERE delivery_id = ?1) AS n").get(deliveryId)).toEqual({ n: 0 });
    } finally {
      rx.stop();
    }
  });

  test("another organization's webhook id is a 404 everywhere, and it stays unchanged", async () => {
    const theirs = (await json(await b.api("POST", "/api/webhooks", { url, events: ["*"] }))).body.webhook;
    const calls: [string, string, unknown?][] = [
      ["GET", `/api/webhooks/${theirs.id}`],
      ["PATCH", `/api/webhooks/${theirs.id}`, { active: false }],
      ["DELETE", `/api/webhooks/${theirs.id}`],
      ["POST", `/api/webhooks/${theirs.id}/rotate-secret`],
      ["GET", `/api/webhooks/${theirs.id}/deliveries`],
      ["GET", "/api/webhooks/wh_doesnotexist0000000"],
    ];
    for (const [method, path, body] of calls) {
      const r = await json(await a.api(method, path, body));
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error).toBe("not_found");
    }
    expect((await json(await b.api("GET", `/api/webhooks/${theirs.id}`))).body.webhook).toEqual(theirs);
    expect((await json(await a.api("GET", "/api/webhooks"))).body.webhooks.some((w: { id: string }) => w.id === theirs.id)).toBe(false);
  });

  test("members cannot see or manage webhooks (403); no credentials is 401", async () => {
    const member = await memberOf(app, a);
    for (const [method, path, body] of [["GET", "/api/webhooks"], ["POST", "/api/webhooks", { url, events: ["*"] }]] as const) {
      const r = await json(await member.api(method, path, body));
      expect(r.status).toBe(403);
      expect(r.body.error).toBe("forbidden");
    }
    const anon = await app.fetch("/api/webhooks");
    expect(anon.status).toBe(401);
    expect(await anon.json()).toEqual({ error: "Unauthorized" });
  });

  test("the OpenAPI document lists every webhook route under the Webhooks tag", async () => {
    const spec = await (await app.fetch("/openapi.json")).json();
    const ops = Object.entries<Record<string, { tags: string[] }>>(spec.paths)
      .filter(([p]) => p.startsWith("/api/webhooks"))
      .flatMap(([p, item]) => Object.entries(item).map(([m, op]): [string, string[]] => [`${m.toUpperCase()} ${p}`, op.tags]));
    expect(ops.map(([k]) => k).sort()).toEqual([
      "DELETE /api/webhooks/{id}", "GET /api/webhooks/", "GET /api/webhooks/{id}", "GET /api/webhooks/{id}/deliveries",
      "PATCH /api/webhooks/{id}", "POST /api/webhooks/", "POST /api/webhooks/{id}/rotate-secret",
    ].sort());
    for (const [, tags] of ops) expect(tags).toEqual(["Webhooks"]);
  });
});

describe("without WEBHOOKS_ALLOW_PRIVATE (the default)", () => {
  let app: TestApp;
  let a: TestAccount;
  beforeAll(async () => {
    app = await startTestApp();
    a = await ownerOf(app);
  });
  afterAll(() => app.stop());

  test.each(["http://127.0.0.1/hook", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://localhost:3000/", "http://10.0.0.5/"])(
    "creating a webhook for %s is refused with 400 and stores nothing",
    async (target) => {
      const r = await json(await a.api("POST", "/api/webhooks", { url: target, events: ["*"] }));
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: "validation_failed", message: expect.stringMatching(/private, loopback or link-local/) });
      expect(r.body.issues[0].path).toEqual(["url"]);
      expect(count(app, "webhook_subscriptions", a.orgId)).toBe(0);
    },
  );

  test("a saved webhook cannot be pointed at a private address either", async () => {
    // Saved while private addresses were allowed, as an appliance reconfigured later would have it.
    app.ctx.config.webhooksAllowPrivate = true;
    const { webhook } = (await json(await a.api("POST", "/api/webhooks", { url: "http://127.0.0.1:9/x", events: ["*"] }))).body;
    app.ctx.config.webhooksAllowPrivate = false;
    const r = await json(await a.api("PATCH", `/api/webhooks/${webhook.id}`, { url: "http://169.254.169.254/" }));
    expect(r.status).toBe(400);
    expect((await json(await a.api("GET", `/api/webhooks/${webhook.id}`))).body.webhook.url).toBe("http://127.0.0.1:9/x");
  });
});
