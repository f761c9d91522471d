// Real Chromium against the real app: the home page loads htmx from the binary, htmx swaps in
// the live status panel, nothing is fetched from outside, and a screenshot is kept.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { openBrowser, type BrowserSession } from "../support/browser";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
let b: BrowserSession;
beforeAll(async () => {
  app = await startTestApp();
  b = await openBrowser();
}, 60_000);
afterAll(async () => {
  await b?.close();
  await app?.stop();
});

test("the home page loads htmx, which fills in the system status", async () => {
  const errors: string[] = [];
  b.page.on("pageerror", (e) => errors.push(e.message));
  b.page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

  const res = await b.page.goto(app.url + "/");
  expect(res?.status()).toBe(200);
  expect(await b.page.title()).toBe("Home · Winnerr");
  expect(await b.page.evaluate(() => (window as unknown as { htmx?: { version: string } }).htmx?.version)).toMatch(/^2\./);

  // The panel starts as "Checking…" and htmx replaces it with the partial.
  await b.page.locator('#system-status [data-status="healthy"]').waitFor({ timeout: 10_000 });
  expect(await b.page.locator("#system-status").innerText()).toContain("Healthy");

  const shot = await b.screenshot("home");
  expect(Bun.file(shot).size).toBeGreaterThan(5_000);
  expect(b.external).toEqual([]);
  expect(errors).toEqual([]);
}, 30_000);

test("the API reference at /docs renders with everything served by the appliance", async () => {
  await b.page.goto(app.url + "/docs");
  await b.page.getByText("Winnerr API").first().waitFor({ timeout: 20_000 });
  await b.page.getByText("/api/v1/health").first().waitFor({ timeout: 10_000 });
  await b.screenshot("docs");
  expect(b.external).toEqual([]);
}, 40_000);
