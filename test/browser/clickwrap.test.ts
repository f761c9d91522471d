// A broker in real Chromium publishes the RECO Information Guide acknowledgment from the starter
// template, a client accepts it on the public consent page (with a subjectRef from the link), and
// the broker sees the acceptance. Then the embed snippet on a site of the brokerage's own (another
// origin, served by a separate Bun.serve) frames the consent page, and accepting inside the frame
// works, resizes the frame and tells the embedding page.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { assetUrls } from "../../src/http/assets";
import { createOwner } from "../../src/modules/setup/service";
import { openBrowser, pageErrors, signIn, type BrowserSession } from "../support/browser";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
let b: BrowserSession;
let site: ReturnType<typeof Bun.serve>;
let agreementId = "";

beforeAll(async () => {
  app = await startTestApp();
  await createOwner(app.ctx, { email: "maya@harbour.ca", name: "Maya Patel", password: "a long enough passphrase", companyName: "Harbour Realty", platformAdmin: false });
  // The brokerage's own website: another origin, with the snippet the settings page gives.
  site = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: () => new Response(`<!doctype html><html><head><title>Harbour Realty</title></head><body>
<h1>Harbour Realty — before we start</h1>
<div data-winnerr-consent="${agreementId}" data-subject-ref="lead 42/é"></div>
<p id="after">Thanks for reading.</p>
<script>document.addEventListener("winnerr:accepted", function (e) { window.accepted = e.detail; });</script>
<script src="${app.url}${assetUrls.clickwrapEmbed}" async></script>
</body></html>`, { headers: { "Content-Type": "text/html; charset=utf-8" } }),
  });
  b = await openBrowser();
}, 60_000);
afterAll(async () => {
  await b?.close();
  site?.stop(true);
  await app?.stop();
});

test("template → edit → publish → a client accepts on /consent → the broker sees it", async () => {
  const { page } = b;
  const errors = pageErrors(page);
  await signIn(page, app.url, "maya@harbour.ca", "a long enough passphrase");

  await page.goto(app.url + "/settings/clickwrap");
  await page.getByText("No agreements yet.").waitFor();
  await b.screenshot("clickwrap-settings");
  await page.getByRole("button", { name: "Receipt of the RECO Information Guide" }).click();
  const body = page.getByLabel("Text");
  expect(await page.getByLabel("Key").inputValue()).toBe("reco-information-guide");
  expect(await body.inputValue()).toContain("[Brokerage name]");
  const edited = (await body.inputValue()).replaceAll("[Brokerage name]", "Harbour Realty").replaceAll("[Agent name]", "Maya Patel");
  await body.fill(edited);
  await page.getByLabel("Title").fill("I received the RECO Information Guide from Harbour Realty");
  await page.getByRole("button", { name: "Publish", exact: true }).click();

  await page.getByText("as version 1.").waitFor();
  agreementId = page.url().split("/").pop()!;
  expect(agreementId).toMatch(/^agr_[0-9a-z]{20}$/);
  expect(await page.locator("#public-link").inputValue()).toEndWith(`/consent/${agreementId}`);
  expect(await page.locator("#embed-snippet").inputValue()).toContain(`data-winnerr-consent="${agreementId}"`);

  // The client, in the same browser, from the link the brokerage sent.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${app.url}/consent/${agreementId}?subjectRef=person_x`);
  await page.getByRole("heading", { name: "I received the RECO Information Guide from Harbour Realty" }).waitFor();
  await page.getByText("Harbour Realty, through Maya Patel, gave me a copy").waitFor();
  expect(await page.locator("#agreement-text p").count()).toBe(3);
  await b.screenshot("clickwrap-consent");
  await page.getByRole("button", { name: "Accept" }).click();
  await page.getByText("Thank you — accepted on").waitFor();
  const hash = (await page.locator("[data-version-hash]").getAttribute("data-version-hash"))!;
  expect(await page.getByRole("status").textContent()).toContain(`version ${hash.slice(0, 12)}`);

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${app.url}/settings/clickwrap/${agreementId}`);
  const row = page.locator("#acceptances tbody tr");
  expect(await row.count()).toBe(1);
  expect(await row.first().textContent()).toContain("person_x");
  expect(await row.first().textContent()).toContain(hash.slice(0, 12));
  await b.screenshot("clickwrap-settings-agreement");
  await page.goto(app.url + "/settings/clickwrap");
  expect(await page.locator(`tr[data-agreement="${agreementId}"] td`).nth(4).textContent()).toBe("1");

  expect(b.external).toEqual([]);
  expect(errors).toEqual([]);
}, 90_000);

test("the embed snippet on another site frames the consent page; accepting inside the frame works", async () => {
  expect(agreementId).not.toBe("");
  const { page } = b;
  const errors = pageErrors(page);
  const siteUrl = `http://127.0.0.1:${site.port}/`;
  await page.goto(siteUrl);
  const iframe = page.locator(`[data-winnerr-consent="${agreementId}"] iframe`);
  await iframe.waitFor();
  const src = new URL((await iframe.getAttribute("src"))!);
  expect(src.origin).toBe(app.url);
  expect(src.pathname).toBe(`/consent/${agreementId}`);
  expect([...src.searchParams]).toEqual([["subjectRef", "lead 42/é"], ["embed", "1"]]);

  const frame = page.frameLocator(`[data-winnerr-consent="${agreementId}"] iframe`);
  await frame.getByText("Harbour Realty, through Maya Patel, gave me a copy").waitFor();
  // The frame reports its height and the embedding page sizes the iframe to it.
  await page.waitForFunction(() => (document.querySelector("iframe") as HTMLIFrameElement).style.height !== "24rem");
  await frame.getByRole("button", { name: "Accept" }).click();
  await frame.getByText("Thank you — accepted on").waitFor();
  // The confirmation is shorter than the text: the frame shrinks to it.
  await page.waitForFunction(() => parseFloat((document.querySelector("iframe") as HTMLIFrameElement).style.height) < 300);
  await b.screenshot("clickwrap-embed");
  await page.waitForFunction(() => (window as unknown as { accepted?: unknown }).accepted);
  const detail = await page.evaluate(() => (window as unknown as { accepted: { agreementId: string; versionHash: string } }).accepted);
  expect(detail.agreementId).toBe(agreementId);
  expect(detail.versionHash).toMatch(/^[0-9a-f]{64}$/);

  const rows = app.ctx.db.reader.query("SELECT subject_ref FROM clickwrap_acceptances WHERE agreement_id = ? ORDER BY rowid").all(agreementId);
  expect(rows).toEqual([{ subject_ref: "person_x" }, { subject_ref: "lead 42/é" }]);
  expect(b.external).toEqual([]);
  expect(errors).toEqual([]);
}, 60_000);
