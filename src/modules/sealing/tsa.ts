// RFC 3161 trusted timestamps: a client for a timestamp authority (TSA) over HTTP, and a reader
// that checks a TimeStampToken. A token says "this TSA saw this SHA-256 at this time", signed by
// the TSA; it is what turns "times are this appliance's clock" into a time a third party vouches
// for.
//
// requestTimestamp sends a TimeStampReq (SHA-256 imprint, a random nonce, certReq) and accepts the
// reply only when: the HTTP exchange succeeded, the PKIStatus is granted (0) or grantedWithMods
// (1), the token is SignedData over a TSTInfo whose imprint and nonce are the ones sent, and the
// token's signature verifies with the TSA certificate it carries. Whether that certificate chains
// to a trusted root is not checked (the appliance keeps no trust store); the outcome names the TSA
// so a reader can judge. Any failure is an outcome with a reason, never an exception and never a
// pretend time.
import { randomBytes } from "node:crypto";
import forge from "node-forge";
import { asn1, asn1Helpers, bytesEqual, checkSigner, commonName, digest, fromDer, hashName, octets, OID, parseSignedData, readTime, toBinary, toDer, type Asn1 } from "./cms";

const { children, isUniversal, oidOf } = asn1Helpers;

export type TimestampOutcome =
  | {
      ok: true;
      url: string;
      /** The TSA's genTime, ISO-8601 UTC. */
      time: string;
      /** The token's serial number, hex. */
      serialNumber: string;
      /** Common name of the TSA certificate that signed the token. */
      authority: string;
      /** The TimeStampToken (a CMS ContentInfo), DER. */
      token: Uint8Array;
    }
  | { ok: false; url: string | null; reason: string };

export const DEFAULT_TSA_TIMEOUT_MS = 10_000;

const PKI_STATUS = ["granted", "grantedWithMods", "rejection", "waiting", "revocationWarning", "revocationNotification"];

const int = (bytes: Uint8Array) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, toBinary(bytes));

/** DER TimeStampReq for a SHA-256 imprint. */
export function timestampRequest(sha256: Uint8Array, nonce: Uint8Array): Uint8Array<ArrayBuffer> {
  return toDer(
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(1).getBytes()),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
          asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(OID.sha256).getBytes()),
          asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ""),
        ]),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, toBinary(sha256)),
      ]),
      int(nonce),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BOOLEAN, false, "\xff"), // certReq: include the TSA certificate
    ]),
  );
}

export type TokenCheck =
  | { ok: true; time: string; serialNumber: string; authority: string; imprint: Uint8Array }
  | { ok: false; reason: string };

/**
 * Checks a TimeStampToken: SignedData over a TSTInfo, signed by the certificate it carries, whose
 * message imprint is the digest of `data` (hashed with the token's own imprint algorithm) or equals
 * `sha256`, and whose nonce, when `nonce` is given, is that nonce.
 */
export function checkTimestampToken(token: Uint8Array, expect: { data?: Uint8Array; sha256?: Uint8Array; nonce?: Uint8Array }): TokenCheck {
  try {
    const sd = parseSignedData(token);
    if (sd.eContentType !== OID.tstInfo || !sd.eContent) return { ok: false, reason: "the token does not hold a TSTInfo" };
    const tst = children(fromDer(sd.eContent));
    const imprint = children(tst[2]);
    const imprintHash = hashName(oidOf(children(imprint[0])[0]));
    const hashed = octets(imprint[1]);
    const wanted = expect.data ? (imprintHash ? digest(imprintHash, expect.data) : null) : (imprintHash === "sha256" ? expect.sha256 ?? null : null);
    if (!wanted || !bytesEqual(hashed, wanted)) return { ok: false, reason: "the token's message imprint is not the digest that was to be timestamped" };
    const serialNumber = Buffer.from(tst[3].value as string, "binary").toString("hex");
    const genTime = readTime(tst[4]);
    if (expect.nonce) {
      // After genTime: accuracy (SEQUENCE), ordering (BOOLEAN), then nonce, the only INTEGER.
      const nonce = tst.slice(5).find((n) => isUniversal(n, asn1.Type.INTEGER));
      if (!nonce || !bytesEqual(new Uint8Array(Buffer.from(nonce.value as string, "binary")), stripSign(expect.nonce))) return { ok: false, reason: "the token's nonce is not the one sent" };
    }
    const signer = sd.signers[0];
    if (!signer) return { ok: false, reason: "the token has no signer" };
    const check = checkSigner(sd, signer, digest(signer.hash, sd.eContent));
    if (!check.ok) return { ok: false, reason: `the token's signature is not valid: ${check.reason}` };
    return { ok: true, time: genTime.toISOString(), serialNumber, authority: commonName(check.certificate.subject), imprint: hashed };
  } catch (e) {
    return { ok: false, reason: `the token cannot be read: ${(e as Error).message}` };
  }
}

