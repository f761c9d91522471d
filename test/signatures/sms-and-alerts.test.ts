// SMS codes through a Twilio-speaking server on loopback, and the alert when sealing keeps failing.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ManualClock, MINUTE } from "../../src/lib/clock";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { startTestApp, tempDir, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startSmtp, type TestSmtp } from "../support/smtp";
import { publicCall, signThrough, tokenOf } from "../support/signing";

async function generatedDoc(a: TestAccount, example = "on/buyer-rep") {
  const doc = await (await a.api("POST", "/api/documents", { canonical: EXAMPLES[example] })).json();
  expect((await a.api("POST", `/api/documents/${doc.id}/generate`)).status).toBe(200);
  return doc.id as string;
}

describe("SMS codes", () => {
  let app: TestApp;
  let a: TestAccount;
  let fail = false;
  const received: { path: string; auth: string | null; form: URLSearchParams }[] = [];
  const twilio = Bun.serve({
    port: 0, hostname: "127.0.0.1",
    async fetch(req) {
      received.push({ path: new URL(req.url).pathname, auth: req.headers.get("authorization"), form: new URLSearchParams(await req.text()) });
      return fail ? new Response("{}", { status: 500 }) : Response.json({ sid: "SM1", status: "queued" }, { status: 201 });
    },
  });
  beforeAll(async () => {
    app = await startTestApp({
      env: { TRUSTED_PROXIES: "127.0.0.1", TWILIO_ACCOUNT_SID: "AC123", TWILIO_AUTH_TOKEN: "twilio-secret", TWILIO_FROM: "+14165550000", TWILIO_API_URL: `http://127.0.0.1:${twilio.port}` },
    });
    a = await ownerOf(app);
  });
  afterAll(async () => {
    await app.stop();
    twilio.stop(true);
  });

  test("a signer with a phone gets the code by SMS; the evidence says sms_otp", async () => {
    const docId = await generatedDoc(a);
    const sent = await (await a.api("POST", `/api/documents/${docId}/signature`, { signers: [{ name: "Jane Smith", email: "jane@example.com", role: "buyer", phone: "+14165550123" }] })).json();
    const token = tokenOf(sent.links[0].url);
    await publicCall(app, "GET", `/api/public/sign/${token}`);
    const r = await publicCall(app, "POST", `/api/public/sign/${token}/code`, { channel: "sms" });
    expect(await r.json()).toEqual({ sent: true, channel: "sms", to: "…0123" });
    const msg = received.at(-1)!;
    expect(msg.path).toBe("/2010-04-01/Accounts/AC123/Messages.json");
    expect(msg.auth).toBe(`Basic ${btoa("AC123:twilio-secret")}`);
    expect(msg.form.get("To")).toBe("+14165550123");
    expect(msg.form.get("From")).toBe("+14165550000");
    const code = msg.form.get("Body")!.match(/\b(\d{6})\b/)![1];
    expect((await publicCall(app, "POST", `/api/public/sign/${token}/verify`, { code })).status).toBe(200);
    expect((await publicCall(app, "POST", `/api/public/sign/${token}`, { action: "authenticate", codeVerified: true })).status).toBe(200);
    const ev = await (await a.api("GET", `/api/signatures/${sent.envelopeId}/evidence`)).json();
    expect(ev.events.find((e: { type: string }) => e.type === "authenticated").authMethod).toBe("sms_otp");
    expect(app.rawLogs.join("\n")).not.toContain("twilio-secret");
  });

  test("Twilio failing is a 503 the page can explain; nothing is half done", async () => {
    const docId = await generatedDoc(a);
    const sent = await (await a.api("POST", `/api/documents/${docId}/signature`, { signers: [{ name: "Jane Smith", email: "jane@example.com", role: "buyer", phone: "+14165550123" }] })).json();
    const token = tokenOf(sent.links[0].url);
    await publicCall(app, "GET", `/api/public/sign/${token}`);
    fail = true;
    const r = await publicCall(app, "POST", `/api/public/sign/${token}/code`, { channel: "sms" });
    fail = false;
    expect(r.status).toBe(503);
    expect((await r.json()).error).toBe("sms_unavailable");
  });
});

describe("sealing that keeps failing", () => {
  test("is retried with back-off and the sender is alerted on the third failure", async () => {
    const smtp: TestSmtp = await startSmtp();
    const dir = tempDir("winnerr-badp12-");
    const p12 = path.join(dir, "broken.p12");
    writeFileSync(p12, "not a pkcs12 file");
    const clock = new ManualClock(new Date("2026-06-25T14:00:00Z"));
    const app = await startTestApp({ clock, env: { SMTP_URL: smtp.url, TRUSTED_PROXIES: "127.0.0.1", SIGNING_P12: p12, SIGNING_P12_PASSWORD: "x" } });
    try {
      const a = await ownerOf(app);
      const docId = await generatedDoc(a);
      const sent = await (await a.api("POST", `/api/documents/${docId}/signature`, { signers: [{ name: "Jane Smith", email: "jane@example.com", role: "buyer" }] })).json();
      await smtp.waitFor("jane@example.com");
      expect(await signThrough(app, smtp, tokenOf(sent.links[0].url), "jane@example.com")).toEqual({ ok: true, completed: true });
      for (const wait of [0, 1, 5]) {
        clock.advance(wait * MINUTE + 1000);
        await app.ctx.signatures.run();
      }
      const row = app.ctx.db.reader.query("SELECT seal_status, seal_attempts, seal_error FROM signature_envelopes WHERE id = ?").get(sent.envelopeId) as Record<string, unknown>;
      expect(row).toMatchObject({ seal_status: "failed", seal_attempts: 3 });
      const alert = await smtp.waitFor(a.email);
      expect(alert.subject).toStartWith("Action needed: sealing the signed PDF failed");
      expect(app.rawLogs.filter((l) => l.includes("sealing failed")).length).toBe(3);
      await a.signIn();
      expect((await (await a.api("GET", `/api/signatures/${sent.envelopeId}`)).json()).status).toBe("completed");
      expect((await a.api("GET", `/api/signatures/${sent.envelopeId}/pdf`)).status).toBe(409);
    } finally {
      await app.stop();
      await smtp.close();
    }
  });
});
