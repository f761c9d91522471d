// Helpers for the sealing tests (not used by the app): a hand-made PNG, certificate data for an
// example document, text extraction with pdfjs, and a minimal RFC 3161 timestamp authority on
// loopback built with node-forge, independent of the client in tsa.ts.
import { createHash, createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { deflateSync } from "node:zlib";
import forge from "node-forge";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { SignatureBlock } from "../forms/pdf";
import type { CertificateData } from "./certificate";

/** CRC-32 (ISO-HDLC), as PNG chunks need. */
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** An RGBA PNG of a dark pen stroke (a loop and a line) on a transparent ground. */
export function signaturePng(width = 300, height = 90): Uint8Array {
  const raw = new Uint8Array(height * (1 + width * 4));
  const ink = (x: number, y: number) => {
    for (let dy = -2; dy <= 2; dy++)
      for (let dx = -2; dx <= 2; dx++) {
        const px = Math.round(x + dx), py = Math.round(y + dy);
        if (px < 0 || py < 0 || px >= width || py >= height) continue;
        raw.set([20, 30, 90, 255], py * (1 + width * 4) + 1 + px * 4);
      }
  };
  for (let t = 0; t < 1; t += 0.0005) {
    ink(10 + t * (width - 20), height / 2 + Math.sin(t * Math.PI * 6) * (height / 2 - 8)); // a wave across
  }
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method, no interlace
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", new Uint8Array(deflateSync(raw))), chunk("IEND", new Uint8Array())];
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

export async function pdfPagesText(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ("str" in it ? it.str : "")).join(" ").replace(/\s+/g, " "));
  }
  return pages;
}

