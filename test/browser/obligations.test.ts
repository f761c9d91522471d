// A broker in real Chromium: the dashboard's "Due soon / overdue" panel, the obligations list
// where Done swaps the row over htmx without a page load, and the month calendar with the
// closing on its day. No script errors, no request leaves the machine.
import { afterAll, beforeAll, expect, test } from "bun:test";
import path from "node:path";
import { ManualClock } from "../../src/lib/clock";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { createOwner } from "../../src/modules/setup/service";
import { signedIn } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { htmxReady, openBrowser, pageErrors, signIn, OUTPUT_DIR, type BrowserSession } from "../support/browser";
import { generated, newDeal } from "../obligations/support";

let app: TestApp;
let b: BrowserSession;
const PASSWORD = "a long enough passphrase";
beforeAll(async () => {
  app = await startTestApp({ clock: new ManualClock("2026-07-13T14:00:00.000Z") });
  const owner = await createOwner(app.ctx, { email: "maya@harbour.ca", name: "Maya Patel", password: PASSWORD, companyName: "Harbour Realty", platformAdmin: false });
  const api = await signedIn(app, { userId: owner.id, orgId: owner.organizationId!, email: owner.email, password: PASSWORD });
  await generated(app, api, EXAMPLES["on/aps"], await newDeal(api, "Purchase: 2502-88 Harbour St"));
  b = await openBrowser();
}, 60_000);
afterAll(async () => {
  await b?.close();
  await app?.stop();
});

test("dashboard panel → obligations → Done without a reload → the month calendar", async () => {
  const { page } = b;
  const errors = pageErrors(page);
  await signIn(page, app.url, "maya@harbour.ca", PASSWORD);

  const panel = page.locator("#obligations-panel");
  await panel.getByRole("heading", { name: "Due soon / overdue" }).waitFor();
  await panel.getByText("Offer irrevocable until").waitFor();
  expect(await panel.locator("li").count()).toBe(3);
  expect(await panel.locator("li.urgency-overdue").count()).toBe(1);
  await page.screenshot({ path: path.join(OUTPUT_DIR, "obligations-dashboard.png"), fullPage: true });

  await panel.getByRole("link", { name: "All obligations" }).click();
  await page.getByRole("heading", { name: "Obligations", exact: true }).waitFor();
  await htmxReady(page);
  const financing = page.locator("tr", { hasText: "Buyer arranging a first mortgage" });
  await financing.waitFor();
  // A marker on window survives only if the page is not reloaded.
  await page.evaluate(() => ((window as unknown as { kept: number }).kept = 42));
  const url = page.url();
  await financing.getByRole("button", { name: /^Done:/ }).click();
  await page.locator('tr[data-status="done"]', { hasText: "Buyer arranging a first mortgage" }).getByRole("button", { name: /^Reopen:/ }).waitFor();
  expect(await page.evaluate(() => (window as unknown as { kept?: number }).kept)).toBe(42);
  expect(page.url()).toBe(url);
  await page.screenshot({ path: path.join(OUTPUT_DIR, "obligations-list.png"), fullPage: true });

  await page.getByRole("link", { name: "Month calendar" }).click();
  await page.getByRole("heading", { name: "July 2026" }).waitFor();
  expect(await page.locator('td[aria-current="date"]').getAttribute("data-date")).toBe("2026-07-13");
  await page.locator('td[data-date="2026-07-10"] a.obl.urgency-overdue', { hasText: "Offer irrevocable until" }).waitFor();
  await page.getByRole("link", { name: "August →" }).click();
  await page.getByRole("heading", { name: "August 2026" }).waitFor();
  await page.locator('td[data-date="2026-08-28"]').getByText("Completion (closing)").waitFor();
  await page.screenshot({ path: path.join(OUTPUT_DIR, "obligations-calendar.png"), fullPage: true });

  expect(b.external).toEqual([]);
  expect(errors).toEqual([]);
}, 90_000);
