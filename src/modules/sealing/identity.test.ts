// The sealing identity: generated once into DATA_DIR/secrets (0600) and reused, or a PKCS#12 file
// given by path used instead.
import { afterAll, expect, test } from "bun:test";
import { createHash, generateKeyPairSync, X509Certificate } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import forge from "node-forge";
import { loadSigningIdentity, signingIdentityPath } from "./identity";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(`${tmpdir()}/winnerr-identity-`);
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test("first start generates a self-signed certificate and key, kept 0600 and reused on the next start", () => {
  const dataDir = tempDir();
  const first = loadSigningIdentity({ dataDir, commonName: "Winnerr appliance broker.example" });
  const file = signingIdentityPath(dataDir);
  expect(file).toBe(`${dataDir}/secrets/signing.pem`);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(`${dataDir}/secrets`).mode & 0o777).toBe(0o700);
  expect(first.source).toBe("generated");
  expect(first.commonName).toBe("Winnerr appliance broker.example");
  expect(first.fingerprint).toMatch(/^[0-9a-f]{64}$/);

  // What the file holds: an RSA key of at least 2048 bits and a ~10 year certificate for it.
  const pem = readFileSync(file, "utf8");
  const cert = new X509Certificate(pem.slice(pem.indexOf("-----BEGIN CERTIFICATE-----")));
  expect(createHash("sha256").update(cert.raw).digest("hex")).toBe(first.fingerprint);
  expect(cert.subject).toContain("CN=Winnerr appliance broker.example");
  expect(cert.issuer).toBe(cert.subject); // self-signed
  expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048);
  const years = (new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()) / (365.25 * 86_400_000);
  expect(years).toBeGreaterThan(9.9);
  expect(years).toBeLessThan(10.1);
  const forgeCert = forge.pki.certificateFromPem(pem.slice(pem.indexOf("-----BEGIN CERTIFICATE-----")));
  const keyUsage = forgeCert.getExtension("keyUsage") as { digitalSignature?: boolean; nonRepudiation?: boolean; keyCertSign?: boolean };
  expect(keyUsage.digitalSignature).toBe(true);
  expect(keyUsage.nonRepudiation).toBe(true);
  expect(keyUsage.keyCertSign).toBeFalsy();

  // The next start (even under another host name) reads the same identity back.
  const second = loadSigningIdentity({ dataDir, commonName: "Winnerr appliance renamed.example" });
  expect(second.fingerprint).toBe(first.fingerprint);
  expect(second.commonName).toBe("Winnerr appliance broker.example");
  expect(readFileSync(file, "utf8")).toBe(pem);
  // Each load hands signing a PKCS#12 that opens with its password and holds that certificate.
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(second.p12).toString("binary")), false, second.password);
  expect(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]).toHaveLength(1);
});

test("a damaged identity file stops the start instead of being replaced", () => {
  const dataDir = tempDir();
  loadSigningIdentity({ dataDir, commonName: "Winnerr appliance a" });
  const file = signingIdentityPath(dataDir);
  writeFileSync(file, "not a key");
  expect(() => loadSigningIdentity({ dataDir, commonName: "Winnerr appliance a" })).toThrow(/does not hold a usable signing key.*restore it from your backup/);
  expect(readFileSync(file, "utf8")).toBe("not a key");
});

/** A CA-style PKCS#12 made with node-forge: RSA key, certificate, password. */
function makeP12(cn: string, password: string, algorithm: "3des" | "aes256" = "3des") {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs8", format: "pem" }) as string) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = "01a2b3";
  cert.validity.notBefore = new Date(Date.UTC(2025, 0, 1));
  cert.validity.notAfter = new Date(Date.UTC(2030, 0, 1));
  cert.setSubject([{ shortName: "CN", value: cn }, { shortName: "O", value: "Example Realty Inc." }]);
  cert.setIssuer([{ shortName: "CN", value: "Example Issuing CA" }]);
  cert.sign(key, forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), "binary");
  const p12 = Buffer.from(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm })).getBytes(), "binary");
  return { p12, fingerprint: createHash("sha256").update(der).digest("hex") };
}

test("a PKCS#12 given by path is used instead, and nothing is generated", () => {
  const dataDir = tempDir();
  const { p12, fingerprint } = makeP12("Example Realty Document Signing", "s3cret pass");
  const p12Path = `${tempDir()}/brokerage.p12`;
  writeFileSync(p12Path, p12);
  const identity = loadSigningIdentity({ p12Path, p12Password: "s3cret pass", dataDir, commonName: "Winnerr appliance x" });
  expect(identity.source).toBe("p12");
  expect(identity.path).toBe(p12Path);
  expect(identity.fingerprint).toBe(fingerprint);
  expect(identity.commonName).toBe("Example Realty Document Signing");
  expect(new Uint8Array(identity.p12)).toEqual(new Uint8Array(p12));
  expect(identity.password).toBe("s3cret pass");
  expect(existsSync(signingIdentityPath(dataDir))).toBe(false);

  expect(() => loadSigningIdentity({ p12Path, p12Password: "wrong", dataDir, commonName: "x" })).toThrow(/cannot be opened as PKCS#12/);
});

test("a PKCS#12 exported with OpenSSL 3's defaults (AES-256, PBKDF2, SHA-256 MAC) is read too", () => {
  if (!Bun.which("openssl")) return; // openssl is optional on a machine; node-forge is what reads it
  const dir = tempDir();
  const run = (...args: string[]) => expect(Bun.spawnSync(["openssl", ...args], { cwd: dir }).exitCode).toBe(0);
  run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "30", "-subj", "/CN=OpenSSL Brokerage");
  run("pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-out", "b.p12", "-passout", "pass:pw");
  const identity = loadSigningIdentity({ p12Path: `${dir}/b.p12`, p12Password: "pw", dataDir: dir, commonName: "x" });
  expect(identity.commonName).toBe("OpenSSL Brokerage");
  expect(identity.fingerprint).toBe(createHash("sha256").update(new X509Certificate(readFileSync(`${dir}/cert.pem`)).raw).digest("hex"));
});