/** Certificate data for a document's blocks: each party sent, opened, authenticated, consented, signed. */
export function exampleCertificate(blocks: SignatureBlock[], documentSha256: string): Omit<CertificateData, "timestamp"> {
  const at = (minutes: number) => new Date(Date.UTC(2026, 5, 25, 17, 0, 0) + minutes * 60_000).toISOString();
  return {
    envelopeId: "env_test0000000000000001",
    documentId: "doc_test",
    documentTitle: "Agreement of Purchase and Sale",
    documentSha256,
    completedAt: at(30 + blocks.length * 5),
    chainHead: createHash("sha256").update("the last evidence entry").digest("hex"),
    signers: blocks.map((b, i) => ({
      name: b.name,
      email: b.email,
      role: b.role,
      authMethod: i % 2 ? "Email link + SMS code" : "Email link",
      ip: i % 2 ? `2001:db8::${i + 1}` : `203.0.113.${i + 10}`,
      userAgent: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15 Signer/${i + 1} ExtraLongTokenWithoutSpaces_${"x".repeat(90)}`,
      sentAt: at(0),
      openedAt: at(10 + i * 5),
      authenticatedAt: i % 2 ? at(11 + i * 5) : null,
      consent: { at: at(12 + i * 5), textVersion: "2026-11-01", textSha256: createHash("sha256").update("consent text").digest("hex") },
      signedAt: at(13 + i * 5),
    })),
  };
}

// --- A test timestamp authority -------------------------------------------------------------

const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const seq = (...v: forge.asn1.Asn1[]) => asn1.create(U, asn1.Type.SEQUENCE, true, v);
const set = (...v: forge.asn1.Asn1[]) => asn1.create(U, asn1.Type.SET, true, v);
const oid = (o: string) => asn1.create(U, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
const int = (n: number) => asn1.create(U, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const octet = (bin: string) => asn1.create(U, asn1.Type.OCTETSTRING, false, bin);
const der = (n: forge.asn1.Asn1) => asn1.toDer(n).getBytes();
const sha256bin = (bin: string) => createHash("sha256").update(Buffer.from(bin, "binary")).digest().toString("binary");

export type TsaMode = "granted" | "rejection" | "wrong-imprint" | "bad-signature" | "http-500";

export interface TestTsa {
  url: string;
  requests: number;
  /** The genTime the TSA puts in its tokens. */
  time: Date;
  mode: TsaMode;
  stop(): void;
}

/** An RSA key and a certificate for "Test TSA", extended key usage timeStamping (critical). */
function tsaIdentity() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = "0a1b2c3d";
  cert.validity.notBefore = new Date(Date.UTC(2025, 0, 1));
  cert.validity.notAfter = new Date(Date.UTC(2035, 0, 1));
  const name = [{ shortName: "CN", value: "Test TSA" }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([{ name: "extKeyUsage", timeStamping: true, critical: true }]);
  cert.sign(key, forge.md.sha256.create());
  return { cert, signingKey: createPrivateKey(pem) };
}

/** A TimeStampResp for a TimeStampReq, per RFC 3161, as `mode` says. */
function respond(reqDer: Uint8Array, tsa: ReturnType<typeof tsaIdentity>, mode: TsaMode, time: Date, serial: number): string {
  if (mode === "rejection") {
    const freeText = seq(asn1.create(U, asn1.Type.UTF8, false, forge.util.encodeUtf8("unaccepted policy")));
    return der(seq(seq(int(2), freeText, asn1.create(U, asn1.Type.BITSTRING, false, "\x07\x80")))); // failInfo unacceptedPolicy
  }
  const req = asn1.fromDer(Buffer.from(reqDer).toString("binary")).value as forge.asn1.Asn1[];
  const imprint = req[1];
  const nonce = req.slice(2).find((n) => n.type === asn1.Type.INTEGER);
  if (mode === "wrong-imprint") {
    const hashed = (imprint.value as forge.asn1.Asn1[])[1];
    hashed.value = String.fromCharCode((hashed.value as string).charCodeAt(0) ^ 1) + (hashed.value as string).slice(1);
  }
  const tstInfo = seq(int(1), oid("1.3.6.1.4.1.99999.1"), imprint, int(serial), asn1.create(U, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(time)), ...(nonce ? [nonce] : []));
  const eContent = der(tstInfo);
  const certDer = der(forge.pki.certificateToAsn1(tsa.cert));
  const attrs = [
    seq(oid("1.2.840.113549.1.9.3"), set(oid("1.2.840.113549.1.9.16.1.4"))),
    seq(oid("1.2.840.113549.1.9.4"), set(octet(sha256bin(eContent)))),
    // ESS signingCertificateV2: the TSA certificate's SHA-256 (RFC 5816).
    seq(oid("1.2.840.113549.1.9.16.2.47"), set(seq(seq(seq(octet(sha256bin(certDer))))))),
  ];
  let signature = sign("sha256", Buffer.from(der(set(...attrs)), "binary"), tsa.signingKey).toString("binary");
  if (mode === "bad-signature") signature = String.fromCharCode(signature.charCodeAt(0) ^ 1) + signature.slice(1);
  const sha256Alg = seq(oid("2.16.840.1.101.3.4.2.1"), asn1.create(U, asn1.Type.NULL, false, ""));
  const signerInfo = seq(
    int(1),
    seq(forge.pki.distinguishedNameToAsn1(tsa.cert.issuer), asn1.create(U, asn1.Type.INTEGER, false, forge.util.hexToBytes(tsa.cert.serialNumber))),
    sha256Alg,
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attrs),
    seq(oid("1.2.840.113549.1.1.1"), asn1.create(U, asn1.Type.NULL, false, "")),
    octet(signature),
  );
  const signedData = seq(
    int(3),
    set(sha256Alg),
    seq(oid("1.2.840.113549.1.9.16.1.4"), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [octet(eContent)])),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [forge.pki.certificateToAsn1(tsa.cert)]),
    set(signerInfo),
  );
  const token = seq(oid("1.2.840.113549.1.7.2"), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData]));
  return der(seq(seq(int(0)), token));
}

/** Starts the TSA on 127.0.0.1 and a random port. */
export function startTestTsa(mode: TsaMode = "granted", time = new Date(Date.UTC(2026, 5, 25, 18, 3, 7))): TestTsa {
  const tsa = tsaIdentity();
  const state = { requests: 0, mode };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      state.requests++;
      if (state.mode === "http-500") return new Response("down", { status: 500 });
      if (req.method !== "POST" || req.headers.get("content-type") !== "application/timestamp-query") return new Response("bad request", { status: 400 });
      const body = respond(new Uint8Array(await req.arrayBuffer()), tsa, state.mode, time, 1000 + state.requests);
      return new Response(Buffer.from(body, "binary"), { headers: { "content-type": "application/timestamp-reply" } });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/tsa`,
    get requests() {
      return state.requests;
    },
    time,
    get mode() {
      return state.mode;
    },
    set mode(m: TsaMode) {
      state.mode = m;
    },
    stop: () => server.stop(true),
  };
}
