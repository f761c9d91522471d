// The search box on /documents: a plain GET form (?q=) that htmx turns into live results.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { createOwner } from "../../src/modules/setup/service";
import { htmxReady, openBrowser, pageErrors, signIn, type BrowserSession } from "../support/browser";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, signedIn, type TestAccount } from "../support/accounts";

const EMAIL = "maya@harbour.ca";
const PASSWORD = "a long enough passphrase";
let app: TestApp;
let a: TestAccount;
let cookie: string;
const ids: Record<string, string> = {};

async function create(who: TestAccount, canonical: Record<string, unknown>): Promise<string> {
  const r = await who.api("POST", "/api/documents", { canonical });
  return (await r.json()).id;
}
const page = async (path: string, headers: Record<string, string> = {}) => {
  const r = await app.fetch(path, { headers: { Cookie: cookie, ...headers } });
  expect(r.status).toBe(200);
  return { html: await r.text(), headers: r.headers };
};

beforeAll(async () => {
  app = await startTestApp();
  const user = await createOwner(app.ctx, { email: EMAIL, name: "Maya Patel", password: PASSWORD, companyName: "Harbour Realty", platformAdmin: false });
  a = await signedIn(app, { userId: user.id, orgId: user.organizationId!, email: EMAIL, password: PASSWORD });
  ids.aps = await create(a, EXAMPLES["on/aps"]);
  ids.lease = await create(a, EXAMPLES["on/residential-lease"]);
  ids.other = await create(await ownerOf(app, "Other Brokerage"), EXAMPLES["on/aps"]);
  await app.ctx.events.idle();
  const login = await app.fetch("/login", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email: EMAIL, password: PASSWORD }).toString() });
  cookie = login.headers.getSetCookie().find((c) => c.startsWith("winnerr_session="))!.split(";")[0];
});
afterAll(() => app.stop());

describe("documents page search (session)", () => {
  test("the box is there; without q the page lists every document", async () => {
    const { html } = await page("/documents");
    expect(html).toContain('type="search" name="q"');
    expect(html).toContain('hx-get="/documents" hx-trigger="keyup changed delay:300ms, search" hx-target="#document-results"');
    expect(html).toContain(`href="/documents/${ids.aps}"`);
    expect(html).toContain(`href="/documents/${ids.lease}"`);
    expect(html).not.toContain("search-results");
  });

  test("?q= shows the matching documents with their score, best first; never another organization's", async () => {
    const { html, headers } = await page("/documents?q=Harbour");
    expect(headers.get("vary")).toContain("HX-Target");
    expect(html).toContain("<!doctype html>");
    expect(html).toContain('value="Harbour"');
    const results = html.slice(html.indexOf('id="document-results"'));
    expect(results).toContain("search-results");
    expect(results).toContain(`href="/documents/${ids.aps}"`);
    expect(results).not.toContain(`href="/documents/${ids.lease}"`);
    expect(html).not.toContain(ids.other);
    expect(results).toMatch(/<th>Score<\/th>/);
    expect(results).toMatch(/<meter min="0" max="1" value="0\.\d+"/);
    expect(results).toContain("1 document matches “Harbour”. Matched by keywords.");
  });

  test("htmx asks for the results alone; an empty q gives the list back; no match says so", async () => {
    const hx = { "HX-Request": "true", "HX-Target": "document-results" };
    const fragment = (await page("/documents?q=12%20Elm", hx)).html;
    expect(fragment).not.toContain("<html");
    expect(fragment).toStartWith("<p><small>");
    expect(fragment.match(/data-document-id="([^"]+)"/)![1]).toBe(ids.lease); // the one with both words first
    const list = (await page("/documents?q=", hx)).html;
    expect(list).toStartWith('<table class="documents">');
    expect(list).toContain(`href="/documents/${ids.aps}"`);
    expect((await page("/documents?q=zanzibar", hx)).html).toBe('<p class="search-empty">No documents match “zanzibar”.</p>');
  });

  test("what was typed is shown escaped", async () => {
    const { html } = await page(`/documents?q=${encodeURIComponent('<script>alert(1)</script>"')}`);
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&quot;");
  });
});

describe("documents page search (browser)", () => {
  let b: BrowserSession;
  beforeAll(async () => {
    b = await openBrowser();
  }, 60_000);
  afterAll(() => b?.close());

  test("typing shows live results without leaving the page; clearing brings the list back", async () => {
    const { page: p } = b;
    const errors = pageErrors(p);
    await signIn(p, app.url, EMAIL, PASSWORD);
    await p.goto(app.url + "/documents");
    await htmxReady(p);
    const results = p.locator("#document-results");
    await results.getByRole("link", { name: /Residential Lease/ }).waitFor();
    await p.evaluate(() => ((window as unknown as { marker: number }).marker = 42)); // gone if the page reloads
    const box = p.getByRole("searchbox", { name: "Search documents" });
    await box.pressSequentially("Priya Pat", { delay: 20 });
    await results.locator("table.search-results").waitFor();
    const rows = results.locator("table.search-results tbody tr");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute("data-document-id")).toBe(ids.lease);
    expect(Number(await rows.first().locator(".score").textContent())).toBeGreaterThan(0);
    expect(await p.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await b.screenshot("search-documents-results");
    await p.waitForFunction(() => new URL(location.href).searchParams.get("q") === "Priya Pat"); // pushed into history, not loaded
    await box.fill("");
    await box.press("Backspace"); // a keyup with the box empty
    await results.locator("table.documents:not(.search-results)").waitFor();
    expect(await results.getByRole("link").count()).toBe(2);

    expect(errors).toEqual([]);
    expect(b.external).toEqual([]);
  }, 30_000);
});
