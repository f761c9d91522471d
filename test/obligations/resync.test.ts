// Re-sync: a new version of a document updates the same obligations (matched on the rule's key),
// never duplicates them, supersedes rules that disappeared, and keeps what a broker did by hand:
// done and waived statuses, a moved date, notes.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ManualClock } from "../../src/lib/clock";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { byRule, d, generated, newDeal, regenerated, type Obl } from "./support";

let app: TestApp;
let a: TestAccount;
let dealId: string;
let v1: { id: string; rootId: string };
let before: Record<string, Obl>;
const clock = new ManualClock("2026-06-25T14:00:00.000Z");

const aps = (change: (body: any) => void) => {
  const c = structuredClone(EXAMPLES["on/aps"]) as any;
  change(c.aps);
  return c;
};
const rowsOfChain = () => app.ctx.db.reader.query("SELECT rule_key FROM obligations WHERE root_id = ? ORDER BY rule_key").all(v1.rootId).map((r: any) => r.rule_key);

beforeAll(async () => {
  app = await startTestApp({ clock });
  a = await ownerOf(app);
  dealId = await newDeal(a, "Purchase: 2502-88 Harbour St");
  v1 = await generated(app, a, EXAMPLES["on/aps"], dealId);
  before = await byRule(a, `?dealId=${dealId}`);
});
afterAll(() => app.stop());

test("a broker's changes: done with a note, a moved date, a waiver", async () => {
  expect((await a.api("POST", `/api/obligations/${before["condition:financing"].id}/done`, { note: "Lender's commitment received" })).status).toBe(200);
  expect((await a.api("PATCH", `/api/obligations/${before.closing.id}`, { dueDate: "2026-08-27T14:00:00.000Z", note: "Lawyers agreed a day earlier" })).status).toBe(200);
  expect((await a.api("POST", `/api/obligations/${before["condition:status_certificate"].id}/waive`)).status).toBe(200);
});

test("a new version updates the same rows and keeps the broker's changes", async () => {
  const v2 = await regenerated(app, a, v1.id, aps((b) => {
    b.conditions = [
      { ...b.conditions[0], waiverDeadline: { date: d(2026, 7, 20), time: "18:00" } }, // financing moved
      { key: "inspection", description: "Home inspection satisfactory to the buyer", waiverDeadline: { date: d(2026, 7, 14) } }, // new
    ]; // status_certificate dropped
    b.completionDate = d(2026, 9, 1);
  }));
  const after = await byRule(a, `?dealId=${dealId}`);
  expect(rowsOfChain()).toEqual(["closing", "condition:financing", "condition:inspection", "condition:status_certificate", "deposit", "irrevocable"]);
  for (const key of Object.keys(before)) expect(after[key].id).toBe(before[key].id);
  // Rules the new version has now point at it; the dropped one keeps the version it came from.
  for (const o of Object.values(after)) expect(o.documentId).toBe(o.ruleKey === "condition:status_certificate" ? v1.id : v2);

  // Done stays done (its date follows the document: nobody moved it); the note is kept.
  expect(after["condition:financing"]).toMatchObject({ status: "done", note: "Lender's commitment received", dueDate: "2026-07-20T22:00:00.000Z", doneBy: a.userId });
  // A moved date wins over the new completion date.
  expect(after.closing).toMatchObject({ status: "open", dueDate: "2026-08-27T14:00:00.000Z", dueDateOverridden: true, note: "Lawyers agreed a day earlier" });
  // Dropped from the document, but waived by a broker: it stays waived.
  expect(after["condition:status_certificate"].status).toBe("waived");
  expect(after["condition:inspection"]).toMatchObject({ status: "open", dueDate: "2026-07-14T21:00:00.000Z", type: "condition_waiver" });
  expect(after.irrevocable).toMatchObject({ status: "open", dueDate: before.irrevocable.dueDate, updatedAt: expect.any(String) });

  const t = await (await a.api("GET", `/api/deals/${dealId}/timeline`)).json();
  const synced = t.activities.filter((x: { kind: string }) => x.kind === "obligations_synced").map((x: { body: string }) => x.body);
  expect(synced[0]).toContain("(version 2): 1 created, 1 updated");
});

test("a rule that disappears is superseded; when it comes back the same row reopens", async () => {
  const v3 = await regenerated(app, a, v1.id, aps((b) => {
    b.conditions = [{ ...b.conditions[0], waiverDeadline: { date: d(2026, 7, 20), time: "18:00" } }];
    b.completionDate = d(2026, 9, 1);
  }));
  let o = await byRule(a, `?dealId=${dealId}`);
  expect(o["condition:inspection"].status).toBe("superseded");
  expect(o["condition:inspection"].urgency).toBeNull();
  expect(o["condition:status_certificate"].status).toBe("waived");
  expect((await a.api("GET", "/api/documents/obligations")).status).toBe(200);
  expect((await (await a.api("GET", "/api/documents/obligations?withinDays=365")).json()).obligations.map((x: { id: string }) => x.id)).not.toContain(o["condition:inspection"].id);
  const inspectionId = o["condition:inspection"].id;

  await regenerated(app, a, v3, aps((b) => {
    b.conditions[1] = { key: "inspection", description: "Home inspection satisfactory to the buyer", waiverDeadline: { date: d(2026, 7, 16) } };
    b.completionDate = d(2026, 9, 1);
  }));
  o = await byRule(a, `?dealId=${dealId}`);
  expect(o["condition:inspection"]).toMatchObject({ id: inspectionId, status: "open", dueDate: "2026-07-16T21:00:00.000Z" });
  expect(rowsOfChain()).toHaveLength(6);
});

test("a draft version changes nothing; clearing the moved date returns to the document's", async () => {
  const snapshot = JSON.stringify(await byRule(a, `?dealId=${dealId}`));
  const latest = (await byRule(a, `?dealId=${dealId}`)).closing.documentId;
  const draft = await a.api("POST", `/api/documents/${latest}/versions`, { canonical: aps((b) => { b.completionDate = d(2026, 9, 4); }) });
  expect(draft.status).toBe(201);
  await app.ctx.events.idle();
  expect(JSON.stringify(await byRule(a, `?dealId=${dealId}`))).toBe(snapshot);

  const r = await a.api("PATCH", `/api/obligations/${before.closing.id}`, { dueDate: null });
  expect(r.status).toBe(200);
  expect(await r.json()).toMatchObject({ dueDate: "2026-09-01T21:00:00.000Z", dueDateOverridden: false, note: "Lawyers agreed a day earlier" });
});

test("syncing twice is a no-op", async () => {
  const { syncDocument } = await import("../../src/modules/obligations/service");
  const latest = (await byRule(a, `?dealId=${dealId}`)).closing.documentId;
  expect(syncDocument(app.ctx, a.orgId, latest)).toEqual({ documentId: latest, created: [], updated: [], superseded: [] });
  expect(rowsOfChain()).toHaveLength(6);
});
