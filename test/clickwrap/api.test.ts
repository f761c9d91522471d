// Clickwrap over the app API: publishing by key (idempotent for the same body, a new version for a
// changed one), acceptance evidence newest first and capped at 200, the database refusing to
// change evidence, organization isolation, validation, and the added list/versions/activate routes.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { ManualClock } from "../../src/lib/clock";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";
import { memberOf } from "../crm/webhooks-support";
import { publicCall } from "../support/signing";

let app: TestApp;
let a: TestAccount;
let b: TestAccount;
const clock = new ManualClock(new Date("2026-06-25T14:00:00Z"));

beforeAll(async () => {
  app = await startTestApp({ clock, env: { TRUSTED_PROXIES: "127.0.0.1" } });
  a = await ownerOf(app, "Harbour Realty");
  b = await ownerOf(app, "Other Brokerage");
});
afterAll(() => app.stop());

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

async function publish(body: Record<string, unknown>, account = a) {
  const r = await account.api("POST", "/api/clickwrap", body);
  return { status: r.status, body: await r.json() };
}

const accept = (id: string, body?: unknown) => publicCall(app, "POST", `/api/public/clickwrap/${id}`, body);
const acceptances = async (id: string, account = a) => (await (await account.api("GET", `/api/clickwrap/${id}/acceptances`)).json()).acceptances as { id: string; versionHash: string; subjectRef: string | null; acceptedAt: string }[];
const versionRows = (id: string) => (app.ctx.db.reader.query("SELECT count(*) AS n FROM clickwrap_versions WHERE agreement_id = ?").get(id) as { n: number }).n;

describe("publish", () => {
  test("the same body twice is idempotent: same id and versionHash (the SHA-256 of the body), no new version", async () => {
    const body = "By clicking Accept, you confirm that you received the Buyer Representation Agreement dated June 1, 2026.\n\nÇa va — accents count.";
    const first = await publish({ key: "buyer-rep-acknowledgment", title: "Buyer Representation Acknowledgment", body });
    expect(first.status).toBe(201);
    expect(Object.keys(first.body).sort()).toEqual(["id", "versionHash"]);
    expect(first.body.id).toMatch(/^agr_[0-9a-z]{20}$/);
    expect(first.body.versionHash).toBe(sha256(body));
    const again = await publish({ key: "buyer-rep-acknowledgment", title: "Buyer Representation Acknowledgment", body });
    expect(again).toEqual(first);
    expect(versionRows(first.body.id)).toBe(1);
  });

  test("a title-only change updates the title without a new version", async () => {
    const body = "Title-only change test.";
    const first = await publish({ key: "title-only", title: "Old title", body });
    const second = await publish({ key: "title-only", title: "New title", body });
    expect(second.body).toEqual(first.body);
    expect(versionRows(first.body.id)).toBe(1);
    const listed = (await (await a.api("GET", "/api/clickwrap")).json()).agreements.find((x: { id: string }) => x.id === first.body.id);
    expect(listed).toMatchObject({ title: "New title", version: 1, versionHash: sha256(body) });
    const versions = (await (await a.api("GET", `/api/clickwrap/${first.body.id}/versions`)).json()).versions;
    expect(versions).toEqual([{ version: 1, versionHash: sha256(body), title: "Old title", body, createdAt: clock.now().toISOString() }]);
  });

  test("a changed body is a new version; earlier acceptances keep the hash they accepted, later ones get the new", async () => {
    const v1 = await publish({ key: "privacy-consent", title: "Privacy consent", body: "Version one text." });
    expect((await accept(v1.body.id, { subjectRef: "person_before" })).status).toBe(200);
    clock.advance(1000);
    const v2 = await publish({ key: "privacy-consent", title: "Privacy consent", body: "Version two text." });
    expect(v2.status).toBe(201);
    expect(v2.body.id).toBe(v1.body.id);
    expect(v2.body.versionHash).toBe(sha256("Version two text."));
    expect(v2.body.versionHash).not.toBe(v1.body.versionHash);
    clock.advance(1000);
    expect((await accept(v1.body.id, { subjectRef: "person_after" })).status).toBe(200);

    const list = await acceptances(v1.body.id);
    expect(list.map((x) => [x.subjectRef, x.versionHash])).toEqual([["person_after", v2.body.versionHash], ["person_before", v1.body.versionHash]]);
    const rows = app.ctx.db.reader.query("SELECT subject_ref, version FROM clickwrap_acceptances WHERE agreement_id = ? ORDER BY rowid").all(v1.body.id);
    expect(rows).toEqual([{ subject_ref: "person_before", version: 1 }, { subject_ref: "person_after", version: 2 }]);

    const versions = (await (await a.api("GET", `/api/clickwrap/${v1.body.id}/versions`)).json()).versions;
    expect(versions.map((v: { version: number; versionHash: string; body: string }) => [v.version, v.versionHash, v.body]))
      .toEqual([[2, v2.body.versionHash, "Version two text."], [1, v1.body.versionHash, "Version one text."]]);

    // Back to the first text: a third version whose hash is the first one's.
    const v3 = await publish({ key: "privacy-consent", title: "Privacy consent", body: "Version one text." });
    expect(v3.body).toEqual(v1.body);
    expect(versionRows(v1.body.id)).toBe(3);
  });

  test("validation: 400 in the app family's shape, nothing stored", async () => {
    const before = (app.ctx.db.reader.query("SELECT count(*) AS n FROM clickwrap_agreements").get() as { n: number }).n;
    const cases: [Record<string, unknown>, string][] = [
      [{ key: "Upper-Case", title: "T", body: "B" }, "key"],
      [{ key: "-leading-dash", title: "T", body: "B" }, "key"],
      [{ key: "a".repeat(81), title: "T", body: "B" }, "key"],
      [{ key: "has space", title: "T", body: "B" }, "key"],
      [{ key: "ok", title: "", body: "B" }, "title"],
      [{ key: "ok", title: "x".repeat(201), body: "B" }, "title"],
      [{ key: "ok", title: "T", body: "" }, "body"],
      [{ key: "ok", title: "T", body: "x".repeat(50_001) }, "body"],
      [{ key: "ok", title: "   ", body: "B" }, "title"],
      [{ key: "ok", title: "T", body: "  \n " }, "body"],
      [{ title: "T", body: "B" }, "key"],
    ];
    for (const [input, field] of cases) {
      const r = await publish(input);
      expect({ field, status: r.status }).toEqual({ field, status: 400 });
      expect(r.body.error).toBe("validation_failed");
      expect(r.body.issues.map((i: { path: string[] }) => i.path[0])).toContain(field);
    }
    expect((await publish({ key: "a".repeat(80), title: "x".repeat(200), body: "x".repeat(50_000) })).status).toBe(201);
    expect((await publish({ key: "0.k_e-y", title: "T", body: "B" })).status).toBe(201);
    expect((app.ctx.db.reader.query("SELECT count(*) AS n FROM clickwrap_agreements").get() as { n: number }).n).toBe(before + 2);
  });

  test("keys are per organization; a member can read but not publish", async () => {
    const mine = await publish({ key: "shared-key", title: "Mine", body: "A's text" });
    const theirs = await publish({ key: "shared-key", title: "Theirs", body: "B's text" }, b);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    const member = await memberOf(app, a);
    expect((await member.api("POST", "/api/clickwrap", { key: "x", title: "T", body: "B" })).status).toBe(403);
    expect((await member.api("POST", `/api/clickwrap/${mine.body.id}/deactivate`)).status).toBe(403);
    expect((await member.api("GET", `/api/clickwrap/${mine.body.id}/acceptances`)).status).toBe(200);
    expect((await app.fetch("/api/clickwrap")).status).toBe(401);
    const anonymous = await app.fetch("/api/clickwrap", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ key: "x", title: "T", body: "B" }) });
    expect(await anonymous.json()).toEqual({ error: "Unauthorized" });
  });
});

