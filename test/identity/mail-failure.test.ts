// An SMTP server that cannot be reached is the appliance's problem, not the caller's: a 503 in
// the family's shape that says to try again, logged without the message body.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { SMTP_URL: "smtp://127.0.0.1:1", PUBLIC_URL: "http://winnerr.test" } }); // nothing listens on port 1
});
afterAll(() => app.stop());

test("request-verification answers 503 when mail cannot be sent, and the link is not logged", async () => {
  const r = await app.fetch("/api/v1/auth/register/request-verification", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "jane@example.com" }),
  });
  expect(r.status).toBe(503);
  expect(await r.json()).toMatchObject({ success: false, statusCode: 503, message: "The mail could not be sent; try again in a few minutes", data: null });
  const failure = app.logs.find((l) => l.msg === "mail delivery failed");
  expect(failure).toMatchObject({ to: "jane@example.com" });
  expect(app.rawLogs.join("\n")).not.toContain("/verify?token=");
}, 30_000);
