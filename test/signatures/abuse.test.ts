// Abuse of the public signer endpoint over HTTP: per-IP rate limits (also for guessed tokens),
// Cloudflare Turnstile against a real siteverify server on loopback, one-time codes that age out,
// and a hundred racing sign requests on one envelope of twenty signers.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MINUTE, ManualClock } from "../../src/lib/clock";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startSmtp, type TestSmtp } from "../support/smtp";
import { codeFromMail, publicCall, tokenOf } from "../support/signing";

let app: TestApp;
let smtp: TestSmtp;
let a: TestAccount;
const clock = new ManualClock(new Date("2026-06-25T14:00:00Z"));
const tokens: string[] = [];
/** Every app this file started, for the log check at the end. */
const apps: TestApp[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({ clock, env: { SMTP_URL: smtp.url, PUBLIC_URL: "http://winnerr.test", TRUSTED_PROXIES: "127.0.0.1" } });
  apps.push(app);
  a = await ownerOf(app, "Harbour Realty");
});
afterAll(async () => {
  for (const x of apps) await x.stop();
  await smtp.close();
});

type Link = { signerId: string; name: string; email: string; role: string; url: string };

async function generated(account: TestAccount): Promise<string> {
  const doc = await (await account.api("POST", "/api/documents", { canonical: EXAMPLES["on/aps"] })).json();
  expect((await account.api("POST", `/api/documents/${doc.id}/generate`)).status).toBe(200);
  return doc.id;
}

async function send(account: TestAccount, docId: string, body: Record<string, unknown> = {}) {
  const r = await account.api("POST", `/api/documents/${docId}/signature`, body);
  expect(r.status).toBe(201);
  const out = (await r.json()) as { envelopeId: string; links: Link[] };
  for (const l of out.links) tokens.push(tokenOf(l.url));
  return out;
}

/** The signer's request mail (sent on create): its link is collected for the log check. */
async function requestMail(email: string) {
  const m = await smtp.waitFor(email);
  const link = m.text.match(/http:\/\/winnerr\.test\/sign\/\S+/);
  expect(link).not.toBeNull();
  tokens.push(tokenOf(link![0]));
  return m;
}

/** open → code (read from the mail) → verify → authenticate → consent, each step checked. */
async function toConsented(on: TestApp, token: string, email: string) {
  expect((await publicCall(on, "GET", `/api/public/sign/${token}`)).status).toBe(200);
  const code = await codeFromMail(on, smtp, token, email);
  expect((await publicCall(on, "POST", `/api/public/sign/${token}/verify`, { code })).status).toBe(200);
  for (const action of ["authenticate", "consent"]) {
    const r = await publicCall(on, "POST", `/api/public/sign/${token}`, { action, codeVerified: true });
    expect({ action, status: r.status }).toEqual({ action, status: 200 });
  }
}

const signerStatus = async (account: TestAccount, envelopeId: string) =>
  Object.fromEntries(((await (await account.api("GET", `/api/signatures/${envelopeId}`)).json()).signers as { email: string; status: string }[]).map((s) => [s.email, s.status]));

/** A 429 of the public family: Retry-After in whole seconds, JSON { error, message }. */
async function expectThrottled(r: Response) {
  expect(r.status).toBe(429);
  const retryAfter = r.headers.get("retry-after");
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThan(0);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  const body = await r.json();
  expect(Object.keys(body).sort()).toEqual(["error", "message"]);
  expect(body.error).toBe("rate_limited");
  expect(typeof body.message).toBe("string");
  expect(body.message.length).toBeGreaterThan(0);
}

/** n guessed links in a row, each answered gone (and counted by the limiter). */
async function expectAllGone(n: number, call: (i: number) => Promise<Response>) {
  const statuses: number[] = [];
  for (let i = 1; i <= n; i++) {
    const r = await call(i);
    statuses.push(r.status);
    if (r.status === 404) expect(await r.json()).toEqual({ state: "gone" });
  }
  expect(statuses).toEqual(Array(n).fill(404));
}

