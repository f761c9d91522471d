// GET /api/documents/obligations as the spec has it (withinDays bounds and default, urgency at its
// boundaries with a moved clock, soonest first), the additional routes (done, waive, reopen, moved
// dates, the list), organization isolation, and settings.dueSoonDays.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DAY, ManualClock } from "../../src/lib/clock";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { byRule, generated, newDeal, upcoming, type Obl } from "./support";

let app: TestApp;
let a: TestAccount;
let b: TestAccount;
let dealId: string;
let o: Record<string, Obl>;
const clock = new ManualClock("2026-06-25T14:00:00.000Z");
const CLOSING = Date.parse("2026-08-28T21:00:00.000Z");

beforeAll(async () => {
  app = await startTestApp({ clock });
  a = await ownerOf(app, "Harbour Realty");
  b = await ownerOf(app, "Other Brokerage");
  dealId = await newDeal(a, "Purchase: 2502-88 Harbour St");
  await generated(app, a, EXAMPLES["on/aps"], dealId);
  o = await byRule(a);
});
afterAll(() => app.stop());

/** Moves the clock and signs in again (access tokens live 15 minutes). */
async function at(ms: number) {
  clock.set(ms);
  await a.signIn();
}
const closingUrgency = async (withinDays = 365) => (await upcoming(a, withinDays)).find((x) => x.id === o.closing.id)?.urgency;

describe("withinDays", () => {
  test.each(["0", "366", "abc", "1.5", "-3", "", "30x"])("withinDays=%p is a 400 in the app family's shape", async (v) => {
    const r = await a.api("GET", `/api/documents/obligations?withinDays=${v}`);
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: "validation_failed", message: "Validation failed", issues: [{ path: ["withinDays"], message: "withinDays must be a whole number from 1 to 365" }] });
  });

  test("1 and 365 are accepted; the default is 30 days, inclusive", async () => {
    for (const v of ["1", "365"]) expect((await a.api("GET", `/api/documents/obligations?withinDays=${v}`)).status).toBe(200);
    await at(CLOSING - 30 * DAY);
    expect((await upcoming(a)).map((x) => x.id)).toContain(o.closing.id);
    expect((await upcoming(a, 30)).map((x) => x.id)).toContain(o.closing.id);
    await at(CLOSING - 30 * DAY - 1);
    expect((await upcoming(a)).map((x) => x.id)).not.toContain(o.closing.id);
    expect((await upcoming(a, 31)).map((x) => x.id)).toContain(o.closing.id);
  });

  test("the answer has exactly the spec's fields, soonest first, overdue included", async () => {
    await at(Date.parse("2026-07-16T12:00:00.000Z")); // after the status certificate's waiver, before financing's
    const list = await upcoming(a, 365);
    expect(list.map((x) => x.dueDate)).toEqual([...list.map((x) => x.dueDate)].sort());
    expect(list[0]).toEqual({
      id: o.irrevocable.id, documentId: o.irrevocable.documentId, dealId, type: "expiry", description: "Offer irrevocable until",
      dueDate: "2026-07-11T03:59:00.000Z", amountCents: null, urgency: "overdue",
    });
    expect(list.map((x) => [x.type, x.urgency])).toEqual([["expiry", "overdue"], ["condition_waiver", "overdue"], ["condition_waiver", "due_soon"], ["closing", "pending"]]);
  });
});

describe("urgency at its boundaries", () => {
  test.each([
    ["exactly 7 days before", "due_soon", -7 * DAY],
    ["7 days and 1 ms before", "pending", -7 * DAY - 1],
    ["at the due instant", "due_soon", 0],
    ["1 ms after", "overdue", 1],
  ])("%s: %s", async (_label, urgency, offset) => {
    await at(CLOSING + (offset as number));
    expect(await closingUrgency()).toBe(urgency as string);
    expect((await (await a.api("GET", `/api/obligations/${o.closing.id}`)).json()).urgency).toBe(urgency as string);
  });

  test("settings.dueSoonDays changes the window (1 to 60)", async () => {
    await at(CLOSING - 7 * DAY);
    for (const bad of [0, 61, 2.5, "7", null]) {
      const r = await a.api("PATCH", "/api/v1/customers/me", { settings: { dueSoonDays: bad } });
      expect(r.status).toBe(400);
      expect(JSON.stringify(await r.json())).toContain("dueSoonDays must be a whole number of days from 1 to 60");
    }
    expect((await a.api("PATCH", "/api/v1/customers/me", { settings: { dueSoonDays: 3 } })).status).toBe(200);
    expect(await closingUrgency()).toBe("pending");
    await at(CLOSING - 3 * DAY);
    expect(await closingUrgency()).toBe("due_soon");
    expect((await a.api("PATCH", "/api/v1/customers/me", { settings: {} })).status).toBe(200);
  });
});

