// Renders a pack's canonical as Winnerr's own PDF layout (no OREA or provincial form text): a
// title, every field of the canonical in sections, signature blocks for each signing party, and
// on every page its number, the document id and a SHA-256 reference to the canonical's content.
//
// Fonts: Source Sans 3 (SIL Open Font License), embedded as a subset of the glyphs a document
// uses: about 13 KB a PDF instead of 330 KB, and no deflating of two 380 KB font files per save.
// Subsetting once drew pages blank (text extracted, outlines missing; seen with pdftoppm) because
// @pdf-lib/fontkit writes a subset's `loca` in the short format (offsets halved) whenever its
// glyph data is under 64 KB, while Source Sans 3's Regular and Bold ship glyph records of odd
// length (long `loca`, no padding), so each glyph starting at an odd offset was read a byte early.
// alignGlyphRecords pads every record to 4 bytes once, at load: the halved offsets are then exact,
// and no outline changes.
//
// Speed: each font is parsed once per process and handed to every document through
// registerFontkit, instead of fontkit re-reading the font's tables on each render. Its layout()
// maps characters straight through the font's cmap: pdf-lib reads only glyph ids, advance widths
// and code points from a layout and drops the GPOS positions, so full OpenType shaping (about
// 1 ms a string, most of a render) bought nothing visible but ligatures such as f_f and f_t.
// The glyph objects it returns are fresh per call, so a document's ToUnicode map depends on that
// document alone and its bytes stay the same whatever the process rendered before.
import fontkit, { type Font } from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import regularPath from "@expo-google-fonts/source-sans-3/400Regular/SourceSans3_400Regular.ttf" with { type: "file" };
import boldPath from "@expo-google-fonts/source-sans-3/700Bold/SourceSans3_700Bold.ttf" with { type: "file" };
import { sha256Hex } from "../../lib/crypto";
import { formatCents } from "../../lib/money";
import type { FormPack } from "./types";
import type { SignatureBlockPosition } from "../../db/schema";

/**
 * The same TrueType font with every glyph record padded to a multiple of 4 bytes and a long `loca`
 * pointing at them; other tables are copied unchanged, checksums recomputed. A font whose records
 * are already even (any font with a short `loca`), or that has no `glyf` table, is returned as is.
 */
