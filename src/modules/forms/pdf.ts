// Renders a pack's canonical as Winnerr's own PDF layout (no OREA or provincial form text): a
// title, every field of the canonical in sections, signature blocks for each signing party, and
// on every page its number, the document id and a SHA-256 reference to the canonical's content.
// Source Sans 3 (SIL Open Font License) is embedded whole: pdf-lib's subsetting of this font
// dropped the glyph outlines (text still extracted, but pages rendered blank), found by
// rasterising a page with pdftoppm.
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import regularPath from "@expo-google-fonts/source-sans-3/400Regular/SourceSans3_400Regular.ttf" with { type: "file" };
import boldPath from "@expo-google-fonts/source-sans-3/700Bold/SourceSans3_700Bold.ttf" with { type: "file" };
import { sha256Hex } from "../../lib/crypto";
import { formatCents } from "../../lib/money";
import type { FormPack } from "./types";

const [regularBytes, boldBytes] = await Promise.all([Bun.file(regularPath).bytes(), Bun.file(boldPath).bytes()]);

const PAGE = { width: 612, height: 792 }; // US Letter, what Ontario brokerages print on
const MARGIN = 54;
const LINE = 14;

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
}

/** Splits text into lines that fit width at size. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
      else {
        out.push(line);
        line = word;
      }
    }
    out.push(line);
  }
  return out;
}

export async function renderPdf({ pack, canonical, documentId }: RenderInput): Promise<Rendered> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(regularBytes, { subset: false });
  const bold = await doc.embedFont(boldBytes, { subset: false });
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
    ensure(LINE * lines.length);
    text(r.label, indent, bold, 10);
    lines.forEach((l, i) => {
      text(l, indent + labelWidth, regular, 10);
      if (i < lines.length - 1) y -= LINE;
    });
    y -= LINE;
  }

  const parties = pack.parties(canonical);
  if (parties.length) {
    ensure(40);
    y -= 16;
    text("Signatures", MARGIN, bold, 12);
    y -= 20;
    for (const p of parties) {
      ensure(52);
      y -= 22;
      page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + 260, y }, thickness: 0.7, color: rgb(0.3, 0.3, 0.3) });
      page.drawLine({ start: { x: MARGIN + 300, y }, end: { x: MARGIN + 440, y }, thickness: 0.7, color: rgb(0.3, 0.3, 0.3) });
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
  return { bytes, sha256: sha256Hex(bytes), contentSha256, pages: pages.length };
}
