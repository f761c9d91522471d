// The signer's journey over the public API, for tests: open the link, get the code from the
// mail on the loopback SMTP server, verify it, authenticate, consent, sign.
import { expect } from "bun:test";
import type { TestApp } from "./app";
import type { TestSmtp } from "./smtp";

export const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

let ipSeq = 0;
/** A different client address per call (the app trusts 127.0.0.1 as a proxy), so per-IP limits stay out of the way. */
export const nextIp = () => `198.51.${Math.floor(++ipSeq / 250) % 250}.${(ipSeq % 250) + 1}`;

/** A public call; tests that check rate limits or recorded IPs pass X-Forwarded-For themselves. */
export function publicCall(app: TestApp, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.fetch(path, {
    method,
    headers: { ...(body !== undefined ? { "Content-Type": "application/json" } : {}), "User-Agent": "SignerTest/1.0", "X-Forwarded-For": nextIp(), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
}

/** Requests a code and reads it from the signer's mail. */
export async function codeFromMail(app: TestApp, smtp: TestSmtp, token: string, email: string): Promise<string> {
  const r = await publicCall(app, "POST", `/api/public/sign/${token}/code`, {});
  expect(r.status).toBe(200);
  const mail = await smtp.waitFor(email);
  return mail.text.match(/\b(\d{6})\b/)![1];
}

/** open → code → authenticate → consent → sign; returns the sign response body. */
export async function signThrough(app: TestApp, smtp: TestSmtp, token: string, email: string, extra: Record<string, unknown> = {}) {
  expect((await publicCall(app, "GET", `/api/public/sign/${token}`)).status).toBe(200);
  const code = await codeFromMail(app, smtp, token, email);
  expect((await publicCall(app, "POST", `/api/public/sign/${token}/verify`, { code })).status).toBe(200);
  for (const action of ["authenticate", "consent"]) {
    const r = await publicCall(app, "POST", `/api/public/sign/${token}`, { action, codeVerified: true });
    expect(r.status).toBe(200);
  }
  const r = await publicCall(app, "POST", `/api/public/sign/${token}`, { action: "sign", ...extra });
  expect(r.status).toBe(200);
  return r.json();
}
