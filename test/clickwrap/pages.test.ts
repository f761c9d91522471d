// The clickwrap pages over HTTP: the public /consent page (plain form accept, subjectRef passed
// through, the gone page, the text changing under the reader, the framable embed variant with its
// own CSP), the embed script's asset, and /settings/clickwrap as owners and members see it:
// templates, publishing, versions, activation, and the CSV export guarded against formulas.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { assetUrls } from "../../src/http/assets";
import { PAGE_CSP } from "../../src/http/csp";
import { parseCsv } from "../../src/lib/csv";
import { ManualClock } from "../../src/lib/clock";
import { TEMPLATES } from "../../src/modules/clickwrap/templates";
import { startTestApp, type TestApp } from "../support/app";
import { signedIn, type TestAccount } from "../support/accounts";
import { createOwner } from "../../src/modules/setup/service";
import { memberOf } from "../crm/webhooks-support";

let app: TestApp;
let owner: TestAccount;
let ownerCookie: string;
const PASSWORD = "owner password 1";
const clock = new ManualClock(new Date("2026-06-25T14:00:00Z"));
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

async function sessionOf(email: string, password: string): Promise<string> {
  const res = await app.fetch("/login", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email, password }).toString() });
  expect(res.status).toBe(303);
  return res.headers.getSetCookie().find((c) => c.startsWith("winnerr_session="))!.split(";")[0];
}

const form = (data: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "ConsentTest/1.0", ...headers }, body: new URLSearchParams(data).toString(),
});
const get = (path: string, cookie = ownerCookie) => app.fetch(path, { headers: { Cookie: cookie } });
const csrfIn = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];

async function publishApi(key: string, body: string, title = "Agreement") {
  const r = await owner.api("POST", "/api/clickwrap", { key, title, body });
  expect(r.status).toBe(201);
  return (await r.json()) as { id: string; versionHash: string };
}

beforeAll(async () => {
  app = await startTestApp({ clock, env: { TRUSTED_PROXIES: "127.0.0.1", PUBLIC_URL: "https://winnerr.example.ca" } });
  const user = await createOwner(app.ctx, { email: "olive@harbour.ca", name: "Olive Owner", password: PASSWORD, companyName: "Harbour Realty", platformAdmin: false });
  owner = await signedIn(app, { userId: user.id, orgId: user.organizationId!, email: user.email, password: PASSWORD });
  ownerCookie = await sessionOf(user.email, PASSWORD);
});
afterAll(() => app.stop());

