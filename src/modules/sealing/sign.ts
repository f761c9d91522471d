// The final PDF's digital signature: one CMS (PKCS#7) detached signature, SubFilter
// adbe.pkcs7.detached, whose ByteRange covers the whole file except the signature's own /Contents
// hex string. A PDF reader shows the file as signed by the sealing identity (identity.ts) and any
// later change as a broken signature; verify.ts checks the same thing on the server.
//
// The pieces: @signpdf/placeholder-pdf-lib adds the signature dictionary and an invisible widget
// (on the last page: the certificate of completion), @signpdf/signpdf fills in the ByteRange and
// the signature, and @signpdf/signer-p12 builds the CMS with node-forge (SHA-256, signed attributes
// contentType, signingTime, messageDigest, the signing certificate included).
//
// Timestamp (optional, RFC 3161): given a TSA, the signer below asks it for a token over the
// SHA-256 of the signature value and adds the token to the SignerInfo as the unsigned attribute
// id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14), as CAdES/PAdES and Acrobat expect.
// Unsigned attributes are outside what the signature covers, so adding one after signing is the
// standard construction. If the TSA fails, the PDF is signed without a token and the outcome says
// why: { ok: false, reason }. Without a TSA the outcome is null.
import { PDFDocument } from "pdf-lib";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { P12Signer } from "@signpdf/signer-p12";
import { SignPdf } from "@signpdf/signpdf";
import { Signer } from "@signpdf/utils";
import { sha256Hex } from "../../lib/crypto";
import { systemClock } from "../../lib/clock";
import { asn1, digest, OID, parseSignedData, toDer, type Asn1 } from "./cms";
import type { SigningIdentity } from "./identity";
import { DEFAULT_TSA_TIMEOUT_MS, requestTimestamp, type TimestampOutcome } from "./tsa";

export interface SignPdfOptions {
  /** Shown by PDF readers as the signature's reason, location, contact and signer name. */
  reason: string;
  location: string;
  contactInfo?: string;
  name: string;
  /** RFC 3161 timestamp authority; null or absent: no timestamp. */
  tsaUrl?: string | null;
  tsaTimeoutMs?: number;
  /** The signingTime attribute and the signature dictionary's /M (default: now). */
  signingTime?: Date;
}

export interface SignedPdf {
  bytes: Uint8Array;
  sha256: string;
  /** The signature timestamp: null without a TSA, ok: false when the TSA failed. */
  timestamp: TimestampOutcome | null;
}

/**
 * Room for the CMS in /Contents, as the placeholder's signatureLength: hex digits, two a byte.
 * It must be even: @signpdf/signpdf pads the signature to half of it in whole bytes.
 */
function contentsRoom(identity: SigningIdentity, tsa: boolean): number {
  // The CMS carries every certificate of the PKCS#12 and one signature; a timestamp token carries
  // the TSA's certificates too (a few KB with a chain).
  const bytes = 4096 + identity.p12.length + (tsa ? 16384 : 0);
  return 2 * bytes;
}

/** Printable ASCII only: the placeholder writes these as PDF literal strings of single bytes. */
const ascii = (s: string) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^\x20-\x7e]/g, "?");

/** P12Signer's CMS, plus the TSA's token over its signature value when a TSA is configured. */
class TimestampingSigner extends Signer {
  timestamp: TimestampOutcome | null = null;
  private readonly p12: P12Signer;

  constructor(identity: SigningIdentity, private readonly tsaUrl: string | null, private readonly tsaTimeoutMs: number) {
    super();
    this.p12 = new P12Signer(Buffer.from(identity.p12), { passphrase: identity.password });
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    const cms = await this.p12.sign(pdf, signingTime);
    if (!this.tsaUrl) return cms;
    const sd = parseSignedData(new Uint8Array(cms));
    const signer = sd.signers[0];
    this.timestamp = await requestTimestamp(this.tsaUrl, digest("sha256", signer.signature), { timeoutMs: this.tsaTimeoutMs });
    if (!this.timestamp.ok) return cms;
    const attribute = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(OID.signatureTimeStampToken).getBytes()),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [parseSignedData(this.timestamp.token).root]),
    ]);
    // P12Signer writes no unsigned attributes: the SignerInfo ends with the signature value.
    (signer.node.value as Asn1[]).push(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 1, true, [attribute]));
    return Buffer.from(toDer(sd.root));
  }
}

/**
 * Signs a finished PDF with one detached CMS signature over the whole file. Everything that should
 * be covered (stamped signatures, the certificate of completion) must be in pdfBytes already:
 * changing the returned bytes in any way breaks the signature.
 */
export async function signPdf(pdfBytes: Uint8Array, identity: SigningIdentity, opts: SignPdfOptions): Promise<SignedPdf> {
  const signingTime = opts.signingTime ?? systemClock.now();
  const tsaUrl = opts.tsaUrl || null;
  const doc = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  doc.setModificationDate(signingTime);
  const pages = doc.getPages();
  pdflibAddPlaceholder({
    pdfDoc: doc,
    pdfPage: pages[pages.length - 1],
    reason: ascii(opts.reason),
    location: ascii(opts.location),
    contactInfo: ascii(opts.contactInfo ?? ""),
    name: ascii(opts.name),
    signingTime,
    signatureLength: contentsRoom(identity, !!tsaUrl),
    appName: "Winnerr",
  });
  const prepared = await doc.save({ useObjectStreams: false });
  const signer = new TimestampingSigner(identity, tsaUrl, opts.tsaTimeoutMs ?? DEFAULT_TSA_TIMEOUT_MS);
  const bytes = new Uint8Array(await new SignPdf().sign(Buffer.from(prepared), signer, signingTime));
  return { bytes, sha256: sha256Hex(bytes), timestamp: tsaUrl ? signer.timestamp : null };
}
