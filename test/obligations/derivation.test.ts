// Each pack's deadlines become obligations when a document is generated: dates at their time (or
// 17:00, the end of the business day) in the organization's zone, deposits with their amount, and
// the APS deposit "upon acceptance" undated until a real signing completes, then due 24 h later.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { HOUR, ManualClock } from "../../src/lib/clock";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { signThrough, tokenOf } from "../support/signing";
import { startSmtp, type TestSmtp } from "../support/smtp";
import { byRule, generated, newDeal, upcoming } from "./support";

let app: TestApp;
let smtp: TestSmtp;
let a: TestAccount;
const clock = new ManualClock("2026-06-25T14:00:00.000Z");

beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({ clock, env: { SMTP_URL: smtp.url, PUBLIC_URL: "http://winnerr.test", TRUSTED_PROXIES: "127.0.0.1" } });
  a = await ownerOf(app, "Harbour Realty");
});
afterAll(async () => {
  await app.stop();
  await smtp.close();
});

const without = (o: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

describe("APS", () => {
  let dealId: string;
  let doc: { id: string; rootId: string };

  test("a draft has no obligations; generating it derives one per rule, in Toronto time", async () => {
    dealId = await newDeal(a, "Purchase: 2502-88 Harbour St");
    const draft = await (await a.api("POST", "/api/documents", { canonical: EXAMPLES["on/aps"], dealId })).json();
    await app.ctx.events.idle();
    expect(await byRule(a, `?dealId=${dealId}`)).toEqual({});
    expect((await a.api("POST", `/api/documents/${draft.id}/generate`)).status).toBe(200);
    await app.ctx.events.idle();
    doc = { id: draft.id, rootId: draft.rootId };

    const o = await byRule(a, `?dealId=${dealId}`);
    expect(Object.keys(o).sort()).toEqual(["closing", "condition:financing", "condition:status_certificate", "deposit", "irrevocable"]);
    for (const x of Object.values(o)) expect(x).toMatchObject({ documentId: doc.id, rootId: doc.rootId, dealId, status: "open", dueDateOverridden: false, note: null, doneAt: null });
    // Times given in the document are kept; July is EDT (UTC-4).
    expect(without(o["condition:financing"] as never, "id", "documentId", "rootId", "dealId", "createdAt", "updatedAt")).toEqual({
      ruleKey: "condition:financing", type: "condition_waiver", description: "Waive or fulfil: Buyer arranging a first mortgage satisfactory to the buyer",
      dueDate: "2026-07-17T22:00:00.000Z", dueDateOverridden: false, amountCents: null, status: "open", urgency: "pending", note: null, doneAt: null, doneBy: null,
    });
    expect(o["condition:status_certificate"].dueDate).toBe("2026-07-15T22:00:00.000Z");
    expect(o.irrevocable).toMatchObject({ type: "expiry", dueDate: "2026-07-11T03:59:00.000Z" }); // 23:59 on July 10
    // A date without a time: 17:00 local, the end of the business day.
    expect(o.closing).toMatchObject({ type: "closing", description: "Completion (closing)", dueDate: "2026-08-28T21:00:00.000Z" });
    // "Upon acceptance": the amount is known, the date is not until the agreement is signed.
    expect(o.deposit).toMatchObject({ type: "deposit_due", amountCents: 4_000_000, dueDate: null, urgency: null, description: "Deposit due within 24 hours of acceptance" });

    // The spec's list: soonest first; the undated deposit is not on it.
    const listed = await upcoming(a, 365);
    expect(listed.map((x) => x.id)).toEqual([o.irrevocable.id, o["condition:status_certificate"].id, o["condition:financing"].id, o.closing.id]);
    expect(listed.some((x) => x.type === "deposit_due")).toBe(false);
  });

  test("the deal's timeline records the obligations created", async () => {
    const t = await (await a.api("GET", `/api/deals/${dealId}/timeline`)).json();
    const synced = t.activities.filter((x: { kind: string }) => x.kind === "obligations_synced");
    expect(synced).toHaveLength(1);
    expect(synced[0].body).toContain("5 created");
  });

  test("a real signing completes the envelope: the deposit is due 24 hours after completion", async () => {
    const sent = await a.api("POST", `/api/documents/${doc.id}/signature`, {});
    expect(sent.status).toBe(201);
    const { links } = await sent.json();
    for (const l of links) await smtp.waitFor(l.email);
    clock.advance(2 * HOUR);
    for (const l of links) await signThrough(app, smtp, tokenOf(l.url), l.email);
    const completedAt = clock.now().toISOString();
    // Sealing emits DOCUMENT_SIGNED with completedAt; its handler re-syncs the chain.
    await app.ctx.signatures.run();
    await app.ctx.events.idle();
    await a.signIn();
    const o = await byRule(a, `?dealId=${dealId}`);
    expect(o.deposit.dueDate).toBe(new Date(Date.parse(completedAt) + 24 * HOUR).toISOString());
    expect(o.deposit.urgency).toBe("due_soon");
    const listed = await upcoming(a);
    expect(listed[0]).toEqual({
      id: o.deposit.id, documentId: doc.id, dealId, type: "deposit_due", description: "Deposit due within 24 hours of acceptance",
      dueDate: o.deposit.dueDate!, amountCents: 4_000_000, urgency: "due_soon",
    });
  });
});

describe("leases and buyer representation", () => {
  test("a residential lease: renewal at the end of the fixed term, deposit interest on the anniversary", async () => {
    const doc = await generated(app, a, EXAMPLES["on/residential-lease"]);
    const o = await byRule(a);
    const mine = Object.fromEntries(Object.entries(o).filter(([, x]) => x.documentId === doc.id));
    expect(Object.keys(mine).sort()).toEqual(["deposit_interest:2027", "renewal"]);
    expect(mine.renewal).toMatchObject({ type: "renewal", dueDate: "2027-07-31T21:00:00.000Z", dealId: null, amountCents: null });
    expect(mine.renewal.description).toContain("End of the fixed term");
    expect(mine["deposit_interest:2027"]).toMatchObject({ type: "renewal", dueDate: "2027-08-01T21:00:00.000Z", description: "Pay or credit the yearly interest on the rent deposit" });
  });

  test("a condo lease has the same rules", async () => {
    const doc = await generated(app, a, EXAMPLES["on/condo-lease"]);
    const rows = (await (await a.api("GET", "/api/obligations")).json()).obligations.filter((x: { documentId: string }) => x.documentId === doc.id);
    expect(rows.map((x: { ruleKey: string; dueDate: string }) => `${x.ruleKey} ${x.dueDate}`).sort()).toEqual([
      "deposit_interest:2027 2027-08-01T21:00:00.000Z", "renewal 2027-07-31T21:00:00.000Z",
    ]);
  });

  test("buyer representation: the expiry and the end of the holdover period", async () => {
    const doc = await generated(app, a, EXAMPLES["on/buyer-rep"]);
    const rows = (await (await a.api("GET", "/api/obligations")).json()).obligations.filter((x: { documentId: string }) => x.documentId === doc.id);
    expect(rows.map((x: { ruleKey: string; type: string; dueDate: string }) => [x.ruleKey, x.type, x.dueDate])).toEqual([
      ["expiry", "expiry", "2026-08-31T21:00:00.000Z"],
      ["holdover", "expiry", "2026-10-30T21:00:00.000Z"], // 60 days later, still EDT
    ]);
  });

  test("the organization's time zone decides the instant", async () => {
    const patch = await a.api("PATCH", "/api/v1/customers/me", { settings: { timezone: "America/Vancouver" } });
    expect(patch.status).toBe(200);
    const doc = await generated(app, a, EXAMPLES["on/buyer-rep"]);
    const rows = (await (await a.api("GET", "/api/obligations")).json()).obligations.filter((x: { documentId: string }) => x.documentId === doc.id);
    expect(rows.map((x: { dueDate: string }) => x.dueDate)).toEqual(["2026-09-01T00:00:00.000Z", "2026-10-31T00:00:00.000Z"]); // 17:00 PDT
    expect((await a.api("PATCH", "/api/v1/customers/me", { settings: {} })).status).toBe(200);
  });
});
