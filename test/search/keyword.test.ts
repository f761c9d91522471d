// GET /api/documents/search without an AI gateway: keyword search over FTS5, organization-scoped.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";

let app: TestApp;
let a: TestAccount;
let b: TestAccount;
const ids: Record<string, string> = {};

const clone = <T>(v: T): T => structuredClone(v);

async function create(who: TestAccount, canonical: Record<string, unknown>, generate = true): Promise<string> {
  const r = await who.api("POST", "/api/documents", { canonical });
  expect(r.status).toBe(201);
  const id = (await r.json()).id as string;
  if (generate) expect((await who.api("POST", `/api/documents/${id}/generate`)).status).toBe(200);
  return id;
}

async function search(q: string, who = a, extra = "") {
  const r = await who.api("GET", `/api/documents/search?q=${encodeURIComponent(q)}${extra}`);
  expect(r.status).toBe(200);
  const body = (await r.json()) as { hits: { documentId: string; score: number }[]; mode: string };
  expect(Object.keys(body).sort()).toEqual(["hits", "mode"]);
  for (const h of body.hits) {
    expect(Object.keys(h).sort()).toEqual(["documentId", "score"]);
    expect(h.score).toBeGreaterThanOrEqual(0);
    expect(h.score).toBeLessThanOrEqual(1);
  }
  for (let i = 1; i < body.hits.length; i++) expect(body.hits[i].score).toBeLessThanOrEqual(body.hits[i - 1].score);
  return body;
}
const found = async (q: string, who = a) => (await search(q, who)).hits.map((h) => h.documentId);

beforeAll(async () => {
  app = await startTestApp();
  a = await ownerOf(app, "Harbour Realty");
  b = await ownerOf(app, "Other Brokerage");
  ids.aps = await create(a, EXAMPLES["on/aps"]); // Jane Smith buys 2502-88 Harbour St for $899,000
  const lease = clone(EXAMPLES["on/residential-lease"]) as any; // 12 Elm St, Guelph; Priya Patel lets to Sam Lee
  lease.lease.additionalTerms.push("Tenant may use the harbour view terrace on weekends");
  ids.lease = await create(a, lease);
  ids.condoLease = await create(a, EXAMPLES["on/condo-lease"]); // 2502-88 Harbour St; Priya Patel lets to Sam Lee
  ids.buyerRep = await create(a, EXAMPLES["on/buyer-rep"], false); // a DRAFT: Dana Wu of Northgate Realty
  ids.other = await create(b, EXAMPLES["on/aps"]); // another brokerage, the same deal text
  await app.ctx.events.idle();
});
afterAll(() => app.stop());

