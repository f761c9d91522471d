// A signer in real Chromium on a phone-sized screen: opens the link from her mail, sees the
// document's pages, gets a code by mail, consents, draws her signature with the pointer, signs,
// waits on the completion screen for the sealed PDF and downloads it; the file is the one the
// API reports, and the stored signature is the drawn image.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { openBrowser, pageErrors, OUTPUT_DIR, type BrowserSession } from "../support/browser";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startSmtp, type TestSmtp } from "../support/smtp";
import { tokenOf } from "../support/signing";

let app: TestApp;
let smtp: TestSmtp;
let a: TestAccount;
let b: BrowserSession;
beforeAll(async () => {
  smtp = await startSmtp();
  // The default PUBLIC_URL: the app's own port is not known before it starts, so the test puts
  // the app's origin on the mailed link itself.
  app = await startTestApp({ env: { SMTP_URL: smtp.url } });
  a = await ownerOf(app);
  b = await openBrowser();
}, 60_000);
afterAll(async () => {
  await b?.close();
  await app?.stop();
  await smtp?.close();
});

test("a signer on a phone: link from the mail → code → consent → drawn signature → signed PDF", async () => {
  // The broker's side, over the API: a generated buyer representation agreement sent to Jane.
  const doc = await (await a.api("POST", "/api/documents", { canonical: EXAMPLES["on/buyer-rep"] })).json();
  expect((await a.api("POST", `/api/documents/${doc.id}/generate`)).status).toBe(200);
  const sendRes = await a.api("POST", `/api/documents/${doc.id}/signature`, {
    signers: [{ name: "Jane Smith", email: "jane@example.com", role: "buyer" }],
  });
  expect(sendRes.status).toBeLessThan(300);
  const sent = await sendRes.json();

  // Jane's link, as she gets it: from the mail.
  const invite = await smtp.waitFor("jane@example.com");
  const mailed = invite.text.match(/https?:\/\/[^\s<>"]+\/sign\/[^\s<>"]+/)?.[0];
  expect(mailed).toBeDefined();
  const link = app.url + "/sign/" + tokenOf(mailed!);

  const { page } = b;
  const errors = pageErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(link);
  await page.getByRole("heading", { name: "Buyer Representation Agreement" }).waitFor();
  await page.getByText("asks Jane Smith (buyer) to sign", { exact: false }).waitFor();

  // The pages are drawn by pdf.js, served by the binary.
  await page.locator("#pdf-preview[data-rendered]").waitFor({ timeout: 20_000 });
  const pages = Number(await page.locator("#pdf-preview").getAttribute("data-rendered"));
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(await page.locator("#pdf-preview canvas").count()).toBe(pages);

  // 1. Confirm it is her: a code by mail.
  await page.getByRole("button", { name: "Email me a code" }).click();
  await page.getByText("We sent a 6-digit code to", { exact: false }).waitFor();
  const code = (await smtp.waitFor("jane@example.com")).text.match(/\b(\d{6})\b/)![1];
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Confirm" }).click();

  // 2. Consent: the text is on the page; the box must be ticked.
  await page.getByRole("heading", { name: "2. Agree to sign electronically" }).waitFor();
  const consent = await page.locator("#consent-text").innerText();
  expect(consent).toContain("I agree to sign this document electronically");
  await page.getByLabel("I have read this and agree to sign electronically").check();
  await page.getByRole("button", { name: "I agree" }).click();

  // 3. Sign: draw on the pad with the pointer, several strokes.
  await page.getByRole("heading", { name: "3. Sign" }).waitFor();
  const pad = page.locator("canvas#signature-pad");
  await pad.waitFor({ state: "visible" });
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  expect(box.width).toBeGreaterThan(100);
  expect(box.width).toBeLessThanOrEqual(390); // fits the phone's width
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  const strokes: [number, number][][] = [
    [[0.08, 0.7], [0.14, 0.25], [0.2, 0.7], [0.26, 0.3], [0.32, 0.7]], // a "W"
    [[0.38, 0.35], [0.42, 0.65], [0.48, 0.4], [0.54, 0.65], [0.58, 0.35]],
    [[0.62, 0.6], [0.7, 0.3], [0.78, 0.6], [0.86, 0.35], [0.92, 0.55]],
    [[0.1, 0.85], [0.5, 0.8], [0.9, 0.85]], // an underline
  ];
  for (const stroke of strokes) {
    await page.mouse.move(...at(...stroke[0]));
    await page.mouse.down();
    for (const [fx, fy] of stroke.slice(1)) await page.mouse.move(...at(fx, fy), { steps: 8 });
    await page.mouse.up();
  }
  const kind = page.locator('#sign-form input[name="kind"]');
  await page.waitForFunction(() => (document.querySelector('#sign-form input[name="kind"]') as HTMLInputElement | null)?.value === "drawn");
  expect(await kind.inputValue()).toBe("drawn");
  expect(await page.locator('#sign-form input[name="image"]').inputValue()).toStartWith("data:image/png;base64,");
  await page.getByRole("button", { name: "Sign the document" }).click();

  // Done: everyone (Jane alone) has signed; the page polls until the sealed PDF is ready.
  await page.getByRole("heading", { name: "Everyone has signed" }).waitFor();
  await app.ctx.signatures.run(); // the server kicks the worker itself; this only hurries it
  const download = page.getByRole("button", { name: "Download the signed PDF" });
  await download.waitFor({ timeout: 20_000 });
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT_DIR, "signing-done.png"), fullPage: false });

  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  const saved = await file.path();
  const bytes = readFileSync(saved);
  expect(bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
  const env = await (await a.api("GET", `/api/signatures/${sent.envelopeId}`)).json();
  expect(env.finalSha256).toMatch(/^[0-9a-f]{64}$/);
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(env.finalSha256);

  // The stored signature is the drawing, not the typed name.
  const row = app.ctx.db.reader
    .query("SELECT signature_kind AS kind, length(signature_png) AS png FROM signature_signers WHERE envelope_id = ?")
    .get(sent.envelopeId) as { kind: string; png: number | null };
  expect(row.kind).toBe("drawn");
  expect(row.png ?? 0).toBeGreaterThan(500);

  expect(errors).toEqual([]);
  expect(b.external).toEqual([]);
}, 120_000);