describe("acceptances", () => {
  test("newest first, at most 200 (205 recorded a second apart)", async () => {
    const { body } = await publish({ key: "many", title: "Many", body: "Accept me many times." });
    for (let i = 0; i < 205; i++) {
      expect((await accept(body.id, { subjectRef: `s${i}` })).status).toBe(200);
      clock.advance(1000);
    }
    const list = await acceptances(body.id);
    expect(list).toHaveLength(200);
    expect(list[0].subjectRef).toBe("s204");
    expect(list[199].subjectRef).toBe("s5");
    for (let i = 1; i < list.length; i++) expect(list[i - 1].acceptedAt > list[i].acceptedAt).toBe(true);
    for (const x of list) expect(Object.keys(x).sort()).toEqual(["acceptedAt", "id", "subjectRef", "versionHash"]);
    expect(list[0].id).toMatch(/^acc_[0-9a-z]{20}$/);
    const agreements = (await (await a.api("GET", "/api/clickwrap")).json()).agreements;
    expect(agreements.find((x: { id: string }) => x.id === body.id).acceptanceCount).toBe(205);
  });

  test("evidence: time from the clock, the client's address and user agent, subjectRef as data", async () => {
    const { body } = await publish({ key: "evidence", title: "Evidence", body: "Evidence text." });
    const ref = `<script>alert("x")</script>'; DROP TABLE people; --`;
    const r = await publicCall(app, "POST", `/api/public/clickwrap/${body.id}`, { subjectRef: ref }, { "X-Forwarded-For": "203.0.113.9", "User-Agent": "Evidence/2.0" });
    expect(await r.json()).toEqual({ accepted: true });
    const row = app.ctx.db.reader.query("SELECT * FROM clickwrap_acceptances WHERE agreement_id = ?").get(body.id) as Record<string, unknown>;
    expect(row).toMatchObject({ subject_ref: ref, ip: "203.0.113.9", user_agent: "Evidence/2.0", accepted_at: clock.now().toISOString(), version: 1, version_hash: body.versionHash });
    // No body at all, and an empty JSON body, are fine: no subject.
    expect((await publicCall(app, "POST", `/api/public/clickwrap/${body.id}`)).status).toBe(200);
    expect((await accept(body.id, {})).status).toBe(200);
    expect((await acceptances(body.id)).filter((x) => x.subjectRef === null)).toHaveLength(2);
  });

  test("the database refuses to change or delete an acceptance", async () => {
    const { body } = await publish({ key: "immutable", title: "Immutable", body: "Cannot be changed." });
    await accept(body.id, { subjectRef: "person_keep" });
    const w = app.ctx.db.writer;
    expect(() => w.query("UPDATE clickwrap_acceptances SET subject_ref = 'forged' WHERE agreement_id = ?").run(body.id)).toThrow(/immutable/);
    expect(() => w.query("UPDATE clickwrap_acceptances SET version_hash = 'x'").run()).toThrow(/immutable/);
    expect(() => w.query("DELETE FROM clickwrap_acceptances WHERE agreement_id = ?").run(body.id)).toThrow(/immutable/);
    expect(() => w.query("DELETE FROM clickwrap_acceptances").run()).toThrow(/immutable/);
    expect((await acceptances(body.id)).map((x) => x.subjectRef)).toEqual(["person_keep"]);
  });

  test("another organization's agreement is a 404, like an unknown one", async () => {
    const { body } = await publish({ key: "isolated", title: "Isolated", body: "Org A only." });
    for (const path of [`/api/clickwrap/${body.id}/acceptances`, `/api/clickwrap/${body.id}/versions`]) {
      const r = await b.api("GET", path);
      expect(r.status).toBe(404);
      expect((await r.json()).error).toBe("not_found");
    }
    expect((await b.api("POST", `/api/clickwrap/${body.id}/deactivate`)).status).toBe(404);
    expect((await b.api("GET", "/api/clickwrap/agr_unknown/acceptances")).status).toBe(404);
    expect((await (await b.api("GET", "/api/clickwrap")).json()).agreements.map((x: { id: string }) => x.id)).not.toContain(body.id);
  });

  test("a subjectRef naming a person of the organization shows on their timeline", async () => {
    const personId: string = (await (await a.api("POST", "/api/people", { firstName: "Jane", lastName: "Buyer", email: "jane.buyer@example.com" })).json()).person.id;
    expect(personId).toMatch(/^person_/);
    const { body } = await publish({ key: "timeline", title: "Timeline consent", body: "Shows on the timeline." });
    await accept(body.id, { subjectRef: personId });
    const rows = app.ctx.db.reader.query("SELECT kind, body FROM activities WHERE person_id = ? AND kind = 'clickwrap_accepted'").all(personId);
    expect(rows).toEqual([{ kind: "clickwrap_accepted", body: 'Accepted "Timeline consent" (version 1)' }]);
    // The same id sent to another organization's agreement does not touch this person.
    const other = await publish({ key: "timeline", title: "Other", body: "Other org." }, b);
    await accept(other.body.id, { subjectRef: personId });
    expect((app.ctx.db.reader.query("SELECT count(*) AS n FROM activities WHERE person_id = ? AND kind = 'clickwrap_accepted'").get(personId) as { n: number }).n).toBe(1);
  });
});