describe("/consent/:agreementId", () => {
  test("shows the title and the text, escaped, paragraphs kept, with an Accept form carrying the version and the subjectRef", async () => {
    const body = "First paragraph with <b>markup</b> & \"quotes\".\nSame paragraph, next line.\n\nSecond paragraph.";
    const agr = await publishApi("page-text", body, "Buyer <Acknowledgment>");
    const r = await app.fetch(`/consent/${agr.id}?subjectRef=person_x%22%3E%3Cscript%3E`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toStartWith("text/html");
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.headers.get("content-security-policy")).toBe(PAGE_CSP); // not framable
    const html = await r.text();
    expect(html).toContain("<h1>Buyer &lt;Acknowledgment&gt;</h1>");
    expect(html).toContain("<p>First paragraph with &lt;b&gt;markup&lt;/b&gt; &amp; &quot;quotes&quot;.<br>Same paragraph, next line.</p><p>Second paragraph.</p>");
    expect(html).toContain(`name="versionHash" value="${agr.versionHash}"`);
    expect(html).toContain('name="subjectRef" value="person_x&quot;&gt;&lt;script&gt;"');
    expect(html).not.toContain("<script>");
    expect(html).toContain('name="viewport"');
    // ?ref= works too; without either there is no subject field.
    expect(await (await app.fetch(`/consent/${agr.id}?ref=lead-77`)).text()).toContain('name="subjectRef" value="lead-77"');
    expect(await (await app.fetch(`/consent/${agr.id}`)).text()).not.toContain('name="subjectRef"');
  });

  test("accepting with the form records the acceptance and confirms it with the date and the short hash", async () => {
    const agr = await publishApi("page-accept", "Accept on the page.");
    const page = await (await app.fetch(`/consent/${agr.id}?subjectRef=person_x`)).text();
    const fields = Object.fromEntries([...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    expect(fields).toEqual({ versionHash: agr.versionHash, subjectRef: "person_x" });
    const r = await app.fetch(`/consent/${agr.id}`, form(fields, { "X-Forwarded-For": "203.0.113.50" }));
    expect(r.status).toBe(200);
    const html = await r.text();
    // 14:00 UTC is 10:00 in Toronto (EDT), the brokerage's default time zone.
    expect(html).toContain(`Thank you — accepted on <time datetime="2026-06-25T14:00:00.000Z">June 25, 2026 at 10:00 a.m. EDT</time>, version <code>${agr.versionHash.slice(0, 12)}</code>.`);
    const rows = app.ctx.db.reader.query("SELECT subject_ref, version_hash, ip, user_agent FROM clickwrap_acceptances WHERE agreement_id = ?").all(agr.id);
    expect(rows).toEqual([{ subject_ref: "person_x", version_hash: agr.versionHash, ip: "203.0.113.50", user_agent: "ConsentTest/1.0" }]);
  });

  test("when the text changed after the page was shown: 409, the new text, nothing recorded", async () => {
    const v1 = await publishApi("page-changing", "Old words.");
    await publishApi("page-changing", "New words.");
    const r = await app.fetch(`/consent/${v1.id}`, form({ versionHash: v1.versionHash, subjectRef: "person_y" }));
    expect(r.status).toBe(409);
    const html = await r.text();
    expect(html).toContain("has changed since you opened this page");
    expect(html).toContain("<p>New words.</p>");
    expect(html).toContain(`value="${sha256("New words.")}"`);
    expect(html).toContain('name="subjectRef" value="person_y"');
    expect(app.ctx.db.reader.query("SELECT count(*) AS n FROM clickwrap_acceptances WHERE agreement_id = ?").get(v1.id)).toEqual({ n: 0 });
  });

  test("a link whose reference is over 200 characters: 400 with a message for people, nothing recorded", async () => {
    const agr = await publishApi("page-long-ref", "Long reference.");
    const r = await app.fetch(`/consent/${agr.id}`, form({ versionHash: agr.versionHash, subjectRef: "x".repeat(201) }));
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("reference is too long to record");
    expect(app.ctx.db.reader.query("SELECT count(*) AS n FROM clickwrap_acceptances WHERE agreement_id = ?").get(agr.id)).toEqual({ n: 0 });
  });

  test("unknown and inactive agreements get the same gone page (404)", async () => {
    const agr = await publishApi("page-gone", "Soon gone.");
    await owner.api("POST", `/api/clickwrap/${agr.id}/deactivate`);
    const pages: string[] = [];
    for (const r of [await app.fetch(`/consent/${agr.id}`), await app.fetch("/consent/agr_nope"), await app.fetch(`/consent/${agr.id}`, form({ versionHash: agr.versionHash }))]) {
      expect(r.status).toBe(404);
      pages.push(await r.text());
    }
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain("This agreement is not available");
  });

  test("embed=1: the compact page may be framed by any site (its own CSP); every other page keeps frame-ancestors 'none'", async () => {
    const agr = await publishApi("page-embed", "Embedded words.");
    const r = await app.fetch(`/consent/${agr.id}?subjectRef=lead-1&embed=1`);
    const csp = r.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors *");
    expect(csp).not.toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    const html = await r.text();
    expect(html).toContain("consent-embed");
    expect(html).toContain('name="embed" value="1"');
    expect(html).toContain(`src="${assetUrls.clickwrapEmbed}"`);
    // The confirmation in the frame, and the gone page in the frame, are framable too.
    const accepted = await app.fetch(`/consent/${agr.id}`, form({ versionHash: agr.versionHash, subjectRef: "lead-1", embed: "1" }));
    expect(accepted.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(await accepted.text()).toContain(`data-version-hash="${agr.versionHash}"`);
    expect((await app.fetch("/consent/agr_nope?embed=1")).headers.get("content-security-policy")).toContain("frame-ancestors *");
    for (const [path, cookie] of [[`/consent/${agr.id}`, ""], ["/login", ""], ["/settings/clickwrap", ownerCookie], [`/settings/clickwrap/${agr.id}`, ownerCookie]]) {
      const other = await app.fetch(path, { headers: { Cookie: cookie } });
      expect(other.status, path).toBe(200);
      expect(other.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });

  test("the embed script is served by the appliance at a content-hashed URL", async () => {
    expect(assetUrls.clickwrapEmbed).toMatch(/^\/assets\/clickwrap-embed-[0-9a-f]{12}\.js$/);
    const r = await app.fetch(assetUrls.clickwrapEmbed);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toStartWith("text/javascript");
    expect(r.headers.get("cache-control")).toContain("immutable");
    expect(await r.text()).toContain("data-winnerr-consent");
  });
});

describe("/settings/clickwrap", () => {
  test("an owner starts from a template, edits it, publishes; publishing the same text again changes nothing", async () => {
    const list = await (await get("/settings/clickwrap")).text();
    expect(list).toContain('href="/settings/clickwrap" aria-current="page"');
    for (const t of TEMPLATES) expect(list).toContain(`href="/settings/clickwrap?template=${t.id}#publish"`);

    const prefilled = await (await get("/settings/clickwrap?template=reco-guide")).text();
    const reco = TEMPLATES.find((t) => t.id === "reco-guide")!;
    expect(prefilled).toContain(`value="${reco.key}"`);
    expect(prefilled).toContain("[Brokerage name], through [Agent name], gave me a copy of the RECO Information Guide");

    const csrf = csrfIn(prefilled);
    // A textarea's line breaks arrive as CRLF; the stored text and its hash use LF.
    const edited = reco.body.replaceAll("[Brokerage name]", "Harbour Realty").replaceAll("[Agent name]", "Maya Patel");
    const published = await app.fetch("/settings/clickwrap", form({ _csrf: csrf, key: reco.key, title: reco.title, body: edited.replaceAll("\n", "\r\n") }, { Cookie: ownerCookie }));
    expect(published.status).toBe(303);
    const location = published.headers.get("location")!;
    expect(location).toMatch(/^\/settings\/clickwrap\/agr_[0-9a-z]{20}$/);
    const id = location.split("/").pop()!;
    const detail = await (await app.fetch(location, { headers: { Cookie: `${ownerCookie}; ${published.headers.getSetCookie()[0].split(";")[0]}` } })).text();
    expect(detail).toContain(`Published &quot;${reco.title}&quot; as version 1.`);
    expect(detail).toContain(`value="https://winnerr.example.ca/consent/${id}"`);
    expect(detail).toContain(`&lt;div data-winnerr-consent=&quot;${id}&quot; data-subject-ref=&quot;CLIENT-REFERENCE&quot;&gt;&lt;/div&gt;`);
    expect(detail).toContain(`&lt;script src=&quot;https://winnerr.example.ca${assetUrls.clickwrapEmbed}&quot; async&gt;&lt;/script&gt;`);
    expect(detail).toContain(`href="/settings/clickwrap/${id}/acceptances.csv"`);
    const api = await (await owner.api("GET", `/api/public/clickwrap/${id}`)).json();
    expect(api.agreement.body).toBe(edited);
    expect(api.agreement.versionHash).toBe(sha256(edited));

    const again = await app.fetch("/settings/clickwrap", form({ _csrf: csrf, key: reco.key, title: reco.title, body: edited }, { Cookie: ownerCookie }));
    expect(again.headers.get("location")).toBe(location);
    const flash = Buffer.from(again.headers.getSetCookie()[0].split(";")[0].split("=")[1], "base64url").toString();
    expect(flash).toContain("Nothing changed: the text is the same as version 1.");

    // A new version from the agreement's own page.
    const changed = await app.fetch("/settings/clickwrap", form({ _csrf: csrf, key: reco.key, title: reco.title, body: `${edited}\n\nOne more sentence.` }, { Cookie: ownerCookie }));
    expect(changed.status).toBe(303);
    const v2 = await (await get(location)).text();
    expect(v2).toContain('<details data-version="2">');
    expect(v2).toContain('<details data-version="1">');
    expect(v2).toContain("One more sentence.");
    const listed = await (await get("/settings/clickwrap")).text();
    expect(listed).toContain(`<a href="/settings/clickwrap/${id}">${reco.title}</a>`);
  });

  test("bad input shows the errors beside the fields; nothing is published; CSRF is required", async () => {
    const csrf = csrfIn(await (await get("/settings/clickwrap")).text());
    const before = app.ctx.db.reader.query("SELECT count(*) AS n FROM clickwrap_agreements").get();
    const r = await app.fetch("/settings/clickwrap", form({ _csrf: csrf, key: "Not A Key", title: "", body: "text" }, { Cookie: ownerCookie }));
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('id="f-key-err"');
    expect(html).toContain('id="f-title-err"');
    expect(html).toContain('value="Not A Key"');
    expect((await app.fetch("/settings/clickwrap", form({ key: "no-csrf", title: "T", body: "B" }, { Cookie: ownerCookie }))).status).toBe(403);
    expect(app.ctx.db.reader.query("SELECT count(*) AS n FROM clickwrap_agreements").get()).toEqual(before);
  });

  test("deactivate and activate from the page", async () => {
    const agr = await publishApi("page-toggle", "Toggle me.");
    const csrf = csrfIn(await (await get(`/settings/clickwrap/${agr.id}`)).text());
    const off = await app.fetch(`/settings/clickwrap/${agr.id}/active`, form({ _csrf: csrf, active: "false" }, { Cookie: ownerCookie }));
    expect(off.status).toBe(303);
    expect((await app.fetch(`/consent/${agr.id}`)).status).toBe(404);
    expect(await (await get(`/settings/clickwrap/${agr.id}`)).text()).toContain(">Activate</button>");
    await app.fetch(`/settings/clickwrap/${agr.id}/active`, form({ _csrf: csrf, active: "true" }, { Cookie: ownerCookie }));
    expect((await app.fetch(`/consent/${agr.id}`)).status).toBe(200);
  });

  test("a member sees agreements and evidence but cannot publish or switch them", async () => {
    const agr = await publishApi("page-member", "Members read this.");
    const member = await memberOf(app, owner);
    const cookie = await sessionOf(member.email, "member password 1");
    const list = await (await get("/settings/clickwrap", cookie)).text();
    expect(list).toContain("Only owners and admins can publish");
    expect(list).not.toContain('id="publish-form"');
    const detail = await get(`/settings/clickwrap/${agr.id}`, cookie);
    expect(detail.status).toBe(200);
    const html = await detail.text();
    expect(html).not.toContain(">Deactivate</button>");
    const csrf = csrfIn(html);
    expect((await app.fetch("/settings/clickwrap", form({ _csrf: csrf, key: "member-key", title: "T", body: "B" }, { Cookie: cookie }))).status).toBe(403);
    expect((await app.fetch(`/settings/clickwrap/${agr.id}/active`, form({ _csrf: csrf, active: "false" }, { Cookie: cookie }))).status).toBe(403);
    expect((await get(`/settings/clickwrap/${agr.id}/acceptances.csv`, cookie)).status).toBe(200);
  });

  test("another organization's agreement is not found; signed out goes to sign-in", async () => {
    const other = await createOwner(app.ctx, { email: "bob@other.ca", name: "Bob", password: PASSWORD, companyName: "Other Realty", platformAdmin: false });
    const otherCookie = await sessionOf(other.email, PASSWORD);
    const agr = await publishApi("page-private", "Private to Harbour.");
    expect((await get(`/settings/clickwrap/${agr.id}`, otherCookie)).status).toBe(404);
    expect((await get(`/settings/clickwrap/${agr.id}/acceptances.csv`, otherCookie)).status).toBe(404);
    const csrf = csrfIn(await (await get("/settings/clickwrap", otherCookie)).text());
    expect((await app.fetch(`/settings/clickwrap/${agr.id}/active`, form({ _csrf: csrf, active: "false" }, { Cookie: otherCookie }))).status).toBe(404);
    expect((await app.fetch(`/consent/${agr.id}`)).status).toBe(200);
    const anonymous = await app.fetch("/settings/clickwrap");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toStartWith("/login");
  });

  test("Export CSV: every acceptance, oldest first, with IP and user agent; formulas defused", async () => {
    const agr = await publishApi("csv-export", "Export me.");
    const refs = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-1", "@SUM(A1)", "plain, with \"quotes\"", ""];
    for (const [i, ref] of refs.entries()) {
      clock.advance(1000);
      const r = await app.fetch(`/api/public/clickwrap/${agr.id}`, {
        method: "POST", headers: { "Content-Type": "application/json", "X-Forwarded-For": `203.0.113.${i + 1}`, "User-Agent": i === 0 ? "=cmd|' /C calc'!A0" : "CsvTest/1.0" }, body: JSON.stringify({ subjectRef: ref }),
      });
      expect(r.status).toBe(200);
    }
    await publishApi("csv-export", "Export me, v2.");
    clock.advance(1000);
    await app.fetch(`/api/public/clickwrap/${agr.id}`, { method: "POST", headers: { "X-Forwarded-For": "203.0.113.99" } });

    const r = await get(`/settings/clickwrap/${agr.id}/acceptances.csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("content-disposition")).toBe('attachment; filename="csv-export-acceptances.csv"');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a UTF-8 BOM, for spreadsheets
    const text = new TextDecoder().decode(bytes);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(["id", "agreementKey", "version", "versionHash", "subjectRef", "acceptedAt", "ip", "userAgent"]);
    expect(rows).toHaveLength(1 + refs.length + 1);
    expect(rows.slice(1).map((r) => r[4])).toEqual(["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+1+1", "'-1", "'@SUM(A1)", "plain, with \"quotes\"", "", ""]);
    expect(rows[1][7]).toBe("'=cmd|' /C calc'!A0");
    expect(rows[1]).toMatchObject({ 1: "csv-export", 2: "1", 3: agr.versionHash, 6: "203.0.113.1" });
    expect(rows[1][0]).toMatch(/^acc_/);
    expect(rows[7]).toMatchObject({ 2: "2", 3: sha256("Export me, v2."), 6: "203.0.113.99" });
    const times = rows.slice(1).map((r) => r[5]);
    expect([...times].sort()).toEqual(times);
  });

  test("the export streams in batches and still has every row", async () => {
    const agr = await publishApi("csv-big", "Many rows.");
    const insert = app.ctx.db.writer.query("INSERT INTO clickwrap_acceptances (id, organization_id, agreement_id, version, version_hash, subject_ref, accepted_at) VALUES (?, ?, ?, 1, ?, ?, ?)");
    app.ctx.db.writer.transaction(() => {
      // 2,500 rows, several sharing each millisecond, so the keyset has to break ties.
      for (let i = 0; i < 2500; i++) insert.run(`acc_big${String(i).padStart(16, "0")}`, owner.orgId, agr.id, agr.versionHash, `s${i}`, new Date(Date.UTC(2026, 5, 25, 15, 0, 0, Math.floor(i / 3))).toISOString());
    })();
    const rows = parseCsv(await (await get(`/settings/clickwrap/${agr.id}/acceptances.csv`)).text()).slice(1);
    expect(rows).toHaveLength(2500);
    expect(rows.map((r) => r[4])).toEqual(Array.from({ length: 2500 }, (_, i) => `s${i}`));
  });
});
