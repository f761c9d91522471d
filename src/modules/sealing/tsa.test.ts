// RFC 3161 against real timestamp authorities on loopback: a minimal one built with node-forge
// (testing.ts) that grants, refuses or answers wrongly on demand, and, where openssl is installed,
// OpenSSL's own `openssl ts -reply`. What is checked is what the sealed PDF then says.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { sha256Hex } from "../../lib/crypto";
import { EXAMPLES } from "../forms/examples";
import { renderPdf, type Rendered } from "../forms/pdf";
import { packFor } from "../forms/registry";
import { formatEvidenceTime } from "./format";
import { loadSigningIdentity, type SigningIdentity } from "./identity";
import { sealDocument } from "./seal";
import { signPdf } from "./sign";
import { exampleCertificate, pdfPagesText, startTestTsa, type TestTsa } from "./testing";
import { checkTimestampToken, requestTimestamp } from "./tsa";
import { verifyPdfSignature } from "./verify";

let dir: string;
let identity: SigningIdentity;
let doc: Rendered;
let tsa: TestTsa;

beforeAll(async () => {
  dir = mkdtempSync(`${tmpdir()}/winnerr-tsa-`);
  identity = loadSigningIdentity({ dataDir: `${dir}/data`, commonName: "Winnerr appliance tsa.example" });
  doc = await renderPdf({ pack: packFor("on/aps")!, canonical: EXAMPLES["on/aps"], documentId: "doc_test" });
  tsa = startTestTsa();
});
afterAll(() => {
  tsa.stop();
  rmSync(dir, { recursive: true, force: true });
});

const seal = (tsaUrl: string | null, opts: { tsaTimeoutMs?: number } = {}) => {
  const certificate = exampleCertificate(doc.signatureBlocks, doc.sha256);
  return sealDocument({
    documentPdf: doc.bytes,
    blocks: doc.signatureBlocks,
    signatures: doc.signatureBlocks.map((b, i) => ({ blockIndex: i, kind: "typed" as const, text: b.name, signedAt: certificate.signers[i].signedAt })),
    certificate,
    identity,
    tsaUrl,
    ...opts,
  });
};
const certificateText = async (bytes: Uint8Array) => (await pdfPagesText(bytes)).slice(doc.pages).join(" ");

test("a granted timestamp: time, serial and authority from a token whose imprint, nonce and signature check out", async () => {
  tsa.mode = "granted";
  const digest = sha256Hex("the signed pages");
  const t = await requestTimestamp(tsa.url, digest);
  if (!t.ok) throw new Error(t.reason);
  expect(t.url).toBe(tsa.url);
  expect(t.time).toBe(tsa.time.toISOString());
  expect(t.authority).toBe("Test TSA");
  expect(t.serialNumber).toMatch(/^[0-9a-f]+$/);
  expect(checkTimestampToken(t.token, { sha256: new Uint8Array(Buffer.from(digest, "hex")) })).toMatchObject({ ok: true, time: t.time });
  expect(checkTimestampToken(t.token, { sha256: new Uint8Array(Buffer.from(sha256Hex("something else"), "hex")) })).toMatchObject({ ok: false });
  // The token is the TSA's signature: one changed byte and it no longer checks.
  const changed = t.token.slice();
  changed[changed.length - 10] ^= 1;
  expect(checkTimestampToken(changed, { sha256: new Uint8Array(Buffer.from(digest, "hex")) }).ok).toBe(false);
});

