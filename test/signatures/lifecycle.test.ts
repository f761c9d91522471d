// Envelopes end to end over HTTP: mails read from a real SMTP server on loopback, links from the
// create response and from the mails, every invalid transition, and the uniform "gone".
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DAY, ManualClock } from "../../src/lib/clock";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startSmtp, type TestSmtp } from "../support/smtp";
import { codeFromMail, publicCall, signThrough, tokenOf } from "../support/signing";

let app: TestApp;
let smtp: TestSmtp;
let a: TestAccount;
let b: TestAccount;
const clock = new ManualClock(new Date("2026-06-25T14:00:00Z"));
const tokens: string[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({ clock, env: { SMTP_URL: smtp.url, PUBLIC_URL: "http://winnerr.test", TRUSTED_PROXIES: "127.0.0.1" } });
  a = await ownerOf(app, "Harbour Realty");
  b = await ownerOf(app, "Other Brokerage");
});
afterAll(async () => {
  await app.stop();
  await smtp.close();
});

async function generated(example = "on/aps", account = a): Promise<string> {
  const doc = await (await account.api("POST", "/api/documents", { canonical: EXAMPLES[example] })).json();
  expect((await account.api("POST", `/api/documents/${doc.id}/generate`)).status).toBe(200);
  return doc.id;
}

async function send(docId: string, body: Record<string, unknown> = {}) {
  const r = await a.api("POST", `/api/documents/${docId}/signature`, body);
  expect(r.status).toBe(201);
  const out = await r.json();
  for (const l of out.links) tokens.push(tokenOf(l.url));
  return out as { envelopeId: string; links: { signerId: string; name: string; email: string; role: string; url: string }[] };
}

/** The next mail to `to` whose subject starts so; the sender gets several kinds as envelopes move. */
async function mailTo(to: string, subject: string) {
  for (;;) {
    const m = await smtp.waitFor(to);
    if (m.subject.startsWith(subject)) return m;
  }
}

const envelope = async (id: string) => (await a.api("GET", `/api/signatures/${id}`)).json();
const countEvents = (name: string) => (app.ctx.db.reader.query("SELECT count(*) AS n FROM events WHERE name = ?").get(name) as { n: number }).n;

