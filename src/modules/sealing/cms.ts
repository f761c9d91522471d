// Reading CMS / PKCS#7 SignedData (RFC 5652) with node-forge's DER parser, and checking a signer
// with node:crypto. node-forge builds PKCS#7 signatures but does not verify them, and its
// certificate reader only knows RSA keys; here forge parses the structure and node:crypto's
// X509Certificate holds the certificates, so a timestamp authority with an ECDSA key verifies too.
//
// Used for the PDF's own signature (verify.ts) and for RFC 3161 timestamp tokens (tsa.ts), which
// are SignedData over a TSTInfo. Input is expected in DER, as signers and TSAs produce it: the
// signed attributes are re-encoded from the parsed tree, which reproduces DER byte for byte.
import { createHash, verify as verifySignature, X509Certificate } from "node:crypto";
import forge from "node-forge";

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

export const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signatureTimeStampToken: "1.2.840.113549.1.9.16.2.14",
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
} as const;

const HASHES: Record<string, "sha1" | "sha256" | "sha384" | "sha512"> = {
  [OID.sha1]: "sha1",
  [OID.sha256]: "sha256",
  [OID.sha384]: "sha384",
  [OID.sha512]: "sha512",
};

/** Signature algorithms a SignerInfo may name; the hash always comes from its digestAlgorithm. */
const RSA = new Set(["1.2.840.113549.1.1.1", "1.2.840.113549.1.1.5", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13"]);
const ECDSA = new Set(["1.2.840.10045.2.1", "1.2.840.10045.4.1", "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4"]);

/** forge keeps bytes in "binary" strings (one char a byte). */
export const toBinary = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("binary");
export const fromBinary = (s: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(s, "binary"));

export function fromDer(bytes: Uint8Array, parseAllBytes = true): Asn1 {
  // node-forge takes an options object here; its typings only know the older boolean `strict`.
  const parse = asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: object) => Asn1;
  return parse(forge.util.createBuffer(toBinary(bytes)), { parseAllBytes, strict: true, decodeBitStrings: false });
}

export function toDer(node: Asn1): Uint8Array<ArrayBuffer> {
  return fromBinary(asn1.toDer(node).getBytes());
}

export function hashName(digestOid: string): "sha1" | "sha256" | "sha384" | "sha512" | null {
  return HASHES[digestOid] ?? null;
}

export function digest(algorithm: string, data: Uint8Array | Uint8Array[]): Uint8Array {
  const h = createHash(algorithm);
  for (const part of Array.isArray(data) ? data : [data]) h.update(part);
  return new Uint8Array(h.digest());
}

export const bytesEqual = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

const children = (n: Asn1 | undefined): Asn1[] => (n && Array.isArray(n.value) ? (n.value as Asn1[]) : []);
const isUniversal = (n: Asn1 | undefined, type: number) => !!n && n.tagClass === asn1.Class.UNIVERSAL && n.type === type;
const isContext = (n: Asn1 | undefined, tag: number) => !!n && n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === tag;
const oidOf = (n: Asn1 | undefined): string => {
  if (!isUniversal(n, asn1.Type.OID)) throw new Error("expected an OBJECT IDENTIFIER");
  return asn1.derToOid(n!.value as string);
};
/** An OCTET STRING's bytes, joining the pieces of a constructed (BER) one. */
export function octets(n: Asn1 | undefined): Uint8Array {
  if (!isUniversal(n, asn1.Type.OCTETSTRING)) throw new Error("expected an OCTET STRING");
  if (typeof n!.value === "string") return fromBinary(n!.value);
  return Uint8Array.from(children(n).flatMap((c) => [...octets(c)]));
}

export interface SignerInfo {
  node: Asn1;
  /** node:crypto's name of the digest (sha256…). */
  hash: string;
  /** OID → the values of each signed attribute; null when the signer signed the content directly. */
  signedAttrs: Map<string, Asn1[]> | null;
  /** The signed attributes as the DER SET OF that the signature covers. */
  signedAttrsDer: Uint8Array | null;
  signatureAlgorithm: string;
  signature: Uint8Array;
  unsignedAttrs: Map<string, Asn1[]>;
  /** issuerAndSerialNumber as DER parts, or null for a subjectKeyIdentifier. */
  issuerSerial: { issuer: Uint8Array; serial: Uint8Array } | null;
}

export interface SignedData {
  /** The ContentInfo, to be re-encoded after adding unsigned attributes. */
  root: Asn1;
  eContentType: string;
  /** Encapsulated content; null for a detached signature. */
  eContent: Uint8Array | null;
  /** DER of each certificate the SignedData carries. */
  certificates: Uint8Array[];
  signers: SignerInfo[];
}

function attributes(set: Asn1): Map<string, Asn1[]> {
  const out = new Map<string, Asn1[]>();
  for (const attr of children(set)) {
    const [type, values] = children(attr);
    out.set(oidOf(type), children(values));
  }
  return out;
}

/** Parses a ContentInfo holding SignedData; throws with a plain message when it is not one. */
export function parseSignedData(der: Uint8Array, parseAllBytes = true): SignedData {
  const root = fromDer(der, parseAllBytes);
  const [contentType, explicit] = children(root);
  if (oidOf(contentType) !== OID.signedData) throw new Error("not a CMS SignedData");
  const sd = children(explicit)[0];
  const parts = children(sd);
  const encap = children(parts[2]);
  const eContentType = oidOf(encap[0]);
  const eContent = encap[1] ? octets(children(encap[1])[0]) : null;
  let certificates: Uint8Array[] = [];
  let i = 3;
  if (isContext(parts[i], 0)) certificates = children(parts[i++]).map(toDer);
  if (isContext(parts[i], 1)) i++; // crls
  const signerInfos = parts[i];
  if (!isUniversal(signerInfos, asn1.Type.SET)) throw new Error("SignedData has no signerInfos");
  const signers = children(signerInfos).map((node): SignerInfo => {
    const f = children(node);
    const sid = f[1];
    const issuerSerial = isUniversal(sid, asn1.Type.SEQUENCE) ? { issuer: toDer(children(sid)[0]), serial: fromBinary(children(sid)[1].value as string) } : null;
    const hash = hashName(oidOf(children(f[2])[0]));
    if (!hash) throw new Error(`unsupported digest algorithm ${oidOf(children(f[2])[0])}`);
    let j = 3;
    let signedAttrs: Map<string, Asn1[]> | null = null;
    let signedAttrsDer: Uint8Array | null = null;
    if (isContext(f[j], 0)) {
      signedAttrs = attributes(f[j]);
      // [0] IMPLICIT in the SignerInfo, but signed as a universal SET OF (RFC 5652 §5.4).
      signedAttrsDer = toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, children(f[j])));
      j++;
    }
    const signatureAlgorithm = oidOf(children(f[j])[0]);
    const signature = octets(f[j + 1]);
    const unsignedAttrs = isContext(f[j + 2], 1) ? attributes(f[j + 2]) : new Map<string, Asn1[]>();
    return { node, hash, signedAttrs, signedAttrsDer, signatureAlgorithm, signature, unsignedAttrs, issuerSerial };
  });
  return { root, eContentType, eContent, certificates, signers };
}