test("sealing with a TSA: the certificate states the trusted time and the signature carries a token", async () => {
  tsa.mode = "granted";
  const before = tsa.requests;
  const sealed = await seal(tsa.url);
  expect(tsa.requests - before).toBe(2); // the signed pages, then the signature value
  expect(sealed.timestamp).toMatchObject({ ok: true, url: tsa.url, time: tsa.time.toISOString(), authority: "Test TSA" });
  expect(sealed.signatureTimestamp).toMatchObject({ ok: true, url: tsa.url });
  const text = await certificateText(sealed.bytes);
  expect(text).toContain(`Trusted timestamp from ${tsa.url} at ${formatEvidenceTime(tsa.time)}`);
  expect(text).toContain("signed by Test TSA");
  expect(text).toContain(sealed.signedPagesSha256);
  expect(text).not.toContain("No trusted timestamp");
  // The first token covers the signed pages as they were before the certificate.
  if (!sealed.timestamp?.ok) throw new Error("no timestamp");
  expect(checkTimestampToken(sealed.timestamp.token, { sha256: new Uint8Array(Buffer.from(sealed.signedPagesSha256, "hex")) }).ok).toBe(true);

  const v = verifyPdfSignature(sealed.bytes);
  expect(v).toMatchObject({ signed: true, valid: true, byteRangeCoversWholeFile: true, timestamp: { valid: true, time: tsa.time.toISOString(), authority: "Test TSA" } });
  if (Bun.which("pdfsig")) {
    await Bun.write(`${dir}/ts.pdf`, sealed.bytes);
    const out = Bun.spawnSync(["pdfsig", `${dir}/ts.pdf`]).stdout.toString();
    expect(out).toContain("Signature is Valid");
    expect(out).toContain("Total document signed");
  }
});

test("signPdf with a TSA embeds the token as id-aa-signatureTimeStampToken over the signature value", async () => {
  tsa.mode = "granted";
  const r = await signPdf(doc.bytes, identity, { reason: "r", location: "l", name: "n", tsaUrl: tsa.url });
  expect(r.timestamp).toMatchObject({ ok: true, time: tsa.time.toISOString() });
  const v = verifyPdfSignature(r.bytes);
  expect(v.valid).toBe(true);
  expect(v.timestamp).toEqual({ valid: true, time: tsa.time.toISOString(), authority: "Test TSA" });
});

test("a TSA that refuses: the certificate says there is no trusted timestamp and why, and no token is embedded", async () => {
  tsa.mode = "rejection";
  const t = await requestTimestamp(tsa.url, sha256Hex("x"));
  expect(t).toEqual({ ok: false, url: tsa.url, reason: "the timestamp authority refused the request (status rejection: unaccepted policy)" });

  const before = tsa.requests;
  const sealed = await seal(tsa.url);
  expect(tsa.requests - before).toBe(1); // not asked again at signing
  expect(sealed.timestamp).toMatchObject({ ok: false });
  expect(sealed.signatureTimestamp).toBeNull();
  const text = await certificateText(sealed.bytes);
  expect(text).toContain("No trusted timestamp: the timestamp authority refused the request (status rejection: unaccepted policy); times are this appliance's clock");
  expect(text).not.toContain("Trusted timestamp from");
  const v = verifyPdfSignature(sealed.bytes);
  expect(v.valid).toBe(true);
  expect(v.timestamp).toBeUndefined();
});

test("answers that do not check out are failures with a reason, never a time", async () => {
  const digest = sha256Hex("y");
  tsa.mode = "wrong-imprint";
  expect(await requestTimestamp(tsa.url, digest)).toMatchObject({ ok: false, reason: "the token's message imprint is not the digest that was to be timestamped" });
  tsa.mode = "bad-signature";
  expect(await requestTimestamp(tsa.url, digest)).toMatchObject({ ok: false, reason: expect.stringContaining("the token's signature is not valid") });
  tsa.mode = "http-500";
  expect(await requestTimestamp(tsa.url, digest)).toMatchObject({ ok: false, reason: "the timestamp authority answered HTTP 500" });
  tsa.mode = "granted";
  expect(await requestTimestamp(tsa.url, "not hex")).toMatchObject({ ok: false, reason: "the digest to timestamp is not a SHA-256" });
});

