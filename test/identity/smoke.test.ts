import { afterAll, beforeAll, expect, test } from "bun:test";
import { startTestApp, type TestApp } from "../support/app";
import { linkIn, startSmtp, type TestSmtp } from "../support/smtp";

let app: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: "http://winnerr.test" } });
});
afterAll(async () => {
  await app.stop();
  await smtp.close();
});

const post = (path: string, body: unknown, token?: string) =>
  app.fetch(path, { method: "POST", headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

test("register, verify from the SMTP message, onboard", async () => {
  const r = await post("/api/v1/auth/register/request-verification", { email: "Jane@Example.com" });
  expect(r.status).toBe(200);
  const mail = await smtp.waitFor("jane@example.com");
  const link = linkIn(mail.text, "http://winnerr.test/verify?token=");
  const token = decodeURIComponent(new URL(link).searchParams.get("token")!);
  const c = await post("/api/v1/auth/register/complete", { token, name: "Jane User", password: "SecurePassword123!" });
  expect(c.status).toBe(201);
  const body = await c.json();
  expect(body.data.user.email).toBe("jane@example.com");
  const access = body.data.user.tokens.accessToken;
  const o = await post("/api/v1/customers/onboard", { companyName: "Tech Corp", phone: "+14165550100" }, access);
  expect(o.status).toBe(201);
  const me = await app.fetch("/api/v1/customers/me", { headers: { Authorization: `Bearer ${access}` } });
  expect((await me.json()).data.companyName).toBe("Tech Corp");
});