/** A certificate's serial number and issuer name as DER, read without forge's RSA-only parser. */
function certificateIssuerSerial(der: Uint8Array): { issuer: Uint8Array; serial: Uint8Array } {
  const tbs = children(children(fromDer(der))[0]);
  const k = isContext(tbs[0], 0) ? 1 : 0; // [0] version
  return { serial: fromBinary(tbs[k].value as string), issuer: toDer(tbs[k + 2]) };
}

export type SignerCheck = { ok: true; certificate: X509Certificate; certificateDer: Uint8Array; signingTime: Date | null } | { ok: false; reason: string };

/**
 * Checks one signer of a SignedData against the digest of the content it signs: its
 * messageDigest attribute must equal contentDigest and its signature over the signed attributes
 * must verify with the public key of its certificate (carried in the SignedData). Says nothing of
 * whether that certificate is trusted.
 */
export function checkSigner(sd: SignedData, si: SignerInfo, contentDigest: Uint8Array): SignerCheck {
  if (!si.signedAttrs || !si.signedAttrsDer) return { ok: false, reason: "the signature has no signed attributes" };
  const md = si.signedAttrs.get(OID.messageDigest)?.[0];
  if (!md) return { ok: false, reason: "the signature has no messageDigest attribute" };
  if (!bytesEqual(octets(md), contentDigest)) return { ok: false, reason: "the signed content's digest does not match: the content changed after signing" };
  const ct = si.signedAttrs.get(OID.contentType)?.[0];
  if (ct && oidOf(ct) !== sd.eContentType) return { ok: false, reason: "the contentType attribute does not match the signed content's type" };

  const rsa = RSA.has(si.signatureAlgorithm);
  if (!rsa && !ECDSA.has(si.signatureAlgorithm)) return { ok: false, reason: `unsupported signature algorithm ${si.signatureAlgorithm}` };
  const candidates = sd.certificates.filter((der) => {
    if (!si.issuerSerial) return true; // subjectKeyIdentifier: try each
    const c = certificateIssuerSerial(der);
    return bytesEqual(c.serial, si.issuerSerial.serial) && bytesEqual(c.issuer, si.issuerSerial.issuer);
  });
  if (!candidates.length) return { ok: false, reason: "the signer's certificate is not in the signature" };
  for (const der of candidates) {
    const certificate = new X509Certificate(der);
    const key = rsa ? certificate.publicKey : { key: certificate.publicKey, dsaEncoding: "der" as const };
    let verified = false;
    try {
      verified = verifySignature(si.hash, si.signedAttrsDer, key, si.signature);
    } catch {
      verified = false;
    }
    if (verified) {
      const st = si.signedAttrs.get(OID.signingTime)?.[0];
      return { ok: true, certificate, certificateDer: der, signingTime: st ? readTime(st) : null };
    }
  }
  return { ok: false, reason: "the signature does not verify with the signer's certificate" };
}

/** UTCTime or GeneralizedTime as a Date. */
export function readTime(n: Asn1): Date {
  if (n.type === asn1.Type.UTCTIME) return asn1.utcTimeToDate(n.value as string);
  if (n.type === asn1.Type.GENERALIZEDTIME) return asn1.generalizedTimeToDate(n.value as string);
  throw new Error("expected a time");
}

/** The CN of an X.509 subject as node:crypto prints it ("CN=Name\nO=..."), or the whole subject. */
export function commonName(subject: string): string {
  const cn = subject.split("\n").find((l) => l.startsWith("CN="));
  return cn ? cn.slice(3) : subject.replace(/\n/g, ", ");
}

export { asn1 };
export type { Asn1 };
export const asn1Helpers = { children, isUniversal, isContext, oidOf };