export function alignGlyphRecords(ttf: Uint8Array): Uint8Array {
  const src = new DataView(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  const numTables = src.getUint16(4);
  const dir = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < numTables; i++) {
    const r = 12 + 16 * i;
    dir.set(String.fromCharCode(...ttf.subarray(r, r + 4)), { offset: src.getUint32(r + 8), length: src.getUint32(r + 12) });
  }
  const head = dir.get("head"), maxp = dir.get("maxp"), loca = dir.get("loca"), glyf = dir.get("glyf");
  if (!head || !maxp || !loca || !glyf) return ttf;
  const longLoca = src.getInt16(head.offset + 50) === 1;
  const numGlyphs = src.getUint16(maxp.offset + 4);
  const at = (gid: number) => (longLoca ? src.getUint32(loca.offset + 4 * gid) : 2 * src.getUint16(loca.offset + 2 * gid));
  let odd = false;
  for (let g = 0; g < numGlyphs && !odd; g++) odd = (at(g + 1) - at(g)) % 2 === 1;
  if (!odd) return ttf;

  const pad4 = (n: number) => (n + 3) & ~3;
  let glyfLength = 0;
  for (let g = 0; g < numGlyphs; g++) glyfLength += pad4(at(g + 1) - at(g));
  const newGlyf = new Uint8Array(glyfLength);
  const newLoca = new Uint8Array(4 * (numGlyphs + 1));
  const locaView = new DataView(newLoca.buffer);
  let pos = 0;
  for (let g = 0; g < numGlyphs; g++) {
    locaView.setUint32(4 * g, pos);
    newGlyf.set(ttf.subarray(glyf.offset + at(g), glyf.offset + at(g + 1)), pos);
    pos += pad4(at(g + 1) - at(g));
  }
  locaView.setUint32(4 * numGlyphs, pos);

  const tags = [...dir.keys()]; // directory order, which the format requires sorted by tag
  const body = (tag: string) => (tag === "glyf" ? newGlyf : tag === "loca" ? newLoca : ttf.subarray(dir.get(tag)!.offset, dir.get(tag)!.offset + dir.get(tag)!.length));
  let size = 12 + 16 * numTables;
  for (const tag of tags) size += pad4(body(tag).length);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const checksum = (from: number, length: number) => {
    let sum = 0;
    for (let i = from; i < from + length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
    return sum;
  };
  out.set(ttf.subarray(0, 12)); // sfnt version and table count, search fields unchanged
  let offset = 12 + 16 * numTables;
  let headOffset = 0;
  tags.forEach((tag, i) => {
    const data = body(tag);
    out.set(data, offset);
    if (tag === "head") {
      headOffset = offset;
      view.setInt16(offset + 50, 1); // indexToLocFormat: long
      view.setUint32(offset + 8, 0); // checkSumAdjustment is summed as 0, then set below
    }
    const r = 12 + 16 * i;
    out.set(ttf.subarray(r, r + 4), r);
    view.setUint32(r + 4, checksum(offset, pad4(data.length)));
    view.setUint32(r + 8, offset);
    view.setUint32(r + 12, data.length);
    offset += pad4(data.length);
  });
  view.setUint32(headOffset + 8, (0xb1b0afba - checksum(0, size)) >>> 0);
  return out;
}

/** A font parsed once, whose layout() maps characters through its cmap (see the top of the file). */
function loadFont(ttf: Uint8Array): { bytes: Uint8Array; font: Font } {
  const bytes = alignGlyphRecords(ttf);
  const font = fontkit.create(bytes);
  const known = new Map<number, { id: number; advanceWidth: number }>(); // only code points the font has
  const glyphFor = (codePoint: number) => {
    let g = known.get(codePoint);
    if (!g) {
      const glyph = font.glyphForCodePoint(codePoint);
      g = { id: glyph.id, advanceWidth: glyph.advanceWidth };
      if (g.id !== 0) known.set(codePoint, g);
    }
    // Fresh each time: pdf-lib builds the ToUnicode map from codePoints.
    return { id: g.id, advanceWidth: g.advanceWidth, codePoints: [codePoint] };
  };
  font.layout = ((text: string) => ({ glyphs: Array.from(text.normalize("NFC"), (ch) => glyphFor(ch.codePointAt(0)!)) })) as unknown as Font["layout"];
  return { bytes, font };
}

type LoadedFont = ReturnType<typeof loadFont>;
let loaded: Promise<{ regular: LoadedFont; bold: LoadedFont; parsed: { create(bytes: Uint8Array): Font } }> | undefined;

/**
 * Both fonts, read and parsed on the first render rather than at start-up (the server and the
 * CLI commands that never draw a PDF should not pay for it), then kept for the process.
 */
function fonts() {
  return (loaded ??= (async () => {
    const [regular, bold] = await Promise.all([regularPath, boldPath].map(async (p) => loadFont(await Bun.file(p).bytes())));
    // What registerFontkit receives: it hands back the parsed fonts instead of parsing again.
    const parsed = {
      create(bytes: Uint8Array): Font {
        if (bytes === regular.bytes) return regular.font;
        if (bytes === bold.bytes) return bold.font;
        throw new Error("pdf: only the embedded Source Sans 3 fonts can be used");
      },
    };
    return { regular, bold, parsed };
  })());
}

/**
 * Source Sans 3 Regular and Bold embedded in a document (as subsets of the glyphs it draws), from
 * the fonts parsed once. The sealing module draws typed signatures and the certificate of
 * completion with the same fonts through this.
 */
export async function embedFonts(doc: PDFDocument): Promise<{ regular: PDFFont; bold: PDFFont }> {
  const f = await fonts();
  doc.registerFontkit(f.parsed);
  const regular = await doc.embedFont(f.regular.bytes, { subset: true });
  const bold = await doc.embedFont(f.bold.bytes, { subset: true });
  return { regular, bold };
}

export const PAGE = { width: 612, height: 792 }; // US Letter, what Ontario brokerages print on
export const MARGIN = 54;
/** A signature line's width and where the date line starts, from the left margin. */
export const SIGNATURE_LINE_WIDTH = 260;
export const DATE_LINE_OFFSET = 300;
const LINE = 14;
const LINES_PER_PAGE = Math.floor((PAGE.height - 2 * MARGIN - 30) / LINE); // ensure() keeps 30 pt for the footer

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "propertyType" → "Property type", "titleSearchDate" → "Title search date". */
export function label(key: string): string {
  // "parkingCents" is shown as money already: its label is "Parking".
  const words = key.replace(/Cents$/, "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isDate = (v: unknown): v is { year: number; month: number; day: number } =>
  !!v && typeof v === "object" && Object.keys(v).sort().join() === "day,month,year";
const isMoney = (v: unknown): v is { cents: number } => !!v && typeof v === "object" && Object.keys(v).join() === "cents";

/** A value as an en-CA reader expects it; objects and arrays are laid out by rows(). */
export function formatValue(key: string, v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (isDate(v)) return `${MONTHS[v.month - 1]} ${v.day}, ${v.year}`;
  if (isMoney(v)) return formatCents(v.cents);
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (typeof v === "number") return /cents$/i.test(key) ? formatCents(v) : String(v);
  if (typeof v === "string") return v.replace(/_/g, " ");
  return null;
}

interface Row {
  depth: number;
  label: string;
  value: string | null; // null: a heading for the nested rows that follow
}

/** Flattens the body into labelled rows, depth-first, so every field of the canonical is shown. */
export function rows(value: unknown, key = "", depth = 0): Row[] {
  const direct = formatValue(key, value);
  if (direct !== null) return [{ depth, label: label(key), value: direct }];
  if (Array.isArray(value)) {
    if (!value.length) return [];
    if (value.every((x) => typeof x !== "object")) return [{ depth, label: label(key), value: value.map((x) => formatValue(key, x)).join("; ") }];
    return value.flatMap((item, i) => [{ depth, label: `${label(key)} ${i + 1}`, value: null }, ...rows(item, "", depth + 1)]);
  }
  if (value && typeof value === "object") {
    const inner = Object.entries(value).flatMap(([k, v]) => rows(v, k, key ? depth + 1 : depth));
    return key && inner.length ? [{ depth, label: label(key), value: null }, ...inner] : inner;
  }
  return [];
}

export interface RenderInput {
  pack: FormPack<any>;
  canonical: any;
  documentId: string;
}

export interface Rendered {
  bytes: Uint8Array;
  /** SHA-256 of the PDF itself, stored beside it. */
  sha256: string;
  /** SHA-256 of the canonical, printed in the footer (a file cannot contain its own hash). */
  contentSha256: string;
  pages: number;
  /** Where each signing party signs, in the order of pack.parties(canonical). */
  signatureBlocks: SignatureBlock[];
}

/** A party's signature line (and date line) as drawn: what stamping a signature aims at. Stored with the document. */
export type SignatureBlock = SignatureBlockPosition;

/**
 * Splits text into lines that fit width at size. Widths add up word by word (the layout maps one
 * character to one glyph, no kerning), so each word is measured once, not each growing line.
 */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  const space = font.widthOfTextAtSize(" ", size);
  for (const para of text.split("\n")) {
    let line = "";
    let lineWidth = 0;
    for (const word of para.split(/\s+/)) {
      const w = font.widthOfTextAtSize(word, size);
      if (!line) {
        line = word;
        lineWidth = w;
      } else if (lineWidth + space + w <= width) {
        line = `${line} ${word}`;
        lineWidth += space + w;
      } else {
        out.push(line);
        line = word;
        lineWidth = w;
      }
    }
    out.push(line);
  }
  return out;
}

export async function renderPdf({ pack, canonical, documentId }: RenderInput): Promise<Rendered> {
  const doc = await PDFDocument.create();
  const { regular, bold } = await embedFonts(doc);
  const contentSha256 = sha256Hex(JSON.stringify(canonical));
  doc.setTitle(pack.title);
  doc.setProducer("Winnerr");
  doc.setCreator("Winnerr");
  // Fixed dates keep a render byte-for-byte repeatable for the same canonical and id.
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));

  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;
  const width = PAGE.width - 2 * MARGIN;
  const ensure = (h: number) => {
    if (y - h < MARGIN + 30) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - MARGIN;
    }
  };
  const text = (s: string, x: number, font: PDFFont, size: number, color = rgb(0.1, 0.1, 0.1)) => page.drawText(s, { x, y, font, size, color });

  text(pack.title, MARGIN, bold, 20, rgb(0.04, 0.36, 0.68));
  y -= 26;
  text(`Document ${documentId} · ${pack.formKey} · prepared with Winnerr`, MARGIN, regular, 9, rgb(0.4, 0.4, 0.4));
  y -= 24;

  for (const r of rows(canonical[pack.bodyKey] ?? {})) {
    const indent = MARGIN + r.depth * 14;
    if (r.value === null) {
      ensure(LINE * 2);
      y -= 4;
      text(r.label, indent, bold, r.depth === 0 ? 12 : 10.5);
      y -= LINE + 2;
      continue;
    }
    const labelWidth = 150;
    const lines = wrap(r.value, regular, 10, width - (indent - MARGIN) - labelWidth);
    // A value that fits on a page stays on one; a longer one starts here and flows on.
    ensure(LINE * (lines.length <= LINES_PER_PAGE ? lines.length : 2));
    text(r.label, indent, bold, 10);
    lines.forEach((l, i) => {
      if (i > 0) {
        y -= LINE;
        ensure(LINE);
      }
      text(l, indent + labelWidth, regular, 10);
    });
    y -= LINE;
  }

  const parties = pack.parties(canonical);
  const signatureBlocks: SignatureBlock[] = [];
  if (parties.length) {
    ensure(40);
    y -= 16;
    text("Signatures", MARGIN, bold, 12);
    y -= 20;
    for (const p of parties) {
      ensure(52);
      y -= 22;
      signatureBlocks.push({ role: p.role, name: p.name, email: p.email, page: doc.getPageCount() - 1, x: MARGIN, y, width: SIGNATURE_LINE_WIDTH, dateX: MARGIN + DATE_LINE_OFFSET });
      page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + SIGNATURE_LINE_WIDTH, y }, thickness: 0.7, color: rgb(0.3, 0.3, 0.3) });
      page.drawLine({ start: { x: MARGIN + DATE_LINE_OFFSET, y }, end: { x: MARGIN + 440, y }, thickness: 0.7, color: rgb(0.3, 0.3, 0.3) });
      y -= 12;
      text(`${p.name} (${p.role})${p.email ? ` · ${p.email}` : ""}`, MARGIN, regular, 9);
      text("Date", MARGIN + 300, regular, 9);
      y -= 10;
    }
  }

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const footer = `Page ${i + 1} of ${pages.length} · ${documentId} · content SHA-256 ${contentSha256}`;
    p.drawText(footer, { x: MARGIN, y: MARGIN - 24, font: regular, size: 7, color: rgb(0.45, 0.45, 0.45) });
  });

  const bytes = await doc.save();
  return { bytes, sha256: sha256Hex(bytes), contentSha256, pages: pages.length, signatureBlocks };
}
