// POST /api/documents/draft against a real OpenAI-speaking server on loopback, and without one.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ManualClock } from "../../src/lib/clock";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startFakeOpenAI, type FakeOpenAI } from "../support/openai";

const SPEC_PROMPT = "Draft a condo lease for 88 Harbour St unit 2502, $3,200/month, one year from August 1 2026";
const clock = new ManualClock(new Date("2026-06-15T15:00:00Z"));

describe("with an AI gateway", () => {
  let ai: FakeOpenAI;
  let app: TestApp;
  let a: TestAccount;
  beforeAll(async () => {
    ai = startFakeOpenAI();
    app = await startTestApp({ clock, env: { AI_BASE_URL: ai.baseUrl, AI_API_KEY: "sk-test-secret", AI_CHAT_MODEL: "test-model", AI_TIMEOUT_MS: "2000" } });
    a = await ownerOf(app);
  });
  afterAll(async () => {
    await app.stop();
    ai.stop();
  });
  const draft = (prompt = SPEC_PROMPT) => a.api("POST", "/api/documents/draft", { prompt });

  test("success: the model's canonical comes back validated, marked aiDrafted", async () => {
    const canonical = {
      schemaVersion: 1, formKey: "on/condo-lease",
      lease: {
        tenants: [], landlords: [],
        property: { address: { street: "88 Harbour St", city: "Toronto", province: "ON" } },
        term: { commencement: { year: 2026, month: 8, day: 1 } },
        monthlyRent: { cents: 320000 },
      },
    };
    // Models often wrap JSON in a fence with a sentence around it.
    ai.reply("Here is the draft:\n```json\n" + JSON.stringify({ formKey: "on/condo-lease", canonical }) + "\n```");
    const r = await draft();
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ formKey: "on/condo-lease", canonical: { ...canonical, provenance: { aiDrafted: true, drafter: "ai" } } });
    const req = ai.requests.at(-1)!;
    expect(req.path).toBe("/v1/chat/completions");
    expect(req.auth).toBe("Bearer sk-test-secret");
    expect(req.body.model).toBe("test-model");
    expect(req.body.messages[1]).toEqual({ role: "user", content: SPEC_PROMPT });
    // The model is told every pack's schema and today's date in the organization's zone.
    for (const key of Object.keys(EXAMPLES)) expect(req.body.messages[0].content).toContain(key);
    expect(req.body.messages[0].content).toContain("2026-06-15");
    expect(app.rawLogs.join("\n")).not.toContain("sk-test-secret");
  });

  test("a bare canonical (no wrapper) is accepted too", async () => {
    ai.reply(JSON.stringify(EXAMPLES["on/buyer-rep"]));
    const r = await draft("buyer rep for Jane");
    expect(r.status).toBe(200);
    expect((await r.json()).formKey).toBe("on/buyer-rep");
  });

  test("no_json: the model answered prose", async () => {
    ai.reply("I'm sorry, I can't help with leases today.");
    const r = await draft();
    expect(r.status).toBe(422);
    expect(await r.json()).toEqual({ error: "draft_failed", reason: "no_json" });
  });

  test("invalid_draft: issues name each problem by path", async () => {
    ai.reply(JSON.stringify({ canonical: { schemaVersion: 1, lease: {} } }));
    let r = await draft();
    expect(r.status).toBe(422);
    let body = await r.json();
    expect(body.error).toBe("draft_failed");
    expect(body.reason).toBe("invalid_draft");
    expect(body.issues[0].path).toEqual(["formKey"]);

    ai.reply(JSON.stringify({ formKey: "on/condo-lease", canonical: { schemaVersion: 1, formKey: "on/condo-lease", lease: { monthlyRent: { cents: "3200" }, term: { commencement: { year: 2026, month: 13, day: 1 } } } } }));
    r = await draft();
    body = await r.json();
    expect(body.reason).toBe("invalid_draft");
    const paths = body.issues.map((i: { path: string[] }) => i.path.join("."));
    expect(paths).toContain("lease.monthlyRent.cents");
    expect(paths).toContain("lease.term.commencement.month");

    // The pack's own rules run on drafts too: a deposit over one month's rent.
    const over = structuredClone(EXAMPLES["on/condo-lease"]) as any;
    over.lease.rentDeposit.cents = 999_999;
    ai.reply(JSON.stringify(over));
    body = await (await draft()).json();
    expect(body.issues).toEqual([{ message: expect.stringContaining("one month"), path: ["lease", "rentDeposit", "cents"] }]);
  });

  test("error: the gateway fails or times out", async () => {
    ai.reply({ status: 503 });
    let r = await draft();
    expect(r.status).toBe(422);
    expect(await r.json()).toEqual({ error: "draft_failed", reason: "error" });
    ai.reply({ status: 200, body: "not json" });
    expect(await (await draft()).json()).toEqual({ error: "draft_failed", reason: "error" });
  });

  test("bad input is a 400 in the app family's shape; no auth is a 401", async () => {
    const r = await a.api("POST", "/api/documents/draft", { prompt: "" });
    expect(r.status).toBe(400);
    expect((await r.json()).error).toBe("validation_failed");
    expect((await app.fetch("/api/documents/draft", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ prompt: "x" }) })).status).toBe(401);
  });
});

test("error: the gateway is down (nothing listening)", async () => {
  const down = startFakeOpenAI();
  const baseUrl = down.baseUrl;
  down.stop();
  const app = await startTestApp({ env: { AI_BASE_URL: baseUrl, AI_CHAT_MODEL: "m" } });
  try {
    const a = await ownerOf(app);
    const r = await a.api("POST", "/api/documents/draft", { prompt: SPEC_PROMPT });
    expect(r.status).toBe(422);
    expect(await r.json()).toEqual({ error: "draft_failed", reason: "error" });
  } finally {
    await app.stop();
  }
});

test("without a gateway the rule-based drafter answers the spec's prompt, marking inferred fields", async () => {
  const app = await startTestApp({ clock });
  try {
    const a = await ownerOf(app);
    const r = await a.api("POST", "/api/documents/draft", { prompt: SPEC_PROMPT });
    expect(r.status).toBe(200);
    const { formKey, canonical } = await r.json();
    expect(formKey).toBe("on/condo-lease");
    expect(canonical.lease.property.address).toMatchObject({ street: "88 Harbour St", city: "Toronto", province: "ON" });
    expect(canonical.lease.term.commencement).toEqual({ year: 2026, month: 8, day: 1 });
    expect(canonical.lease.monthlyRent).toEqual({ cents: 320000 });
    expect(canonical.provenance).toMatchObject({ aiDrafted: true, drafter: "rules" });
    expect(canonical.provenance.inferred).toContain("lease.monthlyRent");
    // The draft is a valid canonical: it can become a DRAFT document as it is.
    expect((await a.api("POST", "/api/documents", { canonical })).status).toBe(201);
  } finally {
    await app.stop();
  }
});