describe("done, waive, reopen, move", () => {
  test("done records who and when, takes it off the upcoming list, and goes on the deal's timeline", async () => {
    await at(Date.parse("2026-07-01T14:00:00.000Z"));
    const r = await a.api("POST", `/api/obligations/${o["condition:financing"].id}/done`, { note: "Commitment letter on file" });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: "done", doneBy: a.userId, doneAt: "2026-07-01T14:00:00.000Z", note: "Commitment letter on file", urgency: null });
    expect((await upcoming(a, 365)).map((x) => x.id)).not.toContain(o["condition:financing"].id);

    const again = await a.api("POST", `/api/obligations/${o["condition:financing"].id}/waive`);
    expect(again.status).toBe(409);
    expect((await again.json()).error).toBe("obligation_not_open");

    const reopened = await a.api("POST", `/api/obligations/${o["condition:financing"].id}/reopen`);
    expect(await reopened.json()).toMatchObject({ status: "open", doneAt: null, doneBy: null, note: "Commitment letter on file", urgency: "pending" });
    expect((await upcoming(a, 365)).map((x) => x.id)).toContain(o["condition:financing"].id);
    expect((await a.api("POST", `/api/obligations/${o["condition:financing"].id}/reopen`)).status).toBe(409);

    const waived = await a.api("POST", `/api/obligations/${o["condition:financing"].id}/waive`, {});
    expect(await waived.json()).toMatchObject({ status: "waived", doneBy: a.userId });
    const t = await (await a.api("GET", `/api/deals/${dealId}/timeline`)).json();
    const kinds = t.activities.map((x: { kind: string }) => x.kind);
    for (const k of ["obligation_done", "obligation_reopened", "obligation_waived"]) expect(kinds).toContain(k);
    expect(t.activities.find((x: { kind: string }) => x.kind === "obligation_done").body).toBe("Done (Commitment letter on file): Waive or fulfil: Buyer arranging a first mortgage satisfactory to the buyer");
  });

  test("a moved date must be an ISO instant; it is normalized to UTC", async () => {
    for (const bad of ["tomorrow", "2026-07-01", "2026-13-01T00:00:00Z"]) {
      const r = await a.api("PATCH", `/api/obligations/${o.closing.id}`, { dueDate: bad });
      expect(r.status).toBe(400);
      expect((await r.json()).issues[0].path).toEqual(["dueDate"]);
    }
    const r = await a.api("PATCH", `/api/obligations/${o.closing.id}`, { dueDate: "2026-08-27T10:00:00-04:00" });
    expect(await r.json()).toMatchObject({ dueDate: "2026-08-27T14:00:00.000Z", dueDateOverridden: true });
  });

  test("the list filters by status, deal and type", async () => {
    const open = (await (await a.api("GET", `/api/obligations?status=open&dealId=${dealId}`)).json()).obligations;
    expect(open.map((x: Obl) => x.ruleKey).sort()).toEqual(["closing", "condition:status_certificate", "deposit", "irrevocable"]);
    expect(open.at(-1).ruleKey).toBe("deposit"); // undated last
    const waived = (await (await a.api("GET", "/api/obligations?status=waived&type=condition_waiver")).json()).obligations;
    expect(waived.map((x: Obl) => x.ruleKey)).toEqual(["condition:financing"]);
    expect((await a.api("GET", "/api/obligations?status=finished")).status).toBe(400);
  });
});

describe("isolation and auth", () => {
  test("another organization's obligation is a 404 everywhere, and its lists are empty", async () => {
    await b.signIn();
    const id = o.closing.id;
    for (const [method, path, body] of [
      ["GET", `/api/obligations/${id}`], ["POST", `/api/obligations/${id}/done`], ["POST", `/api/obligations/${id}/waive`],
      ["POST", `/api/obligations/${id}/reopen`], ["PATCH", `/api/obligations/${id}`, { note: "x" }],
    ] as [string, string, unknown?][]) {
      const r = await b.api(method, path, body);
      expect(r.status).toBe(404);
      expect(await r.json()).toEqual({ error: "not_found", message: `Obligation ${id} not found` });
    }
    expect(await upcoming(b, 365)).toEqual([]);
    expect((await (await b.api("GET", "/api/obligations")).json()).obligations).toEqual([]);
    expect((await byRule(a)).closing.note).toBeNull();
  });

  test("no credential: 401 { error: 'Unauthorized' }", async () => {
    const r = await app.fetch("/api/documents/obligations");
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ error: "Unauthorized" });
  });
});

test("the OpenAPI document lists the spec's route and the additions under Obligations, with JSON error shapes", async () => {
  const spec = await (await app.fetch("/openapi.json")).json();
  const ops: [string, string][] = [
    ["/api/documents/obligations", "get"], ["/api/obligations", "get"], ["/api/obligations/{id}", "get"], ["/api/obligations/{id}", "patch"],
    ["/api/obligations/{id}/done", "post"], ["/api/obligations/{id}/waive", "post"], ["/api/obligations/{id}/reopen", "post"],
  ];
  for (const [path, method] of ops) {
    const op = spec.paths[path]?.[method];
    expect(op?.tags, `${method} ${path}`).toEqual(["Obligations"]);
    for (const r of Object.values<any>(op.responses)) expect(r.content["application/json"].schema).toBeDefined();
  }
  expect(spec.tags.map((t: { name: string }) => t.name)).toContain("Obligations");
  expect(spec.paths["/api/documents/obligations"].get.responses["400"]).toBeDefined();
  expect(Object.keys(spec.paths).some((p) => p.startsWith("/calendar") || p.startsWith("/obligations"))).toBe(false);
});