/** DER INTEGER content is minimal: a positive value may carry one leading 0x00 and no other. */
function stripSign(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && b[i + 1] < 0x80) i++;
  return b.subarray(i);
}

/**
 * Asks the TSA at tsaUrl for a timestamp over a SHA-256 digest (32 bytes, or 64 hex characters).
 * Resolves to an outcome, never rejects: { ok: false, reason } for an unreachable or slow TSA, an
 * HTTP error, a refusal (PKIStatus rejection, waiting…) or a token that does not check out.
 */
export async function requestTimestamp(tsaUrl: string, sha256: Uint8Array | string, opts: { timeoutMs?: number } = {}): Promise<TimestampOutcome> {
  const fail = (reason: string): TimestampOutcome => ({ ok: false, url: tsaUrl, reason });
  const imprint = typeof sha256 === "string" ? new Uint8Array(Buffer.from(sha256, "hex")) : sha256;
  if (imprint.length !== 32) return fail("the digest to timestamp is not a SHA-256");
  // Positive and minimally encoded: the first byte is 0x01..0x7f.
  const nonce = new Uint8Array(randomBytes(12));
  nonce[0] = (nonce[0] & 0x7f) | 0x01;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TSA_TIMEOUT_MS;

  let body: Uint8Array;
  try {
    const res = await fetch(tsaUrl, {
      method: "POST",
      headers: { "content-type": "application/timestamp-query", accept: "application/timestamp-reply" },
      body: timestampRequest(imprint, nonce),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    body = new Uint8Array(await res.arrayBuffer());
    if (!res.ok) return fail(`the timestamp authority answered HTTP ${res.status}`);
  } catch (e) {
    const err = e as Error;
    if (err.name === "TimeoutError" || err.name === "AbortError") return fail(`the timestamp authority did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`);
    return fail(`the timestamp authority could not be reached (${err.message})`);
  }

  let status: number;
  let token: Asn1 | undefined;
  let statusText = "";
  try {
    const [statusInfo, tokenNode] = children(fromDer(body));
    const [code, ...rest] = children(statusInfo);
    status = asn1.derToInteger(code.value as string);
    const freeText = rest.find((n) => isUniversal(n, asn1.Type.SEQUENCE));
    statusText = children(freeText)
      .map((s) => forge.util.decodeUtf8(s.value as string))
      .join("; ");
    token = tokenNode;
  } catch {
    return fail("the timestamp authority's answer is not a TimeStampResp");
  }
  if (status !== 0 && status !== 1) return fail(`the timestamp authority refused the request (status ${PKI_STATUS[status] ?? status}${statusText ? `: ${statusText}` : ""})`);
  if (!token || !isUniversal(token, asn1.Type.SEQUENCE)) return fail("the timestamp authority granted the request but sent no token");
  const tokenDer = toDer(token);
  const check = checkTimestampToken(tokenDer, { sha256: imprint, nonce });
  if (!check.ok) return fail(check.reason);
  return { ok: true, url: tsaUrl, time: check.time, serialNumber: check.serialNumber, authority: check.authority, token: tokenDer };
}