test("an unreachable or silent TSA: the seal still completes and says there is no trusted timestamp", async () => {
  // A port that was just free: nothing listens there.
  const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
  const url = `http://127.0.0.1:${closed.port}/tsa`;
  closed.stop(true);
  const t = await requestTimestamp(url, sha256Hex("z"));
  expect(t).toMatchObject({ ok: false, url, reason: expect.stringContaining("could not be reached") });
  const sealed = await seal(url);
  const text = await certificateText(sealed.bytes);
  expect(text).toContain("No trusted timestamp: the timestamp authority could not be reached");
  expect(text).toContain("times are this appliance's clock");
  expect(verifyPdfSignature(sealed.bytes)).toMatchObject({ valid: true, byteRangeCoversWholeFile: true });

  // One that accepts the connection and never answers: given up after the timeout.
  let release = () => {};
  const silent = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Promise<Response>((resolve) => (release = () => resolve(new Response("late")))) });
  try {
    const started = Date.now();
    const slow = await requestTimestamp(`http://127.0.0.1:${silent.port}/`, sha256Hex("z"), { timeoutMs: 300 });
    expect(slow).toMatchObject({ ok: false, reason: "the timestamp authority did not answer within 300 ms" });
    expect(Date.now() - started).toBeLessThan(5000);
  } finally {
    release();
    silent.stop(true);
  }
});

test("OpenSSL's own TSA (openssl ts -reply) is understood, token and all", async () => {
  if (!Bun.which("openssl")) return; // optional: the forge TSA above covers the protocol
  const d = `${dir}/openssl-tsa`;
  const run = (args: string[]) => {
    const p = Bun.spawnSync(["openssl", ...args], { cwd: d });
    if (p.exitCode !== 0) throw new Error(p.stderr.toString());
  };
  Bun.spawnSync(["mkdir", "-p", d]);
  run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.crt", "-days", "30", "-subj", "/CN=OpenSSL Test TSA", "-addext", "extendedKeyUsage=critical,timeStamping", "-addext", "keyUsage=critical,digitalSignature"]);
  writeFileSync(`${d}/serial`, "01\n");
  writeFileSync(
    `${d}/tsa.cnf`,
    ["[ tsa ]", "default_tsa = tsa1", "[ tsa1 ]", `serial = ${d}/serial`, `signer_cert = ${d}/tsa.crt`, `signer_key = ${d}/tsa.key`, "signer_digest = sha256", "default_policy = 1.2.3.4.1", "digests = sha256", "accuracy = secs:1", "ordering = yes", "tsa_name = yes", "ess_cert_id_alg = sha256", ""].join("\n"),
  );
  let n = 0;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const i = ++n;
      writeFileSync(`${d}/q${i}.tsq`, new Uint8Array(await req.arrayBuffer()));
      run(["ts", "-reply", "-config", `${d}/tsa.cnf`, "-queryfile", `q${i}.tsq`, "-out", `r${i}.tsr`]);
      return new Response(readFileSync(`${d}/r${i}.tsr`), { headers: { "content-type": "application/timestamp-reply" } });
    },
  });
  try {
    const url = `http://127.0.0.1:${server.port}/`;
    const sealed = await seal(url);
    expect(sealed.timestamp).toMatchObject({ ok: true, authority: "OpenSSL Test TSA" });
    expect(sealed.signatureTimestamp).toMatchObject({ ok: true, authority: "OpenSSL Test TSA" });
    if (!sealed.timestamp?.ok) throw new Error("no timestamp");
    expect(Math.abs(new Date(sealed.timestamp.time).getTime() - Date.now())).toBeLessThan(60_000);
    expect(await certificateText(sealed.bytes)).toContain(`Trusted timestamp from ${url} at ${formatEvidenceTime(sealed.timestamp.time)}`);
    expect(verifyPdfSignature(sealed.bytes)).toMatchObject({ valid: true, byteRangeCoversWholeFile: true, timestamp: { valid: true, authority: "OpenSSL Test TSA" } });
    // And OpenSSL agrees that the request we sent was well formed (it parsed and answered it) and
    // that its reply matches our imprint.
    writeFileSync(`${d}/token.der`, sealed.timestamp.token);
    run(["ts", "-verify", "-token_in", "-in", "token.der", "-digest", sealed.signedPagesSha256, "-CAfile", "tsa.crt"]);
  } finally {
    server.stop(true);
  }
});
