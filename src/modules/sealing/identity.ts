// The identity that seals final PDFs: a certificate and its private key.
//
// A brokerage that has a document-signing certificate from a CA gives it as a PKCS#12 file
// (SIGNING_P12, SIGNING_P12_PASSWORD). Otherwise the appliance makes its own at first start: an
// RSA-3072 key and a self-signed X.509 certificate (CN "Winnerr appliance <host>", ten years,
// keyUsage digitalSignature + nonRepudiation), kept in DATA_DIR/secrets/signing.pem (file 0600,
// directory 0700) beside the data key (src/lib/seal.ts) and reused on every later start. A PDF
// reader then shows the signature as intact but from an unknown signer: what it proves is that the
// file has not changed since this appliance sealed it, and the certificate's fingerprint, shown
// on the certificate of completion, ties the file to this appliance.
//
// The key file is created whole under a temporary name and linked into place, so two processes
// starting together agree on one identity. A damaged file stops the start instead of being
// replaced: a new key would not invalidate old PDFs, but silently changing the appliance's
// identity would.
import { createHash, generateKeyPairSync, randomBytes, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import forge from "node-forge";
import { systemClock, type Clock } from "../../lib/clock";
import { readOrCreateSecret } from "../../lib/secret-file";
import { commonName, fromBinary, toBinary } from "./cms";

export interface SigningIdentity {
  /** PKCS#12 holding the key and certificate(s), what @signpdf/signer-p12 reads. */
  p12: Uint8Array;
  password: string;
  /** SHA-256 of the signing certificate (DER), lowercase hex: what to show people. */
  fingerprint: string;
  /** The certificate's subject common name. */
  commonName: string;
  notBefore: string;
  notAfter: string;
  /** "p12": the PKCS#12 file given in the configuration; "generated": the appliance's own. */
  source: "p12" | "generated";
  /** The file the identity was read from (null for ":memory:"). */
  path: string | null;
}

export interface LoadIdentityOptions {
  p12Path?: string | null;
  p12Password?: string | null;
  dataDir: string;
  /** For a generated certificate, e.g. "Winnerr appliance brokerage.example". */
  commonName: string;
  clock?: Clock;
}

const KEY_BITS = 3072;
const VALID_YEARS = 10;

export function signingIdentityPath(dataDir: string): string {
  return path.join(dataDir, "secrets", "signing.pem");
}

export function loadSigningIdentity(opts: LoadIdentityOptions): SigningIdentity {
  if (opts.p12Path) return fromP12File(opts.p12Path, opts.p12Password ?? "");
  if (opts.dataDir === ":memory:") return fromPem(generatePem(opts.commonName, (opts.clock ?? systemClock).now()), null);
  const file = signingIdentityPath(opts.dataDir);
  const pem = readOrCreateSecret(file, () => generatePem(opts.commonName, (opts.clock ?? systemClock).now())).toString("utf8");
  try {
    return fromPem(pem, file);
  } catch (e) {
    throw new Error(`${file} does not hold a usable signing key and certificate (${(e as Error).message}); restore it from your backup`);
  }
}

/** A new key and self-signed certificate, as one PEM text: the private key, then the certificate. */
function generatePem(cn: string, now: Date): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: KEY_BITS });
  const pkcs8 = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  const key = forge.pki.privateKeyFromPem(pkcs8) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  // 16 random bytes, positive (RFC 5280: at most 20 octets, non-negative).
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  cert.serialNumber = serial.toString("hex");
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000); // an hour of slack for skewed clocks
  cert.validity.notAfter = new Date(now);
  cert.validity.notAfter.setUTCFullYear(now.getUTCFullYear() + VALID_YEARS);
  const name = [
    { shortName: "CN", value: cn, valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: "O", value: "Winnerr", valueTagClass: forge.asn1.Type.UTF8 },
  ] as unknown as forge.pki.CertificateField[]; // the typings give valueTagClass the wrong enum
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return `${pkcs8.trim()}\n${forge.pki.certificateToPem(cert).trim()}\n`;
}

/** One "-----BEGIN <label>-----" block of a PEM text (forge reads only a text's first block). */
function pemBlock(pem: string, label: string): string {
  const m = pem.match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`));
  if (!m) throw new Error(`no ${label} in the file`);
  return m[0];
}

function fromPem(pem: string, file: string | null): SigningIdentity {
  const key = forge.pki.privateKeyFromPem(pemBlock(pem, "PRIVATE KEY")) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.certificateFromPem(pemBlock(pem, "CERTIFICATE"));
  const pub = cert.publicKey as forge.pki.rsa.PublicKey;
  if (pub.n.compareTo(key.n) !== 0 || pub.e.compareTo(key.e) !== 0) throw new Error("the certificate is not the key's");
  // A fresh password for the in-memory PKCS#12 each start; the key at rest is the PEM file.
  const password = randomBytes(18).toString("base64url");
  const p12 = fromBinary(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: "aes256" })).getBytes());
  return { p12, password, ...describe(cert), source: "generated", path: file };
}

function fromP12File(file: string, password: string): SigningIdentity {
  const p12 = new Uint8Array(readFileSync(file));
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(toBinary(p12)), false, password);
  } catch (e) {
    throw new Error(`${file} cannot be opened as PKCS#12 with the given password (${(e as Error).message})`);
  }
  // @signpdf/signer-p12 takes the key from the first shrouded (encrypted) key bag, as openssl and
  // most CAs export it.
  const key = parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new Error(`${file} holds no encrypted RSA private key`);
  const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).map((b) => b.cert).filter((c): c is forge.pki.Certificate => !!c);
  const cert = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.compareTo(key.n) === 0 && pub.e?.compareTo(key.e) === 0;
  });
  if (!cert) throw new Error(`${file} holds no certificate for its private key`);
  return { p12, password, ...describe(cert), source: "p12", path: file };
}

function describe(cert: forge.pki.Certificate) {
  const der = fromBinary(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes());
  const x509 = new X509Certificate(der);
  return {
    fingerprint: createHash("sha256").update(der).digest("hex"),
    commonName: commonName(x509.subject),
    notBefore: cert.validity.notBefore.toISOString(),
    notAfter: cert.validity.notAfter.toISOString(),
  };
}
