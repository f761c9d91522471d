// What an auditor checks after a signing: the final PDF's digital signature (ours and poppler's
// pdfsig), its certificate of completion, the public verification routes, and that the evidence
// log resists tampering — by the database's triggers, and by its hash chain when those are gone.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { ManualClock } from "../../src/lib/clock";
import { sha256Hex } from "../../src/lib/crypto";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { verifyPdfSignature } from "../../src/modules/sealing/verify";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startSmtp, type TestSmtp } from "../support/smtp";
import { publicCall, signThrough, tokenOf } from "../support/signing";

let app: TestApp;
let smtp: TestSmtp;
let a: TestAccount;
const clock = new ManualClock(new Date("2026-06-25T14:00:00Z"));
const tokens: string[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), "winnerr-evidence-"));

/** The envelope signed in beforeAll, and what its final PDF looks like. */
let docId: string;
let envelopeId: string;
let pdf: Uint8Array;
let modified: Uint8Array;
let appended: Uint8Array;

type Link = { signerId: string; name: string; email: string; role: string; url: string };

async function generated(): Promise<string> {
  const doc = await (await a.api("POST", "/api/documents", { canonical: EXAMPLES["on/aps"] })).json();
  expect((await a.api("POST", `/api/documents/${doc.id}/generate`)).status).toBe(200);
  return doc.id;
}

async function send(id: string) {
  const r = await a.api("POST", `/api/documents/${id}/signature`, {});
  expect(r.status).toBe(201);
  const out = (await r.json()) as { envelopeId: string; links: Link[] };
  for (const l of out.links) tokens.push(tokenOf(l.url));
  // The request mails: their links are collected for the log check.
  for (const l of out.links) {
    const link = (await smtp.waitFor(l.email)).text.match(/http:\/\/winnerr\.test\/sign\/\S+/);
    expect(link).not.toBeNull();
    tokens.push(tokenOf(link![0]));
  }
  return out;
}

const envelope = async (id: string) => (await a.api("GET", `/api/signatures/${id}`)).json();
const evidence = async (id: string) => (await a.api("GET", `/api/signatures/${id}/evidence`)).json();

async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ("str" in it ? it.str : "")).join(" "));
  }
  return pages;
}

/** The signature's ByteRange [a, b, c, d]: the /Contents hex is the gap [a+b, c). */
function byteRange(bytes: Uint8Array): [number, number, number, number] {
  const m = [...Buffer.from(bytes).toString("latin1").matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].at(-1);
  expect(m).toBeDefined();
  return m!.slice(1, 5).map(Number) as [number, number, number, number];
}

beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({ clock, env: { SMTP_URL: smtp.url, PUBLIC_URL: "http://winnerr.test", TRUSTED_PROXIES: "127.0.0.1" } });
  a = await ownerOf(app, "Harbour Realty");

  docId = await generated();
  const sent = await send(docId);
  envelopeId = sent.envelopeId;
  const [jane, bob] = sent.links;
  expect(await signThrough(app, smtp, tokenOf(jane.url), jane.email)).toEqual({ ok: true, completed: false });
  expect(await signThrough(app, smtp, tokenOf(bob.url), bob.email)).toEqual({ ok: true, completed: true });
  await app.ctx.signatures.run();
  const r = await a.api("GET", `/api/signatures/${envelopeId}/pdf`);
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toStartWith("application/pdf");
  pdf = new Uint8Array(await r.arrayBuffer());

  // One byte flipped in the middle of the file, outside the /Contents hex the signature leaves out.
  const [ra, rb, rc] = byteRange(pdf);
  let at = Math.floor(pdf.length / 2);
  if (at >= ra + rb && at < rc) at = Math.floor((ra + rb) / 2);
  modified = pdf.slice();
  modified[at] ^= 0x01;
  appended = new Uint8Array([...pdf, ...new TextEncoder().encode("\n% appended after signing\n")]);
}, 60_000);

