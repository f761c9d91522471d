import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createDeal } from "../../src/modules/deals/service";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";

let app: TestApp;
let a: TestAccount;
let b: TestAccount;
let buyer: string;
let seller: string;
beforeAll(async () => {
  app = await startTestApp();
  a = await ownerOf(app, "Harbour Realty");
  b = await ownerOf(app, "Other Brokerage");
  buyer = (await (await a.api("POST", "/api/people", { firstName: "Jane", lastName: "Smith", email: "jane@example.com" })).json()).person.id;
  seller = (await (await a.api("POST", "/api/people", { firstName: "Bob", lastName: "Jones", email: "bob@example.com" })).json()).person.id;
});
afterAll(() => app.stop());

const address = { street: "88 Harbour St", unit: "2502", city: "Toronto", province: "ON", postalCode: "M5J 0C3" };
const newDeal = async (extra: Record<string, unknown> = {}) => {
  const r = await a.api("POST", "/api/deals", { kind: "purchase", address, amountCents: 89_900_000, parties: [{ personId: buyer, role: "buyer" }, { personId: seller, role: "seller" }], keyDates: { closing: { year: 2026, month: 9, day: 30 } }, ...extra });
  expect(r.status).toBe(201);
  return (await r.json()).deal;
};

describe("deals", () => {
  test("create with parties, the agent defaulting to the creator, and a derived title", async () => {
    const d = await newDeal();
    expect(d.id).toMatch(/^deal_/);
    expect(d).toMatchObject({ kind: "purchase", stage: "lead", amountCents: 89_900_000, agentUserId: a.userId, title: "Purchase: 2502-88 Harbour St, Toronto" });
    expect(d.parties.map((p: { role: string; name: string }) => `${p.role}:${p.name}`).sort()).toEqual(["buyer:Jane Smith", "seller:Bob Jones"]);
  });

  test("parties must be the organization's people, the agent its user, dates real dates", async () => {
    const stranger = (await (await b.api("POST", "/api/people", { firstName: "Stranger" })).json()).person.id;
    const before = (app.ctx.db.reader.query("SELECT count(*) AS n FROM deals").get() as { n: number }).n;
    const r = await a.api("POST", "/api/deals", { kind: "sale", address, parties: [{ personId: stranger, role: "seller" }], agentUserId: b.userId, keyDates: { closing: { year: 2026, month: 2, day: 30 } } });
    expect(r.status).toBe(400);
    const fields = (await r.json()).issues.map((i: { path: string[] }) => i.path.join("."));
    expect(fields.sort()).toEqual(["agentUserId", "keyDates.closing", "parties.0.personId"]);
    expect((app.ctx.db.reader.query("SELECT count(*) AS n FROM deals").get() as { n: number }).n).toBe(before);
    const badKind = await a.api("POST", "/api/deals", { kind: "rental", address });
    expect(badKind.status).toBe(400);
    expect((await badKind.json()).issues[0].message).toContain("kind must be one of");
  });

  test("the service refuses what the page form could send: a bad role, an over-long unit", () => {
    const principal = { kind: "session" as const, userId: a.userId, orgId: a.orgId, role: "owner" };
    let err: any;
    try {
      createDeal(app.ctx, principal, { kind: "sale", address: { ...address, unit: "Lower level, apartment B" }, parties: [{ personId: buyer, role: "x" as never }] });
    } catch (e) {
      err = e;
    }
    expect(err?.status).toBe(400);
    expect(err.fields.map((f: { field: string }) => f.field).sort()).toEqual(["address.unit", "parties.0.role"]);
  });

  test("stage changes keep history and timeline; firm spawns the closing checklist once", async () => {
    const d = await newDeal();
    for (const stage of ["showing", "offer", "conditional", "firm"]) {
      app.clock.advance(60_000);
      const r = await a.api("POST", `/api/deals/${d.id}/stage`, { stage, reason: stage === "firm" ? "financing waived" : undefined });
      expect(r.status).toBe(200);
    }
    await app.ctx.events.idle();
    const hist = (await (await a.api("GET", `/api/deals/${d.id}/history`)).json()).history;
    expect(hist.map((h: { from: string | null; to: string }) => `${h.from}→${h.to}`)).toEqual(["null→lead", "lead→showing", "showing→offer", "offer→conditional", "conditional→firm"]);
    expect(hist.at(-1).reason).toBe("financing waived");

    const detail = await (await a.api("GET", `/api/deals/${d.id}`)).json();
    expect(detail.deal.stage).toBe("firm");
    const titles = detail.tasks.map((t: { title: string }) => t.title);
    expect(titles).toContain("Arrange the key exchange");
    const keys = detail.tasks.find((t: { title: string }) => t.title === "Arrange the key exchange");
    expect(keys.dueDate).toBe("2026-09-30"); // counted from the closing date
    expect(detail.tasks.find((t: { title: string }) => t.title.startsWith("Book the final walk-through")).dueDate).toBe("2026-09-28");

    // moving away and back does not duplicate the checklist
    await a.api("POST", `/api/deals/${d.id}/stage`, { stage: "conditional" });
    await a.api("POST", `/api/deals/${d.id}/stage`, { stage: "firm" });
    await app.ctx.events.idle();
    expect((await (await a.api("GET", `/api/deals/${d.id}`)).json()).tasks).toHaveLength(detail.tasks.length);

    const tl = (await (await a.api("GET", `/api/deals/${d.id}/timeline`)).json()).activities.map((x: { kind: string }) => x.kind);
    expect(tl).toContain("checklist_spawned");
    expect(tl.filter((k: string) => k === "stage_changed")).toHaveLength(6);
  });

  test("checklist tasks can be added and ticked off", async () => {
    const d = await newDeal();
    const add = await a.api("POST", `/api/deals/${d.id}/tasks`, { title: "Order the status certificate", dueDate: "2026-08-15" });
    expect(add.status).toBe(201);
    const task = (await add.json()).tasks[0];
    const done = await a.api("PATCH", `/api/deals/${d.id}/tasks/${task.id}`, { done: true });
    expect((await done.json()).tasks[0]).toMatchObject({ done: true, doneBy: a.userId });
    expect((await a.api("POST", `/api/deals/${d.id}/tasks`, { title: "x", dueDate: "15/08/2026" })).status).toBe(400);
  });

  test("filters: stage, kind, party and text", async () => {
    const lease = await newDeal({ kind: "lease", amountCents: 320_000, address: { street: "1 Lakeshore Blvd", city: "Mississauga", province: "ON" }, parties: [{ personId: buyer, role: "tenant" }] });
    const ids = async (qs: string) => ((await (await a.api("GET", `/api/deals?${qs}`)).json()).deals as { id: string }[]).map((d) => d.id);
    expect(await ids("kind=lease")).toEqual([lease.id]);
    expect(await ids("q=lakeshore")).toEqual([lease.id]);
    expect(await ids(`personId=${seller}`)).not.toContain(lease.id);
    expect(await ids(`personId=${buyer}`)).toContain(lease.id);
    expect((await a.api("GET", "/api/deals?stage=nope")).status).toBe(400);
  });

  test("another organization's deal is a 404", async () => {
    const d = await newDeal();
    expect((await b.api("GET", `/api/deals/${d.id}`)).status).toBe(404);
    expect((await b.api("POST", `/api/deals/${d.id}/stage`, { stage: "lost" })).status).toBe(404);
    expect((await b.api("PATCH", `/api/deals/${d.id}`, { title: "mine" })).status).toBe(404);
    expect((await (await a.api("GET", `/api/deals/${d.id}`)).json()).deal.stage).toBe("lead");
  });
});