describe("rate limits per client IP", () => {
  test("GET /api/public/sign/:token: 60 a minute, gone answers count too; other IPs unaffected; a minute later it works again", async () => {
    const { envelopeId, links } = await send(a, await generated(a));
    const real = tokenOf(links[0].url);
    const ip = "203.0.113.10";
    const get = (token: string, xff: string) => publicCall(app, "GET", `/api/public/sign/${token}`, undefined, { "X-Forwarded-For": xff });

    // 60 guesses from one address are answered (gone), and every one counts: the 61st is refused.
    await expectAllGone(60, (i) => get(`guessed-token-${i}`, ip));
    await expectThrottled(await get("guessed-token-61", ip));
    // A real link from the throttled address is refused as well, and not recorded as opened.
    await expectThrottled(await get(real, ip));
    expect((await signerStatus(a, envelopeId))["jane@example.com"]).toBe("sent");

    // Another client is not affected.
    const other = await get(real, "203.0.113.11");
    expect(other.status).toBe(200);
    expect((await other.json()).signer.status).toBe("opened");

    clock.advance(61_000);
    const again = await get(real, ip);
    expect(again.status).toBe(200);
    expect((await again.json()).state).toBe("active");
  });

  test("POST /api/public/sign/:token: 30 a minute, gone answers count too; other IPs unaffected; a minute later it works again", async () => {
    const { links } = await send(a, await generated(a));
    const real = tokenOf(links[1].url);
    const ip = "203.0.113.20";
    const post = (token: string, xff: string) => publicCall(app, "POST", `/api/public/sign/${token}`, { action: "consent" }, { "X-Forwarded-For": xff });

    await expectAllGone(30, (i) => post(`guessed-token-${i}`, ip));
    await expectThrottled(await post("guessed-token-31", ip));
    await expectThrottled(await post(real, ip));

    // Another address reaches the state machine (consent before authenticating is out of order).
    const other = await post(real, "203.0.113.21");
    expect(other.status).toBe(409);
    expect((await other.json()).error).toBe("invalid_state");

    clock.advance(61_000);
    const again = await post("guessed-token-after", ip);
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ state: "gone" });
  });
});

describe("Turnstile", () => {
  let ts: TestApp;
  let owner: TestAccount;
  let siteverify: ReturnType<typeof Bun.serve>;
  const seen: { method: string; contentType: string | null; secret: string | null; response: string | null; remoteip: string | null }[] = [];

  beforeAll(async () => {
    // Cloudflare's siteverify: a form POST of secret, response and remoteip; success only for the right pair.
    siteverify = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      async fetch(req) {
        const form = new URLSearchParams(await req.text());
        const entry = { method: req.method, contentType: req.headers.get("content-type"), secret: form.get("secret"), response: form.get("response"), remoteip: form.get("remoteip") };
        seen.push(entry);
        const success = req.method === "POST" && entry.secret === "ts-secret" && entry.response === "good-token";
        return Response.json(success ? { success: true, "error-codes": [] } : { success: false, "error-codes": ["invalid-input-response"] });
      },
    });
    ts = await startTestApp({
      clock: new ManualClock(new Date("2026-06-25T14:00:00Z")),
      env: {
        SMTP_URL: smtp.url, PUBLIC_URL: "http://winnerr.test", TRUSTED_PROXIES: "127.0.0.1",
        TURNSTILE_SECRET_KEY: "ts-secret", TURNSTILE_VERIFY_URL: `http://127.0.0.1:${siteverify.port}/turnstile/v0/siteverify`,
      },
    });
    apps.push(ts);
    owner = await ownerOf(ts, "Turnstile Realty");
  });
  afterAll(() => {
    siteverify.stop(true);
  });

  test("sign and decline need a token siteverify accepts; authenticate and consent do not; an unreachable siteverify refuses", async () => {
    const signers = [
      { name: "Tess Turner", email: "tess@turnstile.example", role: "buyer" },
      { name: "Fay Closed", email: "fay@turnstile.example", role: "seller" },
    ];
    const { envelopeId, links } = await send(owner, await generated(owner), { signers });
    const [tess, fay] = links.map((l) => tokenOf(l.url));
    for (const s of signers) await requestMail(s.email);

    // authenticate and consent never ask siteverify.
    await toConsented(ts, tess, "tess@turnstile.example");
    await toConsented(ts, fay, "fay@turnstile.example");
    expect(seen).toHaveLength(0);

    const sign = (token: string, extra: Record<string, unknown>, xff = "203.0.113.77") =>
      publicCall(ts, "POST", `/api/public/sign/${token}`, { action: "sign", ...extra }, { "X-Forwarded-For": xff });
    let r = await sign(tess, {});
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ error: "turnstile_failed", message: expect.any(String) });
    expect(seen).toHaveLength(0); // no token: refused without asking

    r = await sign(tess, { turnstileToken: "bad-token" });
    expect(r.status).toBe(403);
    expect((await r.json()).error).toBe("turnstile_failed");
    expect(seen).toHaveLength(1);
    expect((await signerStatus(owner, envelopeId))["tess@turnstile.example"]).toBe("consented");

    r = await sign(tess, { turnstileToken: "good-token" });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, completed: false });
    expect(seen).toHaveLength(2);
    for (const s of seen) {
      expect(s.method).toBe("POST");
      expect(s.contentType).toStartWith("application/x-www-form-urlencoded");
      expect(s.secret).toBe("ts-secret");
      expect(s.remoteip).toBe("203.0.113.77");
    }
    expect(seen.map((s) => s.response)).toEqual(["bad-token", "good-token"]);
    expect((await signerStatus(owner, envelopeId))["tess@turnstile.example"]).toBe("signed");

    // Decline likewise.
    const declining = await send(owner, await generated(owner), { signers: [{ name: "Dan Decliner", email: "dan@turnstile.example", role: "buyer" }] });
    await requestMail("dan@turnstile.example");
    const dan = tokenOf(declining.links[0].url);
    expect((await publicCall(ts, "GET", `/api/public/sign/${dan}`)).status).toBe(200);
    const decline = (extra: Record<string, unknown>) =>
      publicCall(ts, "POST", `/api/public/sign/${dan}`, { action: "decline", reason: "no", ...extra }, { "X-Forwarded-For": "203.0.113.78" });
    r = await decline({});
    expect(r.status).toBe(403);
    expect((await r.json()).error).toBe("turnstile_failed");
    r = await decline({ turnstileToken: "bad-token" });
    expect(r.status).toBe(403);
    expect((await r.json()).error).toBe("turnstile_failed");
    expect((await (await owner.api("GET", `/api/signatures/${declining.envelopeId}`)).json()).status).toBe("sent");
    r = await decline({ turnstileToken: "good-token" });
    expect(r.status).toBe(200);
    expect((await (await owner.api("GET", `/api/signatures/${declining.envelopeId}`)).json()).status).toBe("declined");
    expect(seen.at(-1)).toMatchObject({ secret: "ts-secret", response: "good-token", remoteip: "203.0.113.78" });

    // Fail closed: with siteverify gone, even a good token is refused and nothing is signed.
    siteverify.stop(true);
    r = await sign(fay, { turnstileToken: "good-token" });
    expect(r.status).toBe(403);
    expect((await r.json()).error).toBe("turnstile_failed");
    const env = await (await owner.api("GET", `/api/signatures/${envelopeId}`)).json();
    expect(env.status).toBe("partially_signed");
    expect(env.signers.find((s: { email: string }) => s.email === "fay@turnstile.example").status).toBe("consented");
  });
});

