// A broker in real Chromium: signs in, adds a person, creates a deal for them, and moves the
// deal across the pipeline board (each move one htmx request), then sees it on the dashboard.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createOwner } from "../../src/modules/setup/service";
import { htmxReady, openBrowser, pageErrors, signIn, type BrowserSession } from "../support/browser";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
let b: BrowserSession;
beforeAll(async () => {
  app = await startTestApp();
  await createOwner(app.ctx, { email: "maya@harbour.ca", name: "Maya Patel", password: "a long enough passphrase", companyName: "Harbour Realty", platformAdmin: false });
  b = await openBrowser();
}, 60_000);
afterAll(async () => {
  await b?.close();
  await app?.stop();
});

test("person → deal → across the board → dashboard", async () => {
  const { page } = b;
  const errors = pageErrors(page);
  await signIn(page, app.url, "maya@harbour.ca", "a long enough passphrase");

  await page.goto(app.url + "/people");
  await page.getByText("Add a person").click();
  await page.getByLabel("First name").fill("Jane");
  await page.getByLabel("Last name").fill("Smith");
  await page.getByLabel("Email").fill("jane@example.com");
  await page.getByLabel("Phone").fill("(416) 555-0100");
  await page.getByRole("button", { name: "Add person" }).click();
  await page.getByRole("heading", { name: "Jane Smith" }).waitFor();
  expect(await page.getByText("+14165550100").count()).toBe(1);

  // live search: typing filters the list without a page load
  await page.goto(app.url + "/people");
  await page.getByLabel("Search people").fill("smi");
  await page.locator("#people-results").getByText("Jane Smith").waitFor();
  await page.getByLabel("Search people").fill("nobody-here");
  await page.locator("#people-results").getByText("0 people").waitFor();

  await page.goto(app.url + "/deals/new");
  await page.getByLabel("Kind").selectOption("purchase");
  await page.getByLabel("Street").fill("88 Harbour St");
  await page.getByLabel("Unit").fill("2502");
  await page.getByLabel("City").fill("Toronto");
  await page.getByLabel("Price or monthly rent ($)").fill("899,000");
  await page.locator("#f-personId").selectOption({ label: "Jane Smith" });
  await page.getByLabel("Client's role").selectOption("buyer");
  await page.getByRole("button", { name: "Create deal" }).click();
  await page.getByRole("heading", { name: "Purchase: 2502-88 Harbour St, Toronto" }).waitFor();
  expect(await page.getByText("$899,000.00").count()).toBeGreaterThan(0);

  await page.goto(app.url + "/deals");
  await htmxReady(page);
  const card = () => page.locator("article.card", { hasText: "88 Harbour St" });
  for (const stage of ["showing", "offer", "conditional", "firm"]) {
    const moved = page.waitForResponse((r) => r.url().includes("/stage") && r.request().method() === "POST");
    await card().locator("select").selectOption(stage);
    expect((await moved).status()).toBe(200);
    await page.locator(`section.column[data-stage="${stage}"] article.card`, { hasText: "88 Harbour St" }).waitFor();
    await htmxReady(page); // the swapped-in board's forms are wired after the settle delay
  }
  expect(page.url()).toBe(app.url + "/deals"); // the board was swapped in place, never reloaded
  await b.screenshot("crm-board");

  // firm spawned the closing checklist, visible on the deal page
  await card().getByRole("link").click();
  await page.locator("#checklist").getByText("Arrange the key exchange").waitFor();
  await page.locator("#checklist input[type=checkbox]").first().check();
  await page.locator("#checklist s").first().waitFor(); // ticked off, struck through
  await page.getByLabel("Add a note").fill("Buyer asked about the locker");
  await page.getByRole("button", { name: "Save note" }).click();
  await page.locator("#timeline").getByText("Buyer asked about the locker").waitFor();

  await page.goto(app.url + "/");
  const firmBar = page.locator('#deals-by-stage g[data-stage="firm"]');
  expect(await firmBar.getAttribute("data-count")).toBe("1");
  await b.screenshot("crm-dashboard");
  expect(errors).toEqual([]);
  expect(b.external).toEqual([]);
}, 90_000);
