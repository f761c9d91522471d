// A broker in real Chromium: types a prompt, walks the drafted lease through the wizard (with an
// inline check that flags a bad amount without a page load), reviews, generates, and sees the
// PDF's pages drawn by pdf.js served from the binary; the usage meter counts the render.
import { afterAll, beforeAll, expect, test } from "bun:test";
import path from "node:path";
import { createOwner } from "../../src/modules/setup/service";
import { htmxReady, openBrowser, pageErrors, signIn, OUTPUT_DIR, type BrowserSession } from "../support/browser";
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

const id = (name: string) => `#f-${name.replace(/[^\w-]/g, "_")}`;

test("prompt → wizard → generate → preview shows the PDF", async () => {
  const { page } = b;
  const errors = pageErrors(page);
  await signIn(page, app.url, "maya@harbour.ca", "a long enough passphrase");

  await page.goto(app.url + "/documents");
  await page.getByText("0 documents generated in", { exact: false }).waitFor();
  await page.getByRole("link", { name: "New document" }).click();
  await page.getByLabel("What should the document say?").fill("Draft a condo lease for 88 Harbour St unit 2502, $3,200/month, one year from August 1 2026");
  await page.getByRole("button", { name: "Draft with the built-in drafter" }).click();

  // Step 1: parties. The drafter found none; the broker adds them.
  await page.getByRole("heading", { name: "Landlords and tenants" }).waitFor();
  await page.locator(id("lease.landlords.0.name")).fill("Priya Patel");
  await page.locator(id("lease.landlords.0.email")).fill("priya@example.com");
  await page.locator(id("lease.tenants.0.name")).fill("Sam Lee");
  await page.locator(id("lease.tenants.0.email")).fill("sam@example.com");
  await page.getByRole("button", { name: "Save and continue" }).click();

  // Step 2: the unit, pre-filled and marked as inferred.
  await page.getByRole("heading", { name: "Rental unit" }).waitFor();
  expect(await page.locator(id("lease.property.address.street")).inputValue()).toBe("88 Harbour St");
  expect(await page.locator("label.inferred").count()).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Save and continue" }).click();

  // Step 3: term and rent. An unreadable amount is flagged inline, without leaving the page.
  await page.getByRole("heading", { name: "Term and rent" }).waitFor();
  await htmxReady(page);
  expect(await page.locator(id("lease.term.commencement")).inputValue()).toBe("2026-08-01");
  expect(await page.locator(id("lease.term.endDate")).inputValue()).toBe("2027-07-31");
  const url = page.url();
  await page.locator(id("lease.monthlyRent")).fill("lots");
  await page.locator(id("lease.monthlyRent")).blur();
  await page.locator(`${id("lease.monthlyRent")}-err`).getByText("Enter an amount").waitFor();
  expect(page.url()).toBe(url);
  await page.locator(id("lease.monthlyRent")).fill("3,200");
  await page.locator(id("lease.rent.dueDay")).fill("1");
  await page.locator(id("lease.rent.dueDay")).blur();
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "", `${id("lease.monthlyRent")}-err`);
  await page.getByRole("button", { name: "Save and continue" }).click();

  await page.getByRole("heading", { name: "Deposits and utilities" }).waitFor();
  await page.locator(id("lease.rentDeposit")).fill("3200");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("heading", { name: "Additional terms" }).waitFor();
  await page.locator(id("lease.additionalTerms")).fill("No smoking in the unit");
  await page.getByRole("button", { name: "Save and review" }).click();

  await page.getByRole("heading", { name: "Review" }).waitFor();
  await page.getByText("Sam Lee").waitFor();
  await page.getByRole("button", { name: "Generate PDF" }).click();

  // The document page draws every page of the PDF onto canvases with pdf.js.
  await page.getByText("PDF generated.").waitFor();
  await page.locator("#pdf-preview[data-rendered]").waitFor({ timeout: 15_000 });
  const pages = Number(await page.locator("#pdf-preview").getAttribute("data-rendered"));
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(await page.locator("#pdf-preview canvas").count()).toBe(pages);
  // Ink on the first page: some pixels are dark (text was drawn, not a blank sheet).
  const dark = await page.locator("#pdf-preview canvas").first().evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] < 100 && d[i + 1] < 100 && d[i + 2] < 100) n++;
    return n;
  });
  expect(dark).toBeGreaterThan(2000);
  await page.screenshot({ path: path.join(OUTPUT_DIR, "document-preview.png"), fullPage: false });

  // Send it for signature from the same page: each signer is mailed their own link.
  await page.getByLabel("Order").selectOption("sequential");
  await page.getByLabel("Links expire after (days)").fill("14");
  await page.getByRole("button", { name: "Send for signature" }).click();
  await page.getByText("Sent for signature: 2 signers were emailed their own link.").waitFor();
  await page.locator("article.envelope").getByText("sequential").waitFor();
  const mailed = app.ctx.db.reader.query("SELECT to_address FROM mail_outbox WHERE subject LIKE '%asks you to sign%'").all() as { to_address: string }[];
  expect(mailed.map((m) => m.to_address)).toEqual(["priya@example.com"]); // sequential: the first signer only
  await page.getByLabel("Reason to void").fill("wrong unit");
  await page.getByRole("button", { name: "Void" }).click();
  await page.getByText("Envelope voided").waitFor();
  await page.locator("article.envelope").getByText("voided").first().waitFor();

  await page.goto(app.url + "/documents");
  await page.getByText("1 documents generated in", { exact: false }).waitFor();
  expect(b.external).toEqual([]);
  expect(errors).toEqual([]);
}, 90_000);