test("deactivate and activate (added routes)", async () => {
  const { body } = await publish({ key: "toggle", title: "Toggle", body: "On and off." });
  const off = await a.api("POST", `/api/clickwrap/${body.id}/deactivate`);
  expect(off.status).toBe(200);
  expect((await off.json()).agreement).toMatchObject({ id: body.id, active: false, version: 1 });
  expect((await publicCall(app, "GET", `/api/public/clickwrap/${body.id}`)).status).toBe(404);
  // Publishing does not switch it back on.
  await publish({ key: "toggle", title: "Toggle", body: "On and off, v2." });
  expect((await publicCall(app, "GET", `/api/public/clickwrap/${body.id}`)).status).toBe(404);
  const on = await a.api("POST", `/api/clickwrap/${body.id}/activate`);
  expect((await on.json()).agreement).toMatchObject({ active: true, version: 2 });
  expect((await publicCall(app, "GET", `/api/public/clickwrap/${body.id}`)).status).toBe(200);
});

test("the OpenAPI document lists the clickwrap routes under the Clickwrap tag", async () => {
  const spec = await (await app.fetch("/openapi.json")).json();
  for (const [path, method] of [
    ["/api/clickwrap", "post"], ["/api/clickwrap", "get"], ["/api/clickwrap/{agreementId}/acceptances", "get"], ["/api/clickwrap/{agreementId}/versions", "get"],
    ["/api/clickwrap/{agreementId}/deactivate", "post"], ["/api/clickwrap/{agreementId}/activate", "post"],
    ["/api/public/clickwrap/{agreementId}", "get"], ["/api/public/clickwrap/{agreementId}", "post"],
  ]) {
    expect(spec.paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(["Clickwrap"]);
  }
  expect(spec.paths["/api/clickwrap"].get.description).toContain("Added to the spec");
});
