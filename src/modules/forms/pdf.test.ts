// Each pack's complete example renders a PDF whose extracted text holds every value of the
// canonical, the signature blocks, page numbers, the document id and the content reference.
import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { EXAMPLES } from "./examples";
import fontkit from "@pdf-lib/fontkit";
import regularPath from "@expo-google-fonts/source-sans-3/400Regular/SourceSans3_400Regular.ttf" with { type: "file" };
import boldPath from "@expo-google-fonts/source-sans-3/700Bold/SourceSans3_700Bold.ttf" with { type: "file" };
import { alignGlyphRecords, formatValue, renderPdf, rows } from "./pdf";
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

test("a value longer than a page flows onto the next pages instead of running off the bottom", async () => {
  const canonical = structuredClone(EXAMPLES["on/residential-lease"]) as any;
  canonical.lease.additionalTerms = Array.from({ length: 60 }, (_, i) => `Term ${i + 1}: the tenant keeps the unit clean and allows entry on written notice`);
  const r = await renderPdf({ pack: packFor("on/residential-lease")!, canonical, documentId: "doc_long" });
  expect(r.pages).toBeGreaterThanOrEqual(3);
  const doc = await getDocument({ data: r.bytes.slice(), useSystemFonts: false, disableFontFace: true }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    for (const it of (await (await doc.getPage(i)).getTextContent()).items) {
      if (!("str" in it) || !it.str.trim()) continue;
      expect(it.transform[5]).toBeGreaterThanOrEqual(30); // the footer's baseline is the lowest
      text += ` ${it.str}`;
    }
  }
  for (let i = 1; i <= 60; i++) expect(squash(text)).toContain(`Term ${i}:`);
});

test("values are formatted for en-CA", () => {
  expect(formatValue("completionDate", { year: 2026, month: 8, day: 28 })).toBe("August 28, 2026");
  expect(formatValue("price", { cents: 89_900_000 })).toBe("$899,000.00");
  expect(formatValue("parkingCents", 15_000)).toBe("$150.00");
  expect(formatValue("tenantInsuranceRequired", true)).toBe("Yes");
});

test("the same canonical and id render the same bytes, whatever was rendered in between", async () => {
  const pack = packFor("on/aps")!;
  const a = await renderPdf({ pack, canonical: EXAMPLES["on/aps"], documentId: "doc_same" });
  const other = structuredClone(EXAMPLES["on/condo-lease"]) as any;
  other.lease.additionalTerms = ["Non-breaking\u00a0spaces, ligatures (office, after) and e\u0301 decomposed"];
  await renderPdf({ pack: packFor("on/condo-lease")!, canonical: other, documentId: "doc_other" });
  const b = await renderPdf({ pack, canonical: EXAMPLES["on/aps"], documentId: "doc_same" });
  expect(a.sha256).toBe(b.sha256);
});

test("alignGlyphRecords evens out Source Sans 3's glyph records and changes no outline", async () => {
  // Why subsetting drew blank glyphs: @pdf-lib/fontkit halves the offsets of a small subset's
  // loca, which is only exact when every glyph record has an even length.
  const oddRecords = (font: any) => {
    const offsets: number[] = font.loca.offsets;
    return offsets.slice(1).filter((o, i) => (o - offsets[i]) % 2 === 1).length;
  };
  for (const path of [regularPath, boldPath]) {
    const original = await Bun.file(path).bytes();
    const aligned = alignGlyphRecords(original);
    const [before, after] = [original, aligned].map((b) => fontkit.create(b) as any);
    expect(oddRecords(before)).toBeGreaterThan(0);
    expect(oddRecords(after)).toBe(0);
    expect(after.numGlyphs).toBe(before.numGlyphs);
    for (let id = 0; id < before.numGlyphs; id++) {
      const [g, h] = [before.getGlyph(id), after.getGlyph(id)];
      if (g.path.toSVG() !== h.path.toSVG() || g.advanceWidth !== h.advanceWidth) throw new Error(`glyph ${id} differs`);
    }
    expect(alignGlyphRecords(aligned)).toBe(aligned); // already even: returned as is
  }
});

