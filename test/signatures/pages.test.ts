// The signer's page without a browser: every step as plain form posts (no JavaScript), the gone
// page, and the signed PDF download on the completion screen.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startSmtp, type TestSmtp } from "../support/smtp";
import { nextIp, tokenOf } from "../support/signing";

let app: TestApp;
let smtp: TestSmtp;
let a: TestAccount;
beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: "http://winnerr.test", TRUSTED_PROXIES: "127.0.0.1" } });
  a = await ownerOf(app);
});
afterAll(async () => {
  await app.stop();
  await smtp.close();
});

const form = (path: string, fields: Record<string, string>) =>
  app.fetch(path, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": nextIp() }, body: new URLSearchParams(fields) });
const page = (path: string) => app.fetch(path, { headers: { "X-Forwarded-For": nextIp() } });

test("a signer can go through every step with plain forms", async () => {
  const doc = await (await a.api("POST", "/api/documents", { canonical: EXAMPLES["on/buyer-rep"] })).json();
  await a.api("POST", `/api/documents/${doc.id}/generate`);
  const sent = await (await a.api("POST", `/api/documents/${doc.id}/signature`, {
    signers: [{ name: "Jane Smith", email: "jane@example.com", role: "buyer" }],
  })).json();
  const token = tokenOf(sent.links[0].url);
  const base = `/sign/${token}`;

  let r = await page(base);
  expect(r.status).toBe(200);
  let html = await r.text();
  expect(html).toContain("Buyer Representation Agreement");
  expect(html).toContain("Email me a code");
  expect(r.headers.get("content-security-policy")).toContain("script-src 'self'");

  html = await (await form(`${base}/code`, {})).text();
  expect(html).toContain("We sent a 6-digit code to");
  expect(html).toContain("j…@example.com");
  const code = (await smtp.waitFor("jane@example.com")).text.match(/\b(\d{6})\b/)![1];
  html = await (await form(`${base}/verify`, { code: code === "000000" ? "111111" : "000000" })).text();
  expect(html).toContain("That code is not right");
  html = await (await form(`${base}/verify`, { code })).text();
  expect(html).toContain("Agree to sign electronically");
  expect(html).toContain("I agree to sign this document electronically");

  html = await (await form(`${base}/consent`, {})).text();
  expect(html).toContain("Tick the box");
  html = await (await form(`${base}/consent`, { agree: "yes" })).text();
  expect(html).toContain("Sign the document");

  r = await form(`${base}/sign`, { kind: "typed", text: "Jane Q. Smith" });
  html = await r.text();
  expect(html).toContain("Everyone has signed");

  await app.ctx.signatures.run();
  r = await app.fetch(`${base}/done`, { headers: { "X-Forwarded-For": nextIp() } });
  expect(await r.text()).toContain("Download the signed PDF");
  r = await page(`${base}/signed.pdf`);
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toBe("application/pdf");
  const env = await (await a.api("GET", `/api/signatures/${sent.envelopeId}`)).json();
  expect(r.headers.get("x-content-sha256")).toBe(env.finalSha256);
  // /verify-pdf: the signed file is recognised by upload and by hash; a changed copy is not.
  const signed = new Uint8Array(await (await page(`${base}/signed.pdf`)).arrayBuffer());
  const upload = (bytes: Uint8Array) => {
    const fd = new FormData();
    fd.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/pdf" }), "signed.pdf");
    return app.fetch("/verify-pdf", { method: "POST", body: fd, headers: { "X-Forwarded-For": nextIp() } });
  };
  html = await (await upload(signed)).text();
  expect(html).toContain("Verified.");
  expect(html).toContain("Jane Smith (buyer) signed");
  expect(html).toContain("valid and covering the whole file");
  const changed = signed.slice();
  changed[Math.floor(changed.length / 3)] ^= 1;
  html = await (await upload(changed)).text();
  expect(html).toContain("Not verified.");
  html = await (await form("/verify-pdf", { sha256: env.finalSha256 })).text();
  expect(html).toContain("Verified.");
  expect((await form("/verify-pdf", { sha256: "abc" })).status).toBe(400);

  // The page stays reachable to a signer who signed, for the download; other actions are gone.
  expect((await page(base)).status).toBe(200);
  expect((await form(`${base}/consent`, { agree: "yes" })).status).toBe(404);
});

test("a dead link shows the same page whatever the reason", async () => {
  const r = await page("/sign/nope");
  expect(r.status).toBe(404);
  expect(await r.text()).toContain("This link is no longer active");
  expect((await page("/sign/nope/document.pdf")).status).toBe(404);
});
