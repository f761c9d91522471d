// Checks a PDF's digital signature the way a PDF reader does, for tests and for a verification
// page: the signature's ByteRange and /Contents, the CMS inside, its messageDigest against the
// SHA-256 (or the signer's digest) of the signed byte ranges, and the signature over the signed
// attributes against the certificate it carries. Trust in that certificate is not judged here
// (a self-signed appliance certificate is the normal case): the fingerprint is returned so a
// person can compare it with the one on the certificate of completion.
import { createHash } from "node:crypto";
import { checkSigner, commonName, digest, OID, parseSignedData, toDer } from "./cms";
import { checkTimestampToken } from "./tsa";

export interface PdfSignatureCheck {
  /** The file has a filled-in signature (a ByteRange and a /Contents holding a CMS). */
  signed: boolean;
  /**
   * The signature is intact over the bytes its ByteRange names: the CMS parses, its
   * messageDigest is the digest of those bytes and its signature verifies with its certificate.
   * Bytes outside the ranges are not covered: see byteRangeCoversWholeFile.
   */
  valid: boolean;
  /** The ranges start at byte 0 and end at the end of the file, leaving out only /Contents. */
  byteRangeCoversWholeFile: boolean;
  /** SHA-256 of the signing certificate (DER), lowercase hex. */
  certificateFingerprint?: string;
  /** The signing certificate's common name. */
  signerName?: string;
  /** The CMS signingTime attribute (the signer's clock), ISO-8601 UTC. */
  signingTime?: string;
  /** Why the file is not signed, not valid, or not covered whole; absent when all is well. */
  reason?: string;
  /** An RFC 3161 token in the signature (id-aa-signatureTimeStampToken), checked over the signature value. */
  timestamp?: { valid: true; time: string; authority: string } | { valid: false; reason: string };
  /** How many signatures the file has; the last one is the one checked. */
  signatureCount: number;
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
const HEX = /^[0-9a-fA-F\s]*$/;

export function verifyPdfSignature(pdfBytes: Uint8Array): PdfSignatureCheck {
  const text = Buffer.from(pdfBytes.buffer, pdfBytes.byteOffset, pdfBytes.byteLength).toString("latin1");
  const ranges = [...text.matchAll(BYTE_RANGE)].map((m) => m.slice(1, 5).map(Number) as [number, number, number, number]);
  const unsigned = (reason: string): PdfSignatureCheck => ({ signed: false, valid: false, byteRangeCoversWholeFile: false, reason, signatureCount: 0 });
  if (!ranges.length) return unsigned(/\/ByteRange\s*\[\s*0\s+\/\*+/.test(text) ? "the signature placeholder was never filled in" : "the file has no digital signature");

  const signatureCount = ranges.length;
  // [start, length, start, length]: the signed bytes are [a, a+b) and [c, c+d).
  const [a, b, c, d] = ranges[ranges.length - 1];
  const invalid = (reason: string, extra: Partial<PdfSignatureCheck> = {}): PdfSignatureCheck => ({ signed: true, valid: false, byteRangeCoversWholeFile: false, reason, signatureCount, ...extra });
  const n = pdfBytes.length;
  const gap = a + b;
  if (!(gap < c && c <= n && c + d <= n)) return invalid("the signature's ByteRange does not fit the file");
  // The gap must be exactly the /Contents hex string: <...>, named /Contents just before it.
  const contents = text.slice(gap, c);
  if (!contents.startsWith("<") || !contents.endsWith(">") || !HEX.test(contents.slice(1, -1)) || !/\/Contents\s*$/.test(text.slice(Math.max(0, gap - 20), gap))) {
    return invalid("the bytes the ByteRange leaves out are not the signature's /Contents");
  }
  const byteRangeCoversWholeFile = a === 0 && c + d === n;
  const notWhole = !byteRangeCoversWholeFile
    ? a !== 0
      ? `the signature does not cover the first ${a} bytes of the file`
      : `the file has ${n - (c + d)} bytes after the signed range: it was changed after signing`
    : undefined;

  const hex = contents.slice(1, -1).replace(/\s/g, "");
  let sd: ReturnType<typeof parseSignedData>;
  try {
    sd = parseSignedData(new Uint8Array(Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex")), false); // zero padding follows the DER
  } catch (e) {
    return invalid(`the signature cannot be read as PKCS#7: ${(e as Error).message}`, { byteRangeCoversWholeFile });
  }
  const signer = sd.signers[0];
  if (!signer) return invalid("the PKCS#7 has no signer", { byteRangeCoversWholeFile });
  if (sd.eContent) return invalid("the PKCS#7 is not detached: it does not sign the file's byte ranges", { byteRangeCoversWholeFile });

  const h = createHash(signer.hash);
  h.update(pdfBytes.subarray(a, a + b));
  h.update(pdfBytes.subarray(c, c + d));
  const check = checkSigner(sd, signer, new Uint8Array(h.digest()));
  if (!check.ok) return invalid(check.reason, { byteRangeCoversWholeFile });

  const result: PdfSignatureCheck = {
    signed: true,
    valid: true,
    byteRangeCoversWholeFile,
    certificateFingerprint: digestHex(check.certificateDer),
    signerName: commonName(check.certificate.subject),
    signatureCount,
  };
  if (check.signingTime) result.signingTime = check.signingTime.toISOString();
  if (notWhole) result.reason = notWhole;
  const token = signer.unsignedAttrs.get(OID.signatureTimeStampToken)?.[0];
  if (token) {
    const t = checkTimestampToken(toDer(token), { data: signer.signature });
    result.timestamp = t.ok ? { valid: true, time: t.time, authority: t.authority } : { valid: false, reason: t.reason };
  }
  return result;
}

const digestHex = (der: Uint8Array) => Buffer.from(digest("sha256", der)).toString("hex");