/** Grey pixels (one byte each, 0 = black) of page `page` at `dpi`, drawn by poppler's pdftoppm. */
function rasterise(file: string, page: number, dpi: number, out: string): { width: number; pixels: Uint8Array } {
  const p = Bun.spawnSync(["pdftoppm", "-gray", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", file, out]);
  expect(p.exitCode).toBe(0);
  const pgm = new Uint8Array(readFileSync(`${out}.pgm`));
  // P5 header: "P5\n<w> <h>\n255\n", then one byte per pixel.
  const header = new TextDecoder("latin1").decode(pgm.subarray(0, 40)).match(/^P5\s+(\d+)\s+(\d+)\s+255\s/)!;
  return { width: Number(header[1]), pixels: pgm.subarray(header[0].length) };
}

/** Each word pdftotext finds (its box in points, from the top-left) with the dark pixels inside that box. */
function inkPerWord(file: string, dir: string): { page: number; word: string; ink: number }[] {
  const p = Bun.spawnSync(["pdftotext", "-bbox", file, "-"]);
  expect(p.exitCode).toBe(0);
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  const dpi = 144;
  const scale = dpi / 72;
  const out: { page: number; word: string; ink: number }[] = [];
  p.stdout.toString().split("<page ").slice(1).forEach((xml, i) => {
    const { width, pixels } = rasterise(file, i + 1, dpi, `${dir}/word-page`);
    for (const m of xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map((v) => Number(v) * scale);
      let ink = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) for (let x = Math.floor(x0); x < Math.ceil(x1); x++) if (pixels[y * width + x] < 128) ink++;
      out.push({ page: i + 1, word: m[5].replace(/&(\w+);/g, (_, e) => entities[e] ?? `&${e};`), ink });
    }
  });
  return out;
}

test("pages really show their text: a rasterised page has ink (pdftoppm)", async () => {
  // Text extraction reads the ToUnicode map, so it passes even when glyph outlines are missing;
  // only drawing the page shows that. .ci/run installs poppler-utils for this.
  const dir = mkdtempSync(`${tmpdir()}/winnerr-pdf-`);
  try {
    const r = await renderPdf({ pack: packFor("on/condo-lease")!, canonical: EXAMPLES["on/condo-lease"], documentId: "doc_ink" });
    await Bun.write(`${dir}/doc.pdf`, r.bytes);
    const { pixels } = rasterise(`${dir}/doc.pdf`, 1, 36, `${dir}/page`);
    let ink = 0;
    for (const v of pixels) if (v < 128) ink++;
    // Measured at 36 dpi: 1408 dark pixels for this page, 289 when the glyphs were missing.
    expect(ink).toBeGreaterThan(800);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("every glyph a document uses is drawn: each character, alone in a word, has ink in its box", async () => {
  // The page count above still passes when only some glyphs are lost (the subsetting bug drew
  // "He  W r" for "Hello World"). Here every printable ASCII character and the non-ASCII ones the
  // layout uses, each its own word, must put dark pixels inside the box pdftotext gives it; so must
  // every word of every page. With glyphs missing, 126 of this document's 274 words were blank.
  // "_" is left out: formatValue shows it as a space (the footer's "doc_ink" draws it).
  const characters = [...Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).filter((c) => c !== "_"), ..."éàçÉôü·—–’“”½©"];
  const canonical = structuredClone(EXAMPLES["on/condo-lease"]) as any;
  canonical.lease.additionalTerms = [...canonical.lease.additionalTerms, characters.join(" ")];
  const dir = mkdtempSync(`${tmpdir()}/winnerr-pdf-`);
  try {
    const r = await renderPdf({ pack: packFor("on/condo-lease")!, canonical, documentId: "doc_ink" });
    await Bun.write(`${dir}/doc.pdf`, r.bytes);
    const words = inkPerWord(`${dir}/doc.pdf`, dir);
    const found = new Set(words.map((w) => w.word));
    expect(characters.filter((c) => !found.has(c))).toEqual([]);
    expect(words.length).toBeGreaterThan(200);
    expect(words.filter((w) => w.ink === 0).map((w) => `page ${w.page}: ${w.word}`)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("signature blocks: one per party, in order, on the page where each party's line and caption are drawn", async () => {
  for (const [formKey, canonical] of Object.entries(EXAMPLES)) {
    const pack = packFor(formKey)!;
    const r = await renderPdf({ pack, canonical, documentId: "doc_blocks" });
    const parties = pack.parties(canonical);
    expect(parties.length).toBeGreaterThan(0);
    expect(r.signatureBlocks.map(({ role, name, email }) => ({ role, name, email }))).toEqual(parties);
    const doc = await getDocument({ data: r.bytes.slice(), useSystemFonts: false, disableFontFace: true }).promise;
    for (const b of r.signatureBlocks) {
      expect(b.page).toBeGreaterThanOrEqual(0);
      expect(b.page).toBeLessThan(r.pages);
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(612);
      expect(b.dateX).toBeGreaterThan(b.x + b.width);
      expect(b.y).toBeGreaterThan(54 + 12); // above the bottom margin, its caption too
      expect(b.y).toBeLessThan(792 - 54);
      // The party's caption sits 12 pt under the line, "Date" under the date line, on that page.
      const items = (await (await doc.getPage(b.page + 1)).getTextContent()).items.filter((it) => "str" in it) as { str: string; transform: number[] }[];
      const caption = items.find((it) => it.str.startsWith(`${b.name} (${b.role})`));
      expect(caption).toBeDefined();
      expect(caption!.transform[4]).toBeCloseTo(b.x, 1);
      expect(caption!.transform[5]).toBeCloseTo(b.y - 12, 1);
      expect(items.some((it) => it.str === "Date" && Math.abs(it.transform[4] - b.dateX) < 0.1 && Math.abs(it.transform[5] - (b.y - 12)) < 0.1)).toBe(true);
    }
  }
});
