// A real document, sealed: rendered by renderPdf, a typed and a drawn signature stamped on it, the
// certificate of completion appended, signed with a freshly generated identity. Checked as a
// person (or a PDF reader) would: the text the pages show, the ink where each signature belongs,
// the signature verifying over the whole file, and any change breaking it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { sha256Hex } from "../../lib/crypto";
import { EXAMPLES } from "../forms/examples";
import { renderPdf, type Rendered } from "../forms/pdf";
import { packFor } from "../forms/registry";
import { appendCertificate, timestampStatement } from "./certificate";
import { formatEvidenceTime, formatSigningDate } from "./format";
import { loadSigningIdentity, type SigningIdentity } from "./identity";
import { sealDocument, type SealedDocument } from "./seal";
import { signPdf } from "./sign";
import { stampSignatures, type StampedSignature } from "./stamp";
import { exampleCertificate, pdfPagesText, signaturePng } from "./testing";
import { verifyPdfSignature } from "./verify";

let dir: string;
let identity: SigningIdentity;
let doc: Rendered;
let certificate: ReturnType<typeof exampleCertificate>;
let signatures: StampedSignature[];
let sealed: SealedDocument;

beforeAll(async () => {
  dir = mkdtempSync(`${tmpdir()}/winnerr-seal-`);
  identity = loadSigningIdentity({ dataDir: `${dir}/data`, commonName: "Winnerr appliance test.example" });
  // The residential lease has three parties: landlord (typed), tenant (drawn), tenant (typed).
  doc = await renderPdf({ pack: packFor("on/residential-lease")!, canonical: EXAMPLES["on/residential-lease"], documentId: "doc_test" });
  certificate = exampleCertificate(doc.signatureBlocks, doc.sha256);
  signatures = doc.signatureBlocks.map((b, i): StampedSignature =>
    i === 1 ? { blockIndex: i, kind: "drawn", pngBytes: signaturePng(), signedAt: certificate.signers[i].signedAt } : { blockIndex: i, kind: "typed", text: b.name, signedAt: certificate.signers[i].signedAt },
  );
  sealed = await sealDocument({ documentPdf: doc.bytes, blocks: doc.signatureBlocks, signatures, certificate, identity, tsaUrl: null });
  await Bun.write(`${dir}/sealed.pdf`, sealed.bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("dates show as the brokerage reads them: Toronto's calendar day, en-CA", () => {
  expect(formatSigningDate("2026-06-25T18:03:07Z")).toBe("June 25, 2026");
  expect(formatSigningDate("2026-06-26T02:30:00Z")).toBe("June 25, 2026"); // 22:30 in Toronto
  expect(formatEvidenceTime("2026-06-25T18:03:07Z")).toBe("June 25, 2026, 14:03:07 EDT (2026-06-25 18:03:07 UTC)");
  expect(formatEvidenceTime("2026-01-15T12:00:00.250Z")).toBe("January 15, 2026, 07:00:00 EST (2026-01-15 12:00:00 UTC)");
});

test("the sealed PDF has the document, the stamped signatures and the certificate of completion", async () => {
  const pages = await pdfPagesText(sealed.bytes);
  expect(pages.length).toBeGreaterThan(doc.pages);
  // The document's pages are still there, then the certificate.
  expect(pages[0]).toContain(packFor("on/residential-lease")!.title);
  const signing = pages[doc.signatureBlocks[0].page];
  expect(signing).toContain("Priya Patel");
  expect(signing.split("June 25, 2026").length - 1).toBe(3); // each date line
  const cert = pages.slice(doc.pages).join(" ");
  expect(cert).toContain("Certificate of completion");
  for (const value of [certificate.envelopeId, certificate.documentId, certificate.documentTitle, doc.sha256, certificate.chainHead, sealed.signedPagesSha256, identity.fingerprint, identity.commonName]) {
    expect(cert).toContain(value);
  }
  expect(cert).toContain("No trusted timestamp: no timestamp authority is configured; times are this appliance's clock");
  for (const s of certificate.signers) {
    for (const value of [s.name, s.email ?? "—", s.ip!, s.role, s.authMethod, s.consent!.textVersion, s.consent!.textSha256, formatEvidenceTime(s.signedAt), formatEvidenceTime(s.openedAt!), formatEvidenceTime(s.consent!.at)]) {
      expect(cert).toContain(value);
    }
    // The long user agent is wrapped onto several lines, none lost: its words are all there.
    for (const word of s.userAgent!.split(" ").filter((w) => w.length < 40)) expect(cert).toContain(word);
  }
  expect(cert).toContain(formatEvidenceTime(certificate.signers[1].authenticatedAt!));
  expect(cert).toContain(formatEvidenceTime(certificate.completedAt));
  // Footer on every certificate page, in pdf.ts's style.
  const certPages = pages.slice(doc.pages);
  certPages.forEach((p, i) => expect(p).toContain(`Certificate of completion · page ${i + 1} of ${certPages.length} · ${certificate.envelopeId} · doc_test`));
});

test("the certificate's text never runs past the page: long user agents and hashes wrap", async () => {
  const long = structuredClone(certificate);
  long.signers[0].userAgent = "A".repeat(400);
  const bytes = await appendCertificate(doc.bytes, { ...long, timestamp: null });
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true }).promise;
  let as = "";
  for (let i = doc.pages + 1; i <= pdf.numPages; i++) {
    for (const it of (await (await pdf.getPage(i)).getTextContent()).items) {
      if (!("str" in it)) continue;
      expect(it.transform[4] + it.width).toBeLessThanOrEqual(612 - 54 + 0.5);
      expect(it.transform[5]).toBeGreaterThanOrEqual(30);
      as += it.str.replace(/[^A]/g, "");
    }
  }
  expect(as.length).toBeGreaterThanOrEqual(400);
});

test("each signature is drawn just above its party's line: ink in the box there, none before stamping", async () => {
  const stamped = await stampSignatures(doc.bytes, doc.signatureBlocks, signatures);
  await Bun.write(`${dir}/unsigned.pdf`, doc.bytes);
  await Bun.write(`${dir}/stamped.pdf`, stamped);
  const inkAbove = (file: string, b: (typeof doc.signatureBlocks)[number], x0: number, x1: number) => {
    const out = `${dir}/page-${b.page}`;
    expect(Bun.spawnSync(["pdftoppm", "-gray", "-r", "72", "-f", String(b.page + 1), "-l", String(b.page + 1), "-singlefile", file, out]).exitCode).toBe(0);
    const pgm = new Uint8Array(readFileSync(`${out}.pgm`));
    const header = new TextDecoder("latin1").decode(pgm.subarray(0, 40)).match(/^P5\s+(\d+)\s+(\d+)\s+255\s/)!;
    const width = Number(header[1]);
    const pixels = pgm.subarray(header[0].length);
    let ink = 0;
    // From 1 pt above the line up to 28 pt: the signature box; pixel rows count from the top.
    for (let y = Math.round(792 - b.y - 28); y < Math.round(792 - b.y - 1); y++) for (let x = x0; x < x1; x++) if (pixels[y * width + x] < 160) ink++;
    return ink;
  };
  for (const b of doc.signatureBlocks) {
    expect(inkAbove(`${dir}/unsigned.pdf`, b, b.x, b.x + b.width)).toBe(0);
    expect(inkAbove(`${dir}/unsigned.pdf`, b, b.dateX, b.dateX + 140)).toBe(0);
    expect(inkAbove(`${dir}/stamped.pdf`, b, b.x, b.x + b.width)).toBeGreaterThan(60);
    expect(inkAbove(`${dir}/stamped.pdf`, b, b.dateX, b.dateX + 140)).toBeGreaterThan(60);
  }
  // The typed signatures are text (the name once more on the page); the drawn one is an image.
  const page = doc.signatureBlocks[0].page;
  const [before, after] = [(await pdfPagesText(doc.bytes))[page], (await pdfPagesText(stamped))[page]];
  const added = (name: string) => after.split(name).length - before.split(name).length;
  expect([added("Priya Patel"), added("Sam Lee"), added("Alex Lee")]).toEqual([1, 0, 1]);
});

test("stamping refuses what it cannot draw faithfully", async () => {
  const signedAt = "2026-06-25T18:00:00Z";
  await expect(stampSignatures(doc.bytes, doc.signatureBlocks, [{ blockIndex: 9, kind: "typed", text: "X", signedAt }])).rejects.toThrow(/3 signature blocks/);
  await expect(stampSignatures(doc.bytes, doc.signatureBlocks, [{ blockIndex: 0, kind: "drawn", signedAt }])).rejects.toThrow(/needs its PNG/);
  await expect(stampSignatures(doc.bytes, doc.signatureBlocks, [{ blockIndex: 0, kind: "typed", text: " ", signedAt }])).rejects.toThrow(/needs its text/);
  await expect(stampSignatures(doc.bytes, doc.signatureBlocks, [{ blockIndex: 0, kind: "typed", text: "A", signedAt }, { blockIndex: 0, kind: "typed", text: "B", signedAt }])).rejects.toThrow(/signed twice/);
  await expect(stampSignatures(doc.bytes, doc.signatureBlocks, [{ blockIndex: 0, kind: "typed", text: "A", signedAt: "yesterday" }])).rejects.toThrow(/not a time/);
});

test("the signature verifies and covers the whole file", () => {
  expect(sealed.sha256).toBe(sha256Hex(sealed.bytes));
  const v = verifyPdfSignature(sealed.bytes);
  expect(v).toMatchObject({ signed: true, valid: true, byteRangeCoversWholeFile: true, signatureCount: 1, certificateFingerprint: identity.fingerprint, signerName: "Winnerr appliance test.example" });
  expect(v.reason).toBeUndefined();
  expect(v.timestamp).toBeUndefined();
  expect(Math.abs(new Date(v.signingTime!).getTime() - Date.now())).toBeLessThan(60_000);
  expect(sealed.timestamp).toBeNull();
  expect(sealed.signatureTimestamp).toBeNull();
  // Exactly one signature dictionary, adbe.pkcs7.detached.
  const text = Buffer.from(sealed.bytes).toString("latin1");
  expect(text.match(/\/SubFilter\s*\/adbe\.pkcs7\.detached/g)).toHaveLength(1);
});

test("changing one byte anywhere in the signed ranges breaks the signature", () => {
  const text = Buffer.from(sealed.bytes).toString("latin1");
  const [, , start2] = text.match(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/)!.slice(1).map(Number);
  const gapStart = Number(text.match(/\/ByteRange\s*\[\s*\d+\s+(\d+)/)![1]);
  const positions = [20, Math.floor(gapStart / 2), gapStart - 30, start2 + 5, Math.floor((start2 + sealed.bytes.length) / 2), sealed.bytes.length - 3];
  for (const at of positions) {
    const tampered = sealed.bytes.slice();
    tampered[at] ^= 0x01;
    const v = verifyPdfSignature(tampered);
    expect(v.signed).toBe(true);
    expect(v.valid).toBe(false);
    expect(v.reason).toBeTruthy();
  }
  // Changing the signature itself (inside /Contents) breaks it too.
  const inSignature = sealed.bytes.slice();
  const at = gapStart + 1 + 2 * 200; // a hex digit well inside the CMS
  inSignature[at] = inSignature[at] === 0x30 ? 0x31 : 0x30;
  expect(verifyPdfSignature(inSignature).valid).toBe(false);
});

test("bytes appended after the signed end are reported: the range no longer covers the whole file", () => {
  const extra = new TextEncoder().encode("\n1 0 obj\n(changed)\nendobj\n%%EOF\n");
  const appended = new Uint8Array([...sealed.bytes, ...extra]);
  const v = verifyPdfSignature(appended);
  expect(v.signed).toBe(true);
  expect(v.byteRangeCoversWholeFile).toBe(false);
  expect(v.reason).toContain(`${extra.length} bytes after the signed range`);
});

test("an unsigned PDF is reported as such", async () => {
  expect(verifyPdfSignature(doc.bytes)).toMatchObject({ signed: false, valid: false, byteRangeCoversWholeFile: false, reason: "the file has no digital signature" });
});

test("poppler's pdfsig finds the signature valid and covering the whole document, and a changed copy not", async () => {
  if (!Bun.which("pdfsig")) return; // poppler-utils: installed by .ci/run and on developer machines
  const run = (file: string) => {
    const p = Bun.spawnSync(["pdfsig", file]);
    return p.stdout.toString() + p.stderr.toString();
  };
  const out = run(`${dir}/sealed.pdf`);
  expect(out).toContain("Signature Type: adbe.pkcs7.detached");
  expect(out).toContain("Total document signed");
  expect(out).toContain("Signature is Valid");
  expect(out).toContain("Winnerr appliance test.example");

  const tampered = sealed.bytes.slice();
  tampered[Math.floor(tampered.length / 3)] ^= 0x01;
  await Bun.write(`${dir}/tampered.pdf`, tampered);
  expect(run(`${dir}/tampered.pdf`)).not.toContain("Signature is Valid");

  await Bun.write(`${dir}/appended.pdf`, new Uint8Array([...sealed.bytes, ...new TextEncoder().encode("\n% more\n")]));
  expect(run(`${dir}/appended.pdf`)).toContain("Not total document signed");
});

test("signPdf alone signs any finished PDF, with the reader-visible details given", async () => {
  const signingTime = new Date("2026-06-25T18:30:00Z");
  const r = await signPdf(doc.bytes, identity, { reason: "Sealed for the record", location: "Toronto, Ontario", name: "Winnerr appliance test.example", contactInfo: "office@example.com", signingTime });
  expect(r.timestamp).toBeNull();
  const v = verifyPdfSignature(r.bytes);
  expect(v).toMatchObject({ valid: true, byteRangeCoversWholeFile: true, signingTime: signingTime.toISOString() });
  const text = Buffer.from(r.bytes).toString("latin1");
  expect(text).toContain("/Reason (Sealed for the record)");
  expect(text).toContain("/Location (Toronto, Ontario)");
  expect(text).toContain("/M (D:20260625183000Z)");
  // The document's own pages and text are unchanged by signing.
  expect((await pdfPagesText(r.bytes)).join(" ")).toBe((await pdfPagesText(doc.bytes)).join(" "));
});

test("the timestamp statement is explicit in every case", () => {
  expect(timestampStatement(null)).toBe("No trusted timestamp: no timestamp authority is configured; times are this appliance's clock");
  expect(timestampStatement({ ok: false, reason: "the timestamp authority answered HTTP 503" })).toBe("No trusted timestamp: the timestamp authority answered HTTP 503; times are this appliance's clock");
  expect(timestampStatement({ ok: true, url: "https://tsa.example/", time: "2026-06-25T18:03:07Z" })).toBe("Trusted timestamp from https://tsa.example/ at June 25, 2026, 14:03:07 EDT (2026-06-25 18:03:07 UTC)");
});