describe("one-time codes age out", () => {
  test("a code verified more than 10 minutes ago no longer backs authenticate; a fresh one does", async () => {
    const { links } = await send(a, await generated(a));
    await requestMail("jane@example.com");
    await requestMail("bob@example.com");
    const t = tokenOf(links[0].url);
    expect((await publicCall(app, "GET", `/api/public/sign/${t}`)).status).toBe(200);
    const code = await codeFromMail(app, smtp, t, "jane@example.com");
    expect(await (await publicCall(app, "POST", `/api/public/sign/${t}/verify`, { code })).json()).toEqual({ verified: true, attemptsLeft: 0 });

    clock.advance(11 * MINUTE);
    let r = await publicCall(app, "POST", `/api/public/sign/${t}`, { action: "authenticate", codeVerified: true });
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ error: "invalid_state", message: "verify the code sent to you before authenticating" });

    const fresh = await codeFromMail(app, smtp, t, "jane@example.com");
    expect((await publicCall(app, "POST", `/api/public/sign/${t}/verify`, { code: fresh })).status).toBe(200);
    r = await publicCall(app, "POST", `/api/public/sign/${t}`, { action: "authenticate", codeVerified: true });
    expect(r.status).toBe(200);
  });

  test("a code not used within 10 minutes expires: the right code is then 409 invalid_state", async () => {
    const { links } = await send(a, await generated(a));
    await requestMail("jane@example.com");
    await requestMail("bob@example.com");
    const t = tokenOf(links[1].url);
    expect((await publicCall(app, "GET", `/api/public/sign/${t}`)).status).toBe(200);
    const code = await codeFromMail(app, smtp, t, "bob@example.com");
    clock.advance(11 * MINUTE);
    const r = await publicCall(app, "POST", `/api/public/sign/${t}/verify`, { code });
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ error: "invalid_state", message: "request a new code" });
    expect((await publicCall(app, "POST", `/api/public/sign/${t}`, { action: "authenticate", codeVerified: true })).status).toBe(409);
  });
});

