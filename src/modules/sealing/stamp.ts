// Draws each party's signature onto the generated document: just above the party's signature
// line (renderPdf's signatureBlocks), a drawn signature as the signer's PNG, or a typed one as the
// name in Source Sans 3 slanted like handwriting; and the signing date, Toronto time, on the
// date line beside it.
import { degrees, PDFDocument, rgb } from "pdf-lib";
import { DEFAULT_TIME_ZONE } from "../../lib/timezone";
import { embedFonts, type SignatureBlock } from "../forms/pdf";
import { formatSigningDate } from "./format";

export interface StampedSignature {
  /** Index into the document's signature blocks. */
  blockIndex: number;
  kind: "typed" | "drawn";
  /** The typed name ("typed"). */
  text?: string;
  /** A PNG of the drawn signature ("drawn"), e.g. from signature_pad. */
  pngBytes?: Uint8Array;
  /** When the party signed, ISO-8601. */
  signedAt: string;
}

/**
 * The box a signature is fitted into, just above its line. renderPdf puts a party's line 44 pt
 * below the one before, whose caption reaches about 14 pt under it: 28 pt of height keeps a
 * drawn signature off the caption of the party above.
 */
export const SIGNATURE_BOX = { width: 260, height: 28 };
const INK = rgb(0.06, 0.16, 0.45);
const GAP = 2; // between the line and the lowest ink

export async function stampSignatures(pdfBytes: Uint8Array, blocks: SignatureBlock[], signatures: StampedSignature[], opts: { timeZone?: string } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  const { regular } = await embedFonts(doc);
  const pages = doc.getPages();
  const seen = new Set<number>();
  for (const s of signatures) {
    const block = blocks[s.blockIndex];
    if (!block) throw new Error(`signature for block ${s.blockIndex}: the document has ${blocks.length} signature blocks`);
    if (seen.has(s.blockIndex)) throw new Error(`block ${s.blockIndex} is signed twice`);
    seen.add(s.blockIndex);
    const page = pages[block.page];
    if (!page) throw new Error(`block ${s.blockIndex} is on page ${block.page + 1}, the document has ${pages.length}`);
    const maxWidth = Math.min(SIGNATURE_BOX.width, block.width);

    if (s.kind === "drawn") {
      if (!s.pngBytes?.length) throw new Error(`block ${s.blockIndex}: a drawn signature needs its PNG`);
      const png = await doc.embedPng(s.pngBytes);
      const scale = Math.min(maxWidth / png.width, SIGNATURE_BOX.height / png.height);
      const { width, height } = png.scale(scale);
      page.drawImage(png, { x: block.x, y: block.y + GAP, width, height });
    } else if (s.kind === "typed") {
      const text = s.text?.trim();
      if (!text) throw new Error(`block ${s.blockIndex}: a typed signature needs its text`);
      // Largest size up to 22 pt that fits the line; slanted 14° like a hand's italic.
      let size = 22;
      while (size > 8 && regular.widthOfTextAtSize(text, size) > maxWidth - 8) size -= 1;
      page.drawText(text, { x: block.x + 4, y: block.y + GAP + 4, font: regular, size, color: INK, ySkew: degrees(14) });
    } else {
      throw new Error(`block ${s.blockIndex}: unknown signature kind`);
    }
    page.drawText(formatSigningDate(s.signedAt, opts.timeZone ?? DEFAULT_TIME_ZONE), { x: block.dateX + 2, y: block.y + GAP + 2, font: regular, size: 11, color: INK });
  }
  return doc.save();
}