describe("keyword search (no AI gateway)", () => {
  test("finds documents by address, party name, email, a value as printed, and the form's title; mode keyword", async () => {
    expect((await found("12 Elm St"))[0]).toBe(ids.lease);
    expect((await found("88 Harbour St")).slice(0, 2).sort()).toEqual([ids.aps, ids.condoLease].sort());
    expect((await found("Priya Patel")).sort()).toEqual([ids.lease, ids.condoLease].sort());
    expect(await found("dana@northgate.example")).toEqual([ids.buyerRep]);
    expect((await found("Bob Jones"))[0]).toBe(ids.aps);
    expect(await found("899,000")).toEqual([ids.aps]);
    expect(await found("$3,200.00")).toContain(ids.condoLease);
    expect((await found("M5J 0C3")).sort()).toEqual([ids.aps, ids.condoLease].sort());
    expect((await found("Buyer Representation Agreement"))[0]).toBe(ids.buyerRep);
    expect((await found("agreement of purchase and sale"))[0]).toBe(ids.aps);
    expect((await found("on/condo-lease"))[0]).toBe(ids.condoLease);
    expect((await search("Harbour")).mode).toBe("keyword");
  });

  test("drafts are searchable, edits re-index them; generating re-indexes without duplicates", async () => {
    expect(await found("Dana Wu")).toEqual([ids.buyerRep]);
    const changed = clone(EXAMPLES["on/buyer-rep"]) as any;
    changed.buyerRep.representative = { name: "Dana Wong", email: "dana.wong@northgate.example" };
    expect((await a.api("PATCH", `/api/documents/${ids.buyerRep}`, { canonical: changed })).status).toBe(200);
    // An edited draft is found by its new text before it is generated.
    await app.ctx.events.idle();
    expect(await found("Dana Wong")).toEqual([ids.buyerRep]);
    expect(await found("Wu")).toEqual([]); // the old name is gone from the index
    expect((await a.api("POST", `/api/documents/${ids.buyerRep}/generate`)).status).toBe(200);
    await app.ctx.events.idle();
    expect(await found("Dana Wong")).toEqual([ids.buyerRep]);
    expect(await found("dana.wong@northgate.example")).toEqual([ids.buyerRep]);
    expect(await found("Northgate")).toEqual([ids.buyerRep]);
  });

  test("a document with more of the query ranks higher", async () => {
    // Harbour is in the title, the street and the form of these two; once, in a clause, in the lease.
    const harbour = await search("harbour");
    expect(harbour.hits.map((h) => h.documentId).sort()).toEqual([ids.aps, ids.condoLease, ids.lease].sort());
    expect(harbour.hits.at(-1)!.documentId).toBe(ids.lease);
    expect(harbour.hits[0].score).toBeGreaterThan(harbour.hits.at(-1)!.score);
    // Every word (Jane Smith and Harbour: the APS) before documents with some of them.
    const jane = await found("Jane Smith Harbour");
    expect(jane[0]).toBe(ids.aps);
    expect(jane).toContain(ids.condoLease);
    expect(jane).toContain(ids.buyerRep);
    // Natural language: stop words do not count against a document.
    expect((await found("the lease for the unit at 12 Elm Street in Guelph"))[0]).toBe(ids.lease);
    // Typing: the last word is a prefix.
    expect((await found("Harbo")).sort()).toEqual([ids.aps, ids.condoLease, ids.lease].sort());
  });

  test("an empty or blank q returns no hits at once", async () => {
    expect(await search("")).toEqual({ hits: [], mode: "keyword" });
    expect(await search("   \t ")).toEqual({ hits: [], mode: "keyword" });
  });

  test("hostile queries are text, never FTS5 syntax: no error", async () => {
    const hostile = ['"', "NEAR(", "*", "title:Harbour", "Harbour OR", "(", ")", "-Harbour", "^Harbour", '"unbalanced', "AND", "NOT Harbour", "{title body}: x",
      "body:*", "a + b", "x'); DROP TABLE documents; --", "NEAR(Harbour Toronto, 2)", "😀", "%00", "\\", "organization_id:*", "Harbour*", "''"];
    for (const q of hostile) await search(q);
    expect(await found("NOT Harbour")).toContain(ids.aps); // NOT is a word here, not an operator
    expect(await found('"')).toEqual([]);
    expect(await found("*")).toEqual([]);
  });

  test("limit: default 10, 1..50; bad values and a missing or overlong q are 400 in the app family's shape", async () => {
    expect((await search("Harbour", a, "&limit=1")).hits).toHaveLength(1);
    for (const bad of ["&limit=0", "&limit=51", "&limit=x", "&limit=2.5"]) {
      const r = await a.api("GET", `/api/documents/search?q=Harbour${bad}`);
      expect(r.status).toBe(400);
      expect((await r.json()).error).toBeString();
    }
    expect((await a.api("GET", "/api/documents/search")).status).toBe(400);
    expect((await a.api("GET", `/api/documents/search?q=${"x".repeat(1001)}`)).status).toBe(400);
    const anon = await app.fetch("/api/documents/search?q=Harbour");
    expect(anon.status).toBe(401);
    expect(await anon.json()).toEqual({ error: "Unauthorized" });
  });

  test("organizations never see each other's documents", async () => {
    for (const q of ["88 Harbour St", "Jane Smith", "899,000", "Agreement of Purchase and Sale", "Harbour", "jane@example.com"]) {
      expect(await found(q)).not.toContain(ids.other);
      expect(await found(q, b)).toEqual([ids.other]);
    }
  });
});