describe("parallel", () => {
  test("every signer is mailed their own link; the last signature completes; sealing produces the signed PDF", async () => {
    const docId = await generated();
    const { envelopeId, links } = await send(docId);
    expect(links.map((l) => `${l.role}:${l.name}:${l.email}`)).toEqual(["buyer:Jane Smith:jane@example.com", "seller:Bob Jones:bob@example.com"]);
    for (const l of links) expect(l.url).toStartWith("http://winnerr.test/sign/");
    const janeMail = await smtp.waitFor("jane@example.com");
    const bobMail = await smtp.waitFor("bob@example.com");
    expect(janeMail.text).toContain(links[0].url);
    expect(janeMail.text).not.toContain(tokenOf(links[1].url));
    expect(bobMail.text).toContain(links[1].url);

    let env = await envelope(envelopeId);
    expect(env).toMatchObject({ id: envelopeId, status: "sent", mode: "parallel", completedAt: null });
    expect(env.signers.map((s: { status: string }) => s.status)).toEqual(["sent", "sent"]);
    expect(JSON.stringify(env)).not.toContain(tokenOf(links[0].url));

    expect(await signThrough(app, smtp, tokenOf(links[1].url), "bob@example.com")).toEqual({ ok: true, completed: false });
    env = await envelope(envelopeId);
    expect(env.status).toBe("partially_signed");
    expect(await signThrough(app, smtp, tokenOf(links[0].url), "jane@example.com", { signature: { kind: "typed", text: "J. Smith" } })).toEqual({ ok: true, completed: true });
    env = await envelope(envelopeId);
    expect(env.status).toBe("completed");
    expect(env.completedAt).toBe(clock.now().toISOString());
    expect(env.signers.every((s: { signedAt?: string }) => s.signedAt)).toBe(true);

    // A signed link is gone.
    const again = await publicCall(app, "GET", `/api/public/sign/${tokenOf(links[0].url)}`);
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ state: "gone" });

    await app.ctx.signatures.run();
    env = await envelope(envelopeId);
    expect(env.sealed).toBe(true);
    expect(env.finalSha256).toMatch(/^[0-9a-f]{64}$/);
    const pdf = await a.api("GET", `/api/signatures/${envelopeId}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("x-content-sha256")).toBe(env.finalSha256);
    expect(countEvents("DOCUMENT_SIGNED")).toBe(1);
    // Every signer receives the signed PDF; the sender is told.
    for (const who of ["jane@example.com", "bob@example.com"]) {
      const m = await smtp.waitFor(who);
      expect(m.subject).toStartWith("Signed:");
      expect(m.raw).toContain("application/pdf");
    }
    expect((await mailTo(a.email, "Completed:")).subject).toStartWith("Completed:");

    const ev = await (await a.api("GET", `/api/signatures/${envelopeId}/evidence`)).json();
    expect(ev.chain.ok).toBe(true);
    const types = ev.events.map((e: { type: string }) => e.type);
    for (const t of ["created", "sent", "opened", "code_sent", "code_verified", "authenticated", "consented", "signed", "completed", "sealed"]) expect(types).toContain(t);
    const consent = ev.events.find((e: { type: string }) => e.type === "consented");
    expect(consent.data.consentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(consent.userAgent).toBe("SignerTest/1.0");
    expect(consent.ip).toMatch(/^198\.51\./);
    expect(consent.authMethod).toBe("email_otp");
  });
});

describe("sequential", () => {
  test("only the first signer is mailed; the next gets a fresh link of their own after the first signs", async () => {
    const docId = await generated("on/condo-lease", a);
    const r = await a.api("POST", `/api/documents/${docId}/signature`, { mode: "sequential" });
    expect(r.status).toBe(409); // Alex Lee has no email in the example
    expect((await r.json()).message).toContain("Alex Lee");

    const { envelopeId, links } = await send(docId, {
      mode: "sequential",
      signers: [
        { name: "Sam Lee", email: "sam@example.com", role: "tenant", order: 2 },
        { name: "Priya Patel", email: "priya@example.com", role: "landlord", order: 1 },
      ],
    });
    expect(links.map((l) => l.name)).toEqual(["Priya Patel", "Sam Lee"]);
    await smtp.waitFor("priya@example.com");
    expect(smtp.messages.some((m) => m.to.includes("sam@example.com"))).toBe(false);

    // Sam's link from the response works, but it is not Sam's turn.
    const early = await publicCall(app, "GET", `/api/public/sign/${tokenOf(links[1].url)}`);
    expect((await early.json()).signer.status).toBe("pending");
    const notYet = await publicCall(app, "POST", `/api/public/sign/${tokenOf(links[1].url)}`, { action: "decline" });
    expect(notYet.status).toBe(409);
    expect(await notYet.json()).toEqual({ error: "invalid_state", message: "it is not your turn to sign yet" });

    await signThrough(app, smtp, tokenOf(links[0].url), "priya@example.com");
    const samMail = await smtp.waitFor("sam@example.com");
    const mailed = tokenOf(samMail.text.match(/http:\/\/winnerr\.test\/sign\/\S+/)![0]);
    expect(mailed).not.toBe(tokenOf(links[1].url));
    tokens.push(mailed);
    expect((await envelope(envelopeId)).signers.map((s: { status: string }) => s.status)).toEqual(["signed", "sent"]);
    expect(await signThrough(app, smtp, mailed, "sam@example.com")).toEqual({ ok: true, completed: true });
  });
});

describe("invalid transitions and codes", () => {
  let token: string;
  beforeAll(async () => {
    const { links } = await send(await generated());
    token = tokenOf(links[0].url);
  });
  const post = (body: Record<string, unknown>) => publicCall(app, "POST", `/api/public/sign/${token}`, body);

  test("out of order is 409 invalid_state with the spec's message", async () => {
    let r = await post({ action: "authenticate", codeVerified: true });
    expect(r.status).toBe(409);
    expect((await r.json()).message).toBe("open the document before authenticating");
    await publicCall(app, "GET", `/api/public/sign/${token}`);
    r = await post({ action: "consent" });
    expect(await r.json()).toEqual({ error: "invalid_state", message: "authentication required before consent" });
    r = await post({ action: "sign" });
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ error: "invalid_state", message: "consent required before signing" });
  });

  test("codeVerified without a verified code is refused; wrong codes count down; a right one authenticates", async () => {
    let r = await post({ action: "authenticate", codeVerified: true });
    expect(await r.json()).toEqual({ error: "invalid_state", message: "verify the code sent to you before authenticating" });
    const code = await codeFromMail(app, smtp, token, "jane@example.com");
    const wrong = code === "000000" ? "111111" : "000000";
    r = await publicCall(app, "POST", `/api/public/sign/${token}/verify`, { code: wrong });
    expect(r.status).toBe(400);
    expect((await r.json()).message).toContain("4 attempts left");
    r = await post({ action: "authenticate", codeVerified: true });
    expect(r.status).toBe(409);
    r = await publicCall(app, "POST", `/api/public/sign/${token}/verify`, { code });
    expect(await r.json()).toEqual({ verified: true, attemptsLeft: 0 });
    expect((await post({ action: "authenticate", codeVerified: false })).status).toBe(409);
    expect((await post({ action: "authenticate", codeVerified: true })).status).toBe(200);
    expect((await post({ action: "authenticate", codeVerified: true })).status).toBe(409);
    expect((await post({ action: "consent" })).status).toBe(200);
    expect((await post({ action: "consent" })).status).toBe(409);
    r = await post({ action: "sign", signature: { kind: "drawn", image: "bm90IGEgcG5n" } });
    expect(r.status).toBe(400);
    r = await post({ action: "explode" });
    expect(r.status).toBe(400);
  });

  test("five wrong codes lock the code; a new one works", async () => {
    const { links } = await send(await generated());
    const t = tokenOf(links[1].url);
    await publicCall(app, "GET", `/api/public/sign/${t}`);
    const code = await codeFromMail(app, smtp, t, "bob@example.com");
    const wrong = code === "999999" ? "888888" : "999999";
    for (let i = 0; i < 5; i++) expect((await publicCall(app, "POST", `/api/public/sign/${t}/verify`, { code: wrong })).status).toBe(400);
    const locked = await publicCall(app, "POST", `/api/public/sign/${t}/verify`, { code });
    expect(locked.status).toBe(409);
    const fresh = await codeFromMail(app, smtp, t, "bob@example.com");
    expect((await publicCall(app, "POST", `/api/public/sign/${t}/verify`, { code: fresh })).status).toBe(200);
  });

  test("decline from an active state ends the envelope; the reason is kept as text", async () => {
    const { envelopeId, links } = await send(await generated());
    const t = tokenOf(links[0].url);
    await publicCall(app, "GET", `/api/public/sign/${t}`);
    const reason = "<script>alert('x')</script> price is wrong";
    expect((await publicCall(app, "POST", `/api/public/sign/${t}`, { action: "decline", reason })).status).toBe(200);
    expect((await envelope(envelopeId)).status).toBe("declined");
    expect((await mailTo(a.email, "Declined:")).subject).toStartWith("Declined:");
    const ev = await (await a.api("GET", `/api/signatures/${envelopeId}/evidence`)).json();
    expect(ev.events.find((e: { type: string }) => e.type === "declined").data.reason).toBe(reason);
    // The other signer's link is gone too.
    expect((await publicCall(app, "GET", `/api/public/sign/${tokenOf(links[1].url)}`)).status).toBe(404);
  });
});

describe("gone", () => {
  test("unknown, expired, signed and voided links all answer the same 404 { state: 'gone' }", async () => {
    const bodies: string[] = [];
    const gone = async (t: string) => {
      for (const [m, body] of [["GET", undefined], ["POST", { action: "consent" }]] as const) {
        const r = await publicCall(app, m, `/api/public/sign/${t}`, body);
        expect(r.status).toBe(404);
        bodies.push(await r.text());
      }
    };
    await gone("not-a-real-token");

    const voided = await send(await generated());
    let r = await a.api("DELETE", `/api/signatures/${voided.envelopeId}?reason=wrong%20price`);
    expect(await r.json()).toEqual({ voided: true });
    r = await a.api("DELETE", `/api/signatures/${voided.envelopeId}`);
    expect(r.status).toBe(409);
    expect((await r.json()).error).toBe("cannot_void");
    await gone(tokenOf(voided.links[0].url));

    const expiring = await send(await generated(), { expiresInDays: 1 });
    expect((await envelope(expiring.envelopeId)).expiresAt).toBe(new Date(clock.now().getTime() + DAY).toISOString());
    clock.advance(DAY + 1000);
    await a.signIn();
    await b.signIn();
    await gone(tokenOf(expiring.links[0].url));
    await app.ctx.signatures.run();
    expect((await envelope(expiring.envelopeId)).status).toBe("expired");
    expect((await mailTo(a.email, "Expired")).subject).toStartWith("Expired");

    expect(new Set(bodies)).toEqual(new Set(['{"state":"gone"}']));
  });
});

describe("sender side", () => {
  test("only a GENERATED document of a typed pack can be sent", async () => {
    const draft = await (await a.api("POST", "/api/documents", { canonical: EXAMPLES["on/aps"] })).json();
    const r = await a.api("POST", `/api/documents/${draft.id}/signature`, {});
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ error: "cannot_send_for_signature", message: "the document must be GENERATED before it is sent (it is DRAFT)" });
    const bad = await a.api("POST", `/api/documents/${draft.id}/signature`, { mode: "sometimes" });
    expect(bad.status).toBe(400);
  });

  test("another organization's envelopes and documents are 404", async () => {
    const { envelopeId } = await send(await generated());
    for (const [m, p] of [["GET", `/api/signatures/${envelopeId}`], ["DELETE", `/api/signatures/${envelopeId}`], ["GET", `/api/signatures/${envelopeId}/evidence`], ["GET", `/api/signatures/${envelopeId}/pdf`]] as const) {
      expect((await b.api(m, p)).status).toBe(404);
    }
    const docOfA = (await envelope(envelopeId)).documentId;
    expect((await b.api("POST", `/api/documents/${docOfA}/signature`, {})).status).toBe(404);
    expect((await b.api("GET", `/api/documents/${docOfA}/signatures`)).status).toBe(404);
    const list = await (await a.api("GET", `/api/documents/${docOfA}/signatures`)).json();
    expect(list.envelopes[0].id).toBe(envelopeId);
  });

  test("resend mails that signer a new link and shows it to no one", async () => {
    const { envelopeId, links } = await send(await generated());
    await smtp.waitFor("jane@example.com");
    const r = await a.api("POST", `/api/signatures/${envelopeId}/signers/${links[0].signerId}/resend`);
    expect(await r.json()).toEqual({ sent: true });
    const mail = await smtp.waitFor("jane@example.com");
    const fresh = tokenOf(mail.text.match(/http:\/\/winnerr\.test\/sign\/\S+/)![0]);
    tokens.push(fresh);
    expect(fresh).not.toBe(tokenOf(links[0].url));
    expect((await publicCall(app, "GET", `/api/public/sign/${fresh}`)).status).toBe(200);
  });

  test("reminders go out every SIGNATURE_REMINDER_DAYS until signed", async () => {
    const { links } = await send(await generated());
    await smtp.waitFor("bob@example.com");
    clock.advance(3 * DAY + 1000);
    await a.signIn();
    await app.ctx.signatures.run();
    // Every unsigned envelope Bob is on gets one reminder, with a new link that opens it.
    const reminders = smtp.messages.filter((m) => m.to.includes("bob@example.com") && m.subject.startsWith("Reminder:"));
    expect(reminders.length).toBeGreaterThan(0);
    for (const m of reminders) {
      smtp.messages.splice(smtp.messages.indexOf(m), 1);
      tokens.push(tokenOf(m.text.match(/http:\/\/winnerr\.test\/sign\/\S+/)![0]));
    }
    expect(tokens.at(-1)).not.toBe(tokenOf(links[1].url));
    expect((await publicCall(app, "GET", `/api/public/sign/${tokens.at(-1)}`)).status).toBe(200);
    await app.ctx.signatures.run();
    expect(smtp.messages.some((m) => m.to.includes("bob@example.com") && m.subject.startsWith("Reminder:"))).toBe(false);
  });
});

test("no raw link token appears in any log line", () => {
  const logs = app.rawLogs.join("\n");
  expect(tokens.length).toBeGreaterThan(10);
  for (const t of tokens) expect(logs).not.toContain(t);
});
