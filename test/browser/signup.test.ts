// A broker signs up in real Chromium: register, open the link from the mail the SMTP server
// received, choose a password, sign out and back in, and create the organization.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { openBrowser, type BrowserSession } from "../support/browser";
import { startTestApp, type TestApp } from "../support/app";
import { linkIn, startSmtp, type TestSmtp } from "../support/smtp";

let app: TestApp;
let smtp: TestSmtp;
let b: BrowserSession;
beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: "http://winnerr.test" } });
  b = await openBrowser();
}, 60_000);
afterAll(async () => {
  await b?.close();
  await app?.stop();
  await smtp?.close();
});

test("register → verify from the email → sign in → onboard", async () => {
  const { page } = b;
  await page.goto(app.url + "/register");
  await page.getByLabel("Work email").fill("maya@harbour-realty.ca");
  await page.getByRole("button", { name: "Email me a link" }).click();
  await page.locator("#check-email").waitFor();
  expect(await page.locator("#check-email").innerText()).toContain("maya@harbour-realty.ca");

  const mail = await smtp.waitFor("maya@harbour-realty.ca");
  expect(mail.subject).toContain("Confirm your email");
  const link = linkIn(mail.text, "http://winnerr.test/verify?token=").replace("http://winnerr.test", app.url);

  await page.goto(link);
  await page.getByLabel("Your name").fill("Maya Patel");
  await page.getByLabel("Choose a password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  // the browser's own minlength is not set, so the server's rule shows beside the field
  await page.getByText("Password must be 10 to 256 characters").waitFor();
  await page.getByLabel("Choose a password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Create account" }).click();

  await page.waitForURL(/\/onboarding$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login$/);
  await page.getByText("You are signed out.").waitFor();

  await page.getByLabel("Email").fill("maya@harbour-realty.ca");
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/onboarding$/);

  await page.getByLabel("Brokerage name").fill("Harbour Realty Inc.");
  await page.getByLabel("Phone").fill("+14165550100");
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL(/\/settings\/team$/);
  await page.getByText("Harbour Realty Inc. is ready. Invite your team.").waitFor();
  expect(await page.locator("#team").innerText()).toContain("Maya Patel");
  expect(await page.locator("#team").innerText()).toContain("owner");
  await b.screenshot("signup-team");
  expect(b.external).toEqual([]);
}, 60_000);
