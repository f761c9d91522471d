// The public clickwrap endpoints: the exact response shapes, the uniform "gone" for unknown and
// inactive agreements, 409 version_changed, and the per-IP limits (120 reads, 60 acceptances a
// minute; exactly that many are allowed, the next is 429 with Retry-After).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MINUTE, ManualClock } from "../../src/lib/clock";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";
import { publicCall } from "../support/signing";

let app: TestApp;
let a: TestAccount;
let agreement: { id: string; versionHash: string };
const clock = new ManualClock(new Date("2026-06-25T14:00:00Z"));
const BODY = "By clicking Accept, you confirm that you received the RECO Information Guide.";

beforeAll(async () => {
  app = await startTestApp({ clock, env: { TRUSTED_PROXIES: "127.0.0.1" } });
  a = await ownerOf(app);
  agreement = await (await a.api("POST", "/api/clickwrap", { key: "reco-guide", title: "RECO Information Guide", body: BODY })).json();
});
afterAll(() => app.stop());

const from = (ip: string) => ({ "X-Forwarded-For": ip });

test("GET gives exactly the spec's shape", async () => {
  const r = await publicCall(app, "GET", `/api/public/clickwrap/${agreement.id}`);
  expect(r.status).toBe(200);
  expect(await r.json()).toEqual({ agreement: { id: agreement.id, key: "reco-guide", title: "RECO Information Guide", body: BODY, versionHash: agreement.versionHash } });
});

test("POST records an acceptance: { accepted: true }", async () => {
  const r = await publicCall(app, "POST", `/api/public/clickwrap/${agreement.id}`, { subjectRef: "person_def456", versionHash: agreement.versionHash });
  expect(r.status).toBe(200);
  expect(await r.json()).toEqual({ accepted: true });
  // The hash may be sent in capitals.
  expect((await publicCall(app, "POST", `/api/public/clickwrap/${agreement.id}`, { versionHash: agreement.versionHash.toUpperCase() })).status).toBe(200);
});

test("unknown and inactive agreements are the same 404 { state: \"gone\" }", async () => {
  const other = await (await a.api("POST", "/api/clickwrap", { key: "to-retire", title: "Retired", body: "Old text" })).json();
  expect((await a.api("POST", `/api/clickwrap/${other.id}/deactivate`)).status).toBe(200);
  const answers: string[] = [];
  for (const id of ["agr_doesnotexist000000", other.id, "x"]) {
    for (const [method, body] of [["GET", undefined], ["POST", {}], ["POST", { subjectRef: "s" }]] as const) {
      const r = await publicCall(app, method, `/api/public/clickwrap/${id}`, body);
      expect(r.status).toBe(404);
      answers.push(await r.text());
    }
  }
  expect(new Set(answers)).toEqual(new Set(['{"state":"gone"}']));
  expect((app.ctx.db.reader.query("SELECT count(*) AS n FROM clickwrap_acceptances WHERE agreement_id = ?").get(other.id) as { n: number }).n).toBe(0);
});

test("an acceptance of text that is no longer current is refused: 409 version_changed, nothing recorded", async () => {
  const v1 = await (await a.api("POST", "/api/clickwrap", { key: "changing", title: "Changing", body: "First text" })).json();
  const v2 = await (await a.api("POST", "/api/clickwrap", { key: "changing", title: "Changing", body: "Second text" })).json();
  const r = await publicCall(app, "POST", `/api/public/clickwrap/${v1.id}`, { subjectRef: "person_late", versionHash: v1.versionHash });
  expect(r.status).toBe(409);
  const body = await r.json();
  expect(body.error).toBe("version_changed");
  expect(typeof body.message).toBe("string");
  expect((app.ctx.db.reader.query("SELECT count(*) AS n FROM clickwrap_acceptances WHERE agreement_id = ?").get(v1.id) as { n: number }).n).toBe(0);
  expect((await publicCall(app, "POST", `/api/public/clickwrap/${v1.id}`, { versionHash: v2.versionHash })).status).toBe(200);
});

test("bad input: 400 in the app family's shape", async () => {
  for (const body of [{ subjectRef: "x".repeat(201) }, { versionHash: "abc" }, { subjectRef: 5 }]) {
    const r = await publicCall(app, "POST", `/api/public/clickwrap/${agreement.id}`, body);
    expect(r.status).toBe(400);
    expect((await r.json()).error).toBe("validation_failed");
  }
  expect((await publicCall(app, "POST", `/api/public/clickwrap/${agreement.id}`, { subjectRef: "x".repeat(200) })).status).toBe(200);
});

describe("rate limits per client address", () => {
  /** A 429 of the public family: Retry-After in whole seconds, { error, message }. */
  async function expectThrottled(r: Response) {
    expect(r.status).toBe(429);
    const retryAfter = Number(r.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await r.json()).toMatchObject({ error: "rate_limited" });
  }

  test("120 reads a minute are allowed; the 121st is 429; another address is fine; a minute later it is fine again", async () => {
    const path = `/api/public/clickwrap/${agreement.id}`;
    for (let i = 0; i < 120; i++) expect((await publicCall(app, "GET", path, undefined, from("198.18.0.1"))).status).toBe(200);
    await expectThrottled(await publicCall(app, "GET", path, undefined, from("198.18.0.1")));
    // Unknown ids count too: guessing is throttled like reading.
    await expectThrottled(await publicCall(app, "GET", "/api/public/clickwrap/agr_guess", undefined, from("198.18.0.1")));
    expect((await publicCall(app, "GET", path, undefined, from("198.18.0.2"))).status).toBe(200);
    // Reading does not use up the allowance for accepting.
    expect((await publicCall(app, "POST", path, {}, from("198.18.0.1"))).status).toBe(200);
    clock.advance(MINUTE + 1000);
    expect((await publicCall(app, "GET", path, undefined, from("198.18.0.1"))).status).toBe(200);
  });

  test("60 acceptances a minute are allowed; the 61st is 429 and not recorded", async () => {
    const path = `/api/public/clickwrap/${agreement.id}`;
    const count = () => (app.ctx.db.reader.query("SELECT count(*) AS n FROM clickwrap_acceptances WHERE ip = '198.18.1.1'").get() as { n: number }).n;
    for (let i = 0; i < 60; i++) expect((await publicCall(app, "POST", path, { subjectRef: `r${i}` }, from("198.18.1.1"))).status).toBe(200);
    await expectThrottled(await publicCall(app, "POST", path, { subjectRef: "r60" }, from("198.18.1.1")));
    expect(count()).toBe(60);
    expect((await publicCall(app, "POST", path, {}, from("198.18.1.2"))).status).toBe(200);
    // The consent page's form shares the allowance.
    const page = await app.fetch(`/consent/${agreement.id}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...from("198.18.1.1") }, body: "subjectRef=p" });
    expect(page.status).toBe(429);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);
    clock.advance(61_000);
    expect((await publicCall(app, "POST", path, {}, from("198.18.1.1"))).status).toBe(200);
    expect(count()).toBe(61);
  });
});