describe("concurrency", () => {
  test("100 racing sign requests on 20 consented signers: each signs once, exactly one completes, one DOCUMENT_SIGNED", async () => {
    await a.signIn(); // the clock moved past the access token's 15 minutes
    const signers = Array.from({ length: 20 }, (_, i) => ({ name: `Crowd Signer ${i + 1}`, email: `crowd${i + 1}@crowd.example`, role: i % 2 ? "seller" : "buyer" }));
    const { envelopeId, links } = await send(a, await generated(a), { mode: "parallel", signers });
    expect(links.map((l) => l.email)).toEqual(signers.map((s) => s.email));
    for (const s of signers) await requestMail(s.email);

    await Promise.all(links.map((l) => toConsented(app, tokenOf(l.url), l.email)));
    const before = await (await a.api("GET", `/api/signatures/${envelopeId}`)).json();
    expect(before.signers.map((s: { status: string }) => s.status)).toEqual(Array(20).fill("consented"));

    // Five requests per signer, interleaved, each from its own address.
    const attempts = Array.from({ length: 5 }, () => links.map((l) => tokenOf(l.url))).flat();
    const answers = await Promise.all(attempts.map(async (token) => {
      const r = await publicCall(app, "POST", `/api/public/sign/${token}`, { action: "sign" });
      return { token, status: r.status, body: await r.json() };
    }));
    const ok = answers.filter((x) => x.status === 200);
    expect(ok).toHaveLength(20);
    expect(ok.filter((x) => x.body.completed === true)).toHaveLength(1);
    expect(ok.filter((x) => x.body.completed === false)).toHaveLength(19);
    for (const x of ok) expect(Object.keys(x.body).sort()).toEqual(["completed", "ok"]);
    expect(new Set(ok.map((x) => x.token)).size).toBe(20);
    const rest = answers.filter((x) => x.status !== 200);
    expect(rest).toHaveLength(80);
    for (const x of rest) {
      expect(x.status).toBe(404);
      expect(x.body).toEqual({ state: "gone" });
    }

    const env = await (await a.api("GET", `/api/signatures/${envelopeId}`)).json();
    expect(env.status).toBe("completed");
    expect(env.signers).toHaveLength(20);
    for (const s of env.signers) {
      expect(s.status).toBe("signed");
      expect(s.signedAt).toBeString();
    }

    await app.ctx.signatures.run();
    const signed = app.ctx.db.reader.query("SELECT count(*) AS n FROM events WHERE name = 'DOCUMENT_SIGNED' AND json_extract(payload, '$.envelopeId') = ?").get(envelopeId) as { n: number };
    expect(signed.n).toBe(1);
    expect((await (await a.api("GET", `/api/signatures/${envelopeId}`)).json()).sealed).toBe(true);

    const ev = await (await a.api("GET", `/api/signatures/${envelopeId}/evidence`)).json();
    expect(ev.chain.ok).toBe(true);
    const signedEvents = ev.events.filter((e: { type: string }) => e.type === "signed");
    expect(signedEvents).toHaveLength(20);
    expect(new Set(signedEvents.map((e: { signerId: string }) => e.signerId))).toEqual(new Set(env.signers.map((s: { id: string }) => s.id)));
    expect(ev.events.filter((e: { type: string }) => e.type === "completed")).toHaveLength(1);
    // The completion is recorded after the last signature, and nothing is signed after it.
    const types = ev.events.map((e: { type: string }) => e.type);
    expect(types.lastIndexOf("signed")).toBeLessThan(types.indexOf("completed"));
    expect(ev.events.map((e: { seq: number }) => e.seq)).toEqual(ev.events.map((_: unknown, i: number) => i + 1));
  }, 60_000);
});

test("no raw link token appears in any log line of either app", () => {
  const logs = apps.map((x) => x.rawLogs.join("\n")).join("\n");
  for (const m of smtp.messages) {
    const link = m.text.match(/http:\/\/winnerr\.test\/sign\/\S+/);
    if (link) tokens.push(tokenOf(link[0]));
  }
  expect(tokens.length).toBeGreaterThan(30);
  expect(logs.length).toBeGreaterThan(0);
  for (const t of tokens) expect(logs).not.toContain(t);
});