afterAll(async () => {
  await app.stop();
  await smtp.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("the final PDF", () => {
  test("carries one valid digital signature over the whole file; a flipped byte or appended bytes are detected", () => {
    expect(verifyPdfSignature(pdf)).toMatchObject({ signed: true, valid: true, byteRangeCoversWholeFile: true, signatureCount: 1 });
    expect(verifyPdfSignature(pdf).reason).toBeUndefined();

    const flipped = verifyPdfSignature(modified);
    expect(flipped.signed).toBe(true);
    expect(flipped.valid).toBe(false);

    const longer = verifyPdfSignature(appended);
    expect(longer.byteRangeCoversWholeFile).toBe(false);
    expect(longer.reason).toContain("bytes after the signed range");
  });

  test("the certificate of completion names the envelope, the original hash, both signers, the auth method, the chain head and the absent timestamp", async () => {
    const doc = await (await a.api("GET", `/api/documents/${docId}`)).json();
    expect(doc.pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
    const ev = await evidence(envelopeId);
    expect(ev.chain.ok).toBe(true);

    const pages = await pdfPages(pdf);
    const certPages = pages.filter((p) => /certificate of completion/i.test(p));
    expect(certPages.length).toBeGreaterThan(0);
    const cert = certPages.join("\n");
    // Long hex values may be wrapped across lines: compare them with the whitespace taken out.
    const compact = cert.replace(/\s+/g, "");

    expect(compact).toContain(envelopeId);
    expect(compact.match(/DocumentSHA-256([0-9a-f]{64})/)?.[1]).toBe(doc.pdf.sha256);
    for (const [name, email] of [["Jane Smith", "jane@example.com"], ["Bob Jones", "bob@example.com"]]) {
      expect(cert).toContain(name);
      expect(compact).toContain(email);
    }
    // Each signer's authentication, in words: the emailed link plus the emailed one-time code.
    expect(cert.match(/Authentication\s+Email link \+ emailed one-time code/g)).toHaveLength(2);
    // The certificate is made before the "sealed" event that records the final PDF's hash, so its
    // chain head is the hash that "sealed" links to; the route's chain.head has moved on by one.
    const sealed = ev.events.at(-1);
    expect(sealed.type).toBe("sealed");
    expect(sealed.hash).toBe(ev.chain.head);
    expect(sealed.prevHash).toBe(ev.events.at(-2).hash);
    expect(ev.events.at(-2).type).toBe("completed");
    expect(compact.match(/Evidencechainhead([0-9a-f]{64})/)?.[1]).toBe(sealed.prevHash);
    expect(cert).toContain("No trusted timestamp");
    expect(cert).not.toMatch(/Trusted timestamp from/);
  });

  test("poppler's pdfsig finds the signature valid and whole, and the changed copies not", async () => {
    if (!Bun.which("pdfsig")) return; // poppler-utils
    const run = async (name: string, bytes: Uint8Array) => {
      const file = path.join(scratch, name);
      await Bun.write(file, bytes);
      const p = Bun.spawnSync(["pdfsig", file]);
      return p.stdout.toString() + p.stderr.toString();
    };
    const out = await run("final.pdf", pdf);
    expect(out).toContain("Signature is Valid");
    expect(out).toContain("Total document signed");
    expect(out).not.toContain("Not total document signed");
    expect(out).toContain("Winnerr appliance winnerr.test");
    expect(await run("flipped.pdf", modified)).not.toContain("Signature is Valid");
    expect(await run("appended.pdf", appended)).toContain("Not total document signed");
  });
});

describe("public verification", () => {
  test("by SHA-256: the final hash is verified with its signers; an unknown one is not; a malformed one is 400", async () => {
    const env = await envelope(envelopeId);
    expect(env.finalSha256).toBe(sha256Hex(pdf));

    let r = await publicCall(app, "POST", "/api/public/verify", { sha256: env.finalSha256 });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({ verified: true, sha256: env.finalSha256, envelopeId, completedAt: env.completedAt });
    expect(body.signers.map((s: { name: string; role: string }) => `${s.role}:${s.name}`)).toEqual(["buyer:Jane Smith", "seller:Bob Jones"]);
    for (const s of body.signers) expect(s.signedAt).toBeString();
    // Nothing beyond names and roles: no emails or IPs for anyone holding a hash.
    expect(JSON.stringify(body)).not.toContain("@example.com");

    r = await publicCall(app, "POST", "/api/public/verify", { sha256: env.finalSha256.toUpperCase() });
    expect((await r.json()).verified).toBe(true);

    // The generated document's own hash is not a completed signing.
    const original = (await (await a.api("GET", `/api/documents/${docId}`)).json()).pdf.sha256;
    for (const sha of ["0".repeat(64), original]) {
      r = await publicCall(app, "POST", "/api/public/verify", { sha256: sha });
      expect(r.status).toBe(200);
      const b = await r.json();
      expect(b.verified).toBe(false);
      expect(b.envelopeId).toBeUndefined();
      expect(b.signers).toBeUndefined();
    }

    for (const bad of ["xyz", "g".repeat(64), env.finalSha256.slice(1)]) {
      r = await publicCall(app, "POST", "/api/public/verify", { sha256: bad });
      expect(r.status).toBe(400);
      const b = await r.json();
      expect(typeof b.error).toBe("string");
      expect(typeof b.message).toBe("string");
    }
  });

  test("by upload: the final PDF is verified with a valid signature; the one-byte-changed copy is not", async () => {
    const upload = (bytes: Uint8Array) =>
      app.fetch("/api/public/verify/pdf", { method: "POST", headers: { "Content-Type": "application/pdf", "X-Forwarded-For": "203.0.113.90" }, body: bytes.slice() });
    let r = await upload(pdf);
    expect(r.status).toBe(200);
    let body = await r.json();
    expect(body).toMatchObject({ verified: true, envelopeId, sha256: sha256Hex(pdf), signature: { valid: true, coversWholeFile: true } });
    expect(body.signers.map((s: { name: string }) => s.name)).toEqual(["Jane Smith", "Bob Jones"]);

    r = await upload(modified);
    expect(r.status).toBe(200);
    body = await r.json();
    expect(body.verified).toBe(false);
    expect(body.signature.valid).toBe(false);
    expect(body.envelopeId).toBeUndefined();

    r = await upload(appended);
    body = await r.json();
    expect(body.verified).toBe(false);
    expect(body.signature).toEqual({ valid: true, coversWholeFile: false });

    r = await upload(new Uint8Array(0));
    expect(r.status).toBe(400);
  });
});

describe("tamper evidence", () => {
  test("the database refuses to change or remove evidence, and to delete a completed envelope within retention", async () => {
    const db = app.ctx.db.writer;
    const count = () => (app.ctx.db.reader.query("SELECT count(*) AS n FROM signature_events WHERE envelope_id = ?").get(envelopeId) as { n: number }).n;
    const before = count();
    expect(before).toBeGreaterThan(10);
    expect(() => db.query("UPDATE signature_events SET ip = '6.6.6.6' WHERE envelope_id = ?").run(envelopeId)).toThrow(/append-only/);
    expect(() => db.query("DELETE FROM signature_events WHERE envelope_id = ? AND seq = 1").run(envelopeId)).toThrow(/append-only/);
    expect(() => db.query("DELETE FROM signature_envelopes WHERE id = ?").run(envelopeId)).toThrow(/retention/);
    expect(count()).toBe(before);
    expect((await envelope(envelopeId)).status).toBe("completed");
    expect((await evidence(envelopeId)).chain.ok).toBe(true);
  });

  test("with the trigger gone, an edited event breaks the chain at that entry, and a completed envelope with an edited chain is not sealed", async () => {
    const db = app.ctx.db.writer;
    // An attacker with the database file: drop the guard and rewrite where Jane opened the link from.
    db.run("DROP TRIGGER signature_events_no_update");
    try {
      const ev = await evidence(envelopeId);
      const janeId = (await envelope(envelopeId)).signers.find((s: { email: string }) => s.email === "jane@example.com").id;
      const opened = ev.events.find((e: { type: string; signerId: string }) => e.type === "opened" && e.signerId === janeId);
      expect(opened.ip).toMatch(/^198\.51\./);
      db.query("UPDATE signature_events SET ip = '192.0.2.66' WHERE envelope_id = ? AND seq = ?").run(envelopeId, opened.seq);
      const after = await evidence(envelopeId);
      expect(after.chain.ok).toBe(false);
      expect(after.chain.brokenAt).toBe(opened.seq);
      expect(after.chain.reason).toContain("altered");
      expect(after.events.find((e: { seq: number }) => e.seq === opened.seq).ip).toBe("192.0.2.66");

      // A second envelope: Jane signs, her "signed" entry is edited, then Bob completes it.
      const second = await send(await generated());
      const [jane, bob] = second.links;
      await signThrough(app, smtp, tokenOf(jane.url), jane.email);
      const signedSeq = (await evidence(second.envelopeId)).events.find((e: { type: string }) => e.type === "signed").seq;
      db.query("UPDATE signature_events SET ip = '192.0.2.67' WHERE envelope_id = ? AND seq = ?").run(second.envelopeId, signedSeq);
      expect(await signThrough(app, smtp, tokenOf(bob.url), bob.email)).toEqual({ ok: true, completed: true });

      await app.ctx.signatures.run();
      const env = await envelope(second.envelopeId);
      expect(env.status).toBe("completed");
      expect(env.sealed).toBe(false);
      expect(env.finalSha256).toBeNull();
      const pdfRes = await a.api("GET", `/api/signatures/${second.envelopeId}/pdf`);
      expect(pdfRes.status).toBe(409);
      expect((await pdfRes.json()).error).toBe("not_sealed");
      const failures = app.logs.filter((l) => l.msg === "sealing failed" || JSON.stringify(l).includes("sealing failed"));
      const mine = failures.filter((l) => JSON.stringify(l).includes(second.envelopeId));
      expect(mine.length).toBeGreaterThan(0);
      expect(JSON.stringify(mine[0])).toContain("evidence log is broken");
      expect((await evidence(second.envelopeId)).chain).toMatchObject({ ok: false, brokenAt: signedSeq });
      const signedEvents = app.ctx.db.reader.query("SELECT count(*) AS n FROM events WHERE name = 'DOCUMENT_SIGNED' AND json_extract(payload, '$.envelopeId') = ?").get(second.envelopeId) as { n: number };
      expect(signedEvents.n).toBe(0);
    } finally {
      db.run("CREATE TRIGGER IF NOT EXISTS signature_events_no_update BEFORE UPDATE ON signature_events BEGIN SELECT RAISE(ABORT, 'signature events are append-only evidence'); END");
    }
  }, 30_000);
});

test("no raw link token appears in any log line", () => {
  for (const m of smtp.messages) {
    const link = m.text.match(/http:\/\/winnerr\.test\/sign\/\S+/);
    if (link) tokens.push(tokenOf(link[0]));
  }
  const logs = app.rawLogs.join("\n");
  expect(tokens.length).toBeGreaterThanOrEqual(8);
  expect(logs).toContain("sealing failed");
  for (const t of tokens) expect(logs).not.toContain(t);
});
