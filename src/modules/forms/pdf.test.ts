// Each pack's complete example renders a PDF whose extracted text holds every value of the
// canonical, the signature blocks, page numbers, the document id and the content reference.
import { expect, test } from "bun:test";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { EXAMPLES } from "./examples";
import { formatValue, renderPdf, rows } from "./pdf";
import { packFor, validateCanonical } from "./registry";

async function pdfText(bytes: Uint8Array): Promise<{ pages: string[] }> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ("str" in it ? it.str : "")).join(" "));
  }
  return { pages };
}

const squash = (s: string) => s.replace(/\s+/g, " ");

for (const [formKey, canonical] of Object.entries(EXAMPLES)) {
  test(`${formKey}: the PDF shows every field, the signers and the references`, async () => {
    expect(validateCanonical(canonical).ok).toBe(true);
    const pack = packFor(formKey)!;
    expect(pack.complete(canonical)).toEqual([]);
    const r = await renderPdf({ pack, canonical, documentId: "doc_testdocument000001" });
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { pages } = await pdfText(r.bytes);
    expect(pages).toHaveLength(r.pages);
    const all = squash(pages.join(" "));
    expect(all).toContain(pack.title);
    const values = rows(canonical[pack.bodyKey]).filter((x) => x.value !== null);
    expect(values.length).toBeGreaterThan(8);
    for (const v of values) for (const word of squash(v.value!).split(" ")) expect(all).toContain(word);
    for (const p of pack.parties(canonical)) expect(all).toContain(p.name);
    pages.forEach((p, i) => {
      expect(squash(p)).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(p).toContain("doc_testdocument000001");
      expect(p).toContain(r.contentSha256);
    });
  });
}

test("values are formatted for en-CA", () => {
  expect(formatValue("completionDate", { year: 2026, month: 8, day: 28 })).toBe("August 28, 2026");
  expect(formatValue("price", { cents: 89_900_000 })).toBe("$899,000.00");
  expect(formatValue("parkingCents", 15_000)).toBe("$150.00");
  expect(formatValue("tenantInsuranceRequired", true)).toBe("Yes");
});

test("the same canonical and id render the same bytes", async () => {
  const pack = packFor("on/aps")!;
  const a = await renderPdf({ pack, canonical: EXAMPLES["on/aps"], documentId: "doc_same" });
  const b = await renderPdf({ pack, canonical: EXAMPLES["on/aps"], documentId: "doc_same" });
  expect(a.sha256).toBe(b.sha256);
});

test("pages really show their text: a rasterised page has ink (pdftoppm)", async () => {
  // Text extraction reads the ToUnicode map, so it passes even when glyph outlines are missing;
  // only drawing the page shows that. .ci/run installs poppler-utils for this.
  const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(`${tmpdir()}/winnerr-pdf-`);
  const r = await renderPdf({ pack: packFor("on/condo-lease")!, canonical: EXAMPLES["on/condo-lease"], documentId: "doc_ink" });
  await Bun.write(`${dir}/doc.pdf`, r.bytes);
  const p = Bun.spawnSync(["pdftoppm", "-gray", "-r", "36", "-f", "1", "-l", "1", `${dir}/doc.pdf`, `${dir}/page`]);
  expect(p.exitCode).toBe(0);
  const pgm = readFileSync(`${dir}/page-1.pgm`);
  // P5 header: "P5\n<w> <h>\n255\n", then one byte per pixel.
  const header = pgm.subarray(0, 40).toString("latin1").match(/^P5\s+(\d+)\s+(\d+)\s+255\s/)!;
  const pixels = pgm.subarray(header[0].length);
  let ink = 0;
  for (const v of pixels) if (v < 128) ink++;
  rmSync(dir, { recursive: true, force: true });
  // Measured at 36 dpi: 1408 dark pixels for this page, 289 when the glyphs were missing.
  expect(ink).toBeGreaterThan(800);
});
