// The final PDF of a completed envelope, in one call:
//
//   1. stamp        every party's signature and date onto the generated document (stamp.ts)
//   2. timestamp    if a TSA is configured, an RFC 3161 token over the SHA-256 of those signed
//                   pages (tsa.ts). This comes before the certificate page so that the page can
//                   state the outcome truthfully: "Trusted timestamp from <TSA> at <time>" or
//                   "No trusted timestamp: <reason>; times are this appliance's clock".
//   3. certificate  the certificate of completion appended (certificate.ts), carrying that outcome,
//                   the signed pages' SHA-256 it covers, and the sealing certificate's fingerprint
//   4. sign         one PKCS#7 signature over the whole final file (sign.ts); when step 2 got a
//                   token, the TSA is asked again for a token over the signature value, embedded in
//                   the signature (id-aa-signatureTimeStampToken) where PDF readers look for it.
//
// When step 2 fails, step 4 does not try the TSA again: the page says there is no trusted
// timestamp, and the file then has none anywhere. The step 2 token itself is returned (in
// `timestamp.token`) for the caller to keep beside the envelope; it is not in the PDF, whose bytes
// it would have to predate.
import { systemClock, type Clock } from "../../lib/clock";
import { sha256Hex } from "../../lib/crypto";
import type { SignatureBlock } from "../forms/pdf";
import { appendCertificate, type CertificateData } from "./certificate";
import type { SigningIdentity } from "./identity";
import { signPdf, type SignPdfOptions } from "./sign";
import { stampSignatures, type StampedSignature } from "./stamp";
import { requestTimestamp, type TimestampOutcome } from "./tsa";

export interface SealInput {
  /** The generated document (renderPdf's bytes) and its signature blocks. */
  documentPdf: Uint8Array;
  blocks: SignatureBlock[];
  signatures: StampedSignature[];
  /** Everything the certificate page shows except what sealing itself decides. */
  certificate: Omit<CertificateData, "timestamp" | "signedPagesSha256" | "sealedBy">;
  identity: SigningIdentity;
  tsaUrl?: string | null;
  tsaTimeoutMs?: number;
  /** What a PDF reader shows for the signature; defaults suit a completed envelope. */
  signature?: Partial<Pick<SignPdfOptions, "reason" | "location" | "contactInfo" | "name">>;
  clock?: Clock;
}

export interface SealedDocument {
  bytes: Uint8Array;
  sha256: string;
  /** SHA-256 of the signed pages before the certificate was added (what `timestamp` covers). */
  signedPagesSha256: string;
  /** The outcome the certificate page states: null without a TSA. */
  timestamp: TimestampOutcome | null;
  /** The token embedded in the PDF signature: null when none was asked for. */
  signatureTimestamp: TimestampOutcome | null;
}

export async function sealDocument(input: SealInput): Promise<SealedDocument> {
  const clock = input.clock ?? systemClock;
  const tsaUrl = input.tsaUrl || null;
  const stamped = await stampSignatures(input.documentPdf, input.blocks, input.signatures, { timeZone: input.certificate.timeZone });
  const signedPagesSha256 = sha256Hex(stamped);
  const timestamp = tsaUrl ? await requestTimestamp(tsaUrl, signedPagesSha256, { timeoutMs: input.tsaTimeoutMs }) : null;
  const withCertificate = await appendCertificate(stamped, {
    ...input.certificate,
    signedPagesSha256,
    timestamp: timestamp === null ? null : timestamp.ok ? { ok: true, url: timestamp.url, time: timestamp.time, authority: timestamp.authority, serialNumber: timestamp.serialNumber } : { ok: false, reason: timestamp.reason },
    sealedBy: { name: input.identity.commonName, fingerprint: input.identity.fingerprint },
  });
  const signed = await signPdf(withCertificate, input.identity, {
    reason: input.signature?.reason ?? "Signed by every party with Winnerr; certificate of completion attached",
    location: input.signature?.location ?? "Ontario, Canada",
    contactInfo: input.signature?.contactInfo,
    name: input.signature?.name ?? input.identity.commonName,
    tsaUrl: timestamp?.ok ? tsaUrl : null,
    tsaTimeoutMs: input.tsaTimeoutMs,
    signingTime: clock.now(),
  });
  return { bytes: signed.bytes, sha256: signed.sha256, signedPagesSha256, timestamp, signatureTimestamp: signed.timestamp };
}
