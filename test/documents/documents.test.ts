import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { getDocument as getDocumentText } from "pdfjs-dist/legacy/build/pdf.mjs";
import { ManualClock } from "../../src/lib/clock";
import { sha256Hex } from "../../src/lib/crypto";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";

let app: TestApp;
let a: TestAccount;
let b: TestAccount;
let dealId: string;
let personId: string;
const clock = new ManualClock(new Date("2026-06-15T15:00:00Z"));

beforeAll(async () => {
  app = await startTestApp({ clock, env: { DOCUMENTS_INCLUDED_PER_MONTH: "15" } });
  a = await ownerOf(app, "Harbour Realty");
  b = await ownerOf(app, "Other Brokerage");
  personId = (await (await a.api("POST", "/api/people", { firstName: "Jane", lastName: "Smith", email: "jane@example.com" })).json()).person.id;
  const deal = await a.api("POST", "/api/deals", { kind: "lease", address: { street: "88 Harbour St", unit: "2502", city: "Toronto", province: "ON" } });
  dealId = (await deal.json()).deal.id;
});
afterAll(() => app.stop());

const clone = <T>(v: T): T => structuredClone(v);
const count = (table: string) => (app.ctx.db.reader.query(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentText({ data: bytes, useSystemFonts: false }).promise;
  let text = "";
  for (let i = 1; i <= pdf.numPages; i++) text += (await (await pdf.getPage(i)).getTextContent()).items.map((x: any) => x.str).join(" ") + "\n";
  return text;
}

describe("documents", () => {
  let draftId: string;

  test("create a DRAFT from a half-filled canonical, linked to a deal and a person; missing says what generation needs", async () => {
    const canonical = { schemaVersion: 1, formKey: "on/condo-lease", lease: { property: { address: { street: "88 Harbour St", unit: "2502", city: "Toronto", province: "ON" } }, monthlyRent: { cents: 320_000 } } };
    const r = await a.api("POST", "/api/documents", { canonical, dealId, personIds: [personId] });
    expect(r.status).toBe(201);
    const doc = await r.json();
    draftId = doc.id;
    expect(doc).toMatchObject({ formKey: "on/condo-lease", status: "DRAFT", version: 1, rootId: doc.id, parentId: null, dealId, personIds: [personId], pdf: null });
    expect(doc.title).toBe("Residential Lease — Condominium Unit — 2502-88 Harbour St, Toronto");
    expect(doc.missing.map((m: { path: string[] }) => m.path.join("."))).toContain("lease.tenants");
    // Generating a draft that lacks required parts is refused with the same paths and changes nothing.
    const gen = await a.api("POST", `/api/documents/${doc.id}/generate`);
    expect(gen.status).toBe(422);
    const body = await gen.json();
    expect(body.error).toBe("incomplete_document");
    expect(body.issues.map((i: { path: string[] }) => i.path.join("."))).toContain("canonical.lease.term.commencement");
    expect((await (await a.api("GET", "/api/documents/usage")).json()).used).toBe(0);
  });

  test("an invalid canonical is a 400 with path-precise issues and no row", async () => {
    const before = count("documents");
    const bad = clone(EXAMPLES["on/aps"]) as any;
    bad.aps.completionDate = { year: 2026, month: 8, day: 29 }; // a Saturday
    bad.aps.price.cents = "lots";
    let r = await a.api("POST", "/api/documents", { canonical: bad });
    expect(r.status).toBe(400);
    expect((await r.json()).issues).toContainEqual({ path: ["canonical", "aps", "price", "cents"], message: expect.any(String) });
    bad.aps.price.cents = 89_900_000;
    r = await a.api("POST", "/api/documents", { canonical: bad });
    const issues = (await r.json()).issues;
    expect(issues[0].path).toEqual(["canonical", "aps", "completionDate"]);
    expect(issues[0].message).toContain("business day");
    r = await a.api("POST", "/api/documents", { canonical: { schemaVersion: 1, formKey: "on/nope" } });
    expect((await r.json()).issues[0].path).toEqual(["canonical", "formKey"]);
    expect(count("documents")).toBe(before);
  });

  test("links must be the organization's own", async () => {
    const stranger = (await (await b.api("POST", "/api/people", { firstName: "Stranger" })).json()).person.id;
    const r = await a.api("POST", "/api/documents", { canonical: EXAMPLES["on/buyer-rep"], dealId: "deal_nope", personIds: [stranger] });
    expect(r.status).toBe(400);
    expect((await r.json()).issues.map((i: { path: string[] }) => i.path.join(".")).sort()).toEqual(["dealId", "personIds.0"]);
  });

  test("update while DRAFT, generate, download; a generated document is frozen", async () => {
    const full = clone(EXAMPLES["on/condo-lease"]);
    let r = await a.api("PATCH", `/api/documents/${draftId}`, { canonical: full });
    expect(r.status).toBe(200);
    expect((await r.json()).missing).toEqual([]);
    r = await a.api("PATCH", `/api/documents/${draftId}`, { canonical: EXAMPLES["on/aps"] });
    expect(r.status).toBe(400);
    expect((await r.json()).issues[0].path).toEqual(["canonical", "formKey"]);

    expect((await a.api("GET", `/api/documents/${draftId}/pdf`)).status).toBe(409);
    r = await a.api("POST", `/api/documents/${draftId}/generate`);
    expect(r.status).toBe(200);
    const doc = await r.json();
    expect(doc.status).toBe("GENERATED");
    expect(doc.pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.pdf.pages).toBeGreaterThanOrEqual(2);

    const pdf = await a.api("GET", `/api/documents/${draftId}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toStartWith("attachment;");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(sha256Hex(bytes)).toBe(doc.pdf.sha256);
    expect(pdf.headers.get("etag")).toBe(`"${doc.pdf.sha256}"`);
    const text = await pdfText(bytes);
    expect(text).toContain("88 Harbour St");
    expect(text).toContain(draftId);
    expect(text).toContain(doc.pdf.contentSha256);
    expect((await a.api("GET", `/api/documents/${draftId}/pdf?inline=1`)).headers.get("content-disposition")).toStartWith("inline;");

    expect((await a.api("PATCH", `/api/documents/${draftId}`, { title: "x" })).status).toBe(409);
    const again = await a.api("POST", `/api/documents/${draftId}/generate`);
    expect(again.status).toBe(409);
    expect((await again.json()).error).toBe("already_generated");
  });

  test("a new version joins the chain, keeps the links and starts as a DRAFT", async () => {
    const changed = clone(EXAMPLES["on/condo-lease"]) as any;
    changed.lease.monthlyRent.cents = 330_000;
    changed.lease.rentDeposit.cents = 330_000;
    const r = await a.api("POST", `/api/documents/${draftId}/versions`, { canonical: changed });
    expect(r.status).toBe(201);
    const v2 = await r.json();
    expect(v2).toMatchObject({ status: "DRAFT", version: 2, rootId: draftId, parentId: draftId, dealId, personIds: [personId] });
    expect(v2.versions.map((v: { version: number; status: string }) => `${v.version}:${v.status}`)).toEqual(["1:GENERATED", "2:DRAFT"]);
    expect((await a.api("POST", `/api/documents/${v2.id}/generate`)).status).toBe(200);
    // Versioning from an older version still numbers after the newest.
    const v3 = await (await a.api("POST", `/api/documents/${draftId}/versions`)).json();
    expect(v3.version).toBe(3);
  });

  test("the deal's timeline records each step", async () => {
    const t = await (await a.api("GET", `/api/deals/${dealId}/timeline`)).json();
    const kinds = t.activities.map((x: { kind: string }) => x.kind);
    expect(kinds.filter((k: string) => k === "document_generated").length).toBe(2);
    expect(kinds).toContain("document_created");
    expect(kinds).toContain("document_updated");
    expect(kinds.filter((k: string) => k === "document_versioned").length).toBe(2);
    const gen = t.activities.find((x: { kind: string }) => x.kind === "document_generated");
    expect(gen.data.documentId).toMatch(/^doc_/);
  });

  test("list with filters and pagination; another org's documents are 404", async () => {
    const aps = await (await a.api("POST", "/api/documents", { canonical: EXAMPLES["on/aps"] })).json();
    let list = await (await a.api("GET", `/api/documents?dealId=${dealId}`)).json();
    expect(list.documents.length).toBe(3);
    expect(list.documents[0].canonical).toBeUndefined();
    list = await (await a.api("GET", "/api/documents?formKey=on/aps")).json();
    expect(list.documents.map((d: { id: string }) => d.id)).toEqual([aps.id]);
    list = await (await a.api("GET", "/api/documents?status=GENERATED")).json();
    expect(list.documents.length).toBe(2);
    list = await (await a.api("GET", `/api/documents?personId=${personId}`)).json();
    expect(list.documents.length).toBe(3);
    list = await (await a.api("GET", "/api/documents?limit=1&page=2")).json();
    expect(list.pagination).toMatchObject({ page: 2, limit: 1, total: 4, totalPages: 4 });
    expect((await a.api("GET", "/api/documents?status=SIGNED")).status).toBe(400);

    for (const [m, p] of [["GET", `/api/documents/${aps.id}`], ["GET", `/api/documents/${draftId}/pdf`], ["PATCH", `/api/documents/${aps.id}`], ["POST", `/api/documents/${aps.id}/generate`], ["POST", `/api/documents/${aps.id}/versions`]] as const) {
      const r = await b.api(m, p, m === "PATCH" ? { title: "mine now" } : undefined);
      expect(r.status).toBe(404);
    }
    expect((await (await b.api("GET", "/api/documents")).json()).documents).toEqual([]);
    expect((await app.fetch("/api/documents")).status).toBe(401);
  });

  test("forms lists each pack with its steps and schema", async () => {
    const forms = (await (await a.api("GET", "/api/documents/forms")).json()).forms;
    expect(forms.map((f: { formKey: string }) => f.formKey).sort()).toEqual(["on/aps", "on/buyer-rep", "on/condo-lease", "on/residential-lease"]);
    expect(forms.find((f: { formKey: string }) => f.formKey === "on/aps").schema.properties.aps).toBeDefined();
  });
});

describe("usage meter", () => {
  test("counts renders in the organization's calendar month, across a month boundary in Toronto time", async () => {
    // Access tokens live 15 minutes: the whole test stays inside one token's life.
    clock.set(new Date("2026-07-01T03:50:00Z")); // 23:50 on June 30 in Toronto
    const acct = await ownerOf(app, "Meter Realty");
    const gen = async () => {
      const d = await (await acct.api("POST", "/api/documents", { canonical: EXAMPLES["on/residential-lease"] })).json();
      expect((await acct.api("POST", `/api/documents/${d.id}/generate`)).status).toBe(200);
    };
    await gen();
    await gen();
    // 03:59 UTC on July 1 is still June 30 in Toronto.
    clock.set(new Date("2026-07-01T03:59:00Z"));
    await gen();
    expect(await (await acct.api("GET", "/api/documents/usage")).json()).toEqual({ used: 3, included: 15, periodLabel: "June 2026" });
    clock.set(new Date("2026-07-01T04:00:30Z"));
    expect(await (await acct.api("GET", "/api/documents/usage")).json()).toEqual({ used: 0, included: 15, periodLabel: "July 2026" });
    await gen();
    expect((await (await acct.api("GET", "/api/documents/usage")).json()).used).toBe(1);
  });

  test("the organization's time zone decides the month; going over the allotment never blocks", async () => {
    clock.set(new Date("2026-08-01T05:00:00Z")); // 22:00 on July 31 in Vancouver
    const acct = await ownerOf(app, "Coast Realty");
    app.ctx.db.writer.query("UPDATE organizations SET settings = json_set(settings, '$.timezone', 'America/Vancouver') WHERE id = ?").run(acct.orgId);
    for (let i = 0; i < 16; i++) {
      const d = await (await acct.api("POST", "/api/documents", { canonical: EXAMPLES["on/buyer-rep"] })).json();
      expect((await acct.api("POST", `/api/documents/${d.id}/generate`)).status).toBe(200);
    }
    expect(await (await acct.api("GET", "/api/documents/usage")).json()).toEqual({ used: 16, included: 15, periodLabel: "July 2026" });
  });

  test("included is null when DOCUMENTS_INCLUDED_PER_MONTH is unset", async () => {
    const other = await startTestApp();
    try {
      const acct = await ownerOf(other);
      expect((await (await acct.api("GET", "/api/documents/usage")).json()).included).toBeNull();
    } finally {
      await other.stop();
    }
  });
});
