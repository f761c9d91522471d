// The certificate of completion: page(s) added after the signed document that record the envelope,
// the document's hash before signing, each signer's identity, authentication, network details and
// event times, the evidence log's hash-chain head, and whether a trusted timestamp vouches for the
// time. Same page size, margins, fonts and footer style as the document itself (forms/pdf.ts).
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { DEFAULT_TIME_ZONE } from "../../lib/timezone";
import { embedFonts, MARGIN, PAGE, wrap } from "../forms/pdf";
import { formatEvidenceTime } from "./format";

export interface CertificateSigner {
  name: string;
  email: string | null;
  /** The party's role in the document ("buyer", "landlord"…). */
  role: string;
  /** How the signer proved who they are, as people read it: "Email link", "Email link + SMS code". */
  authMethod: string;
  ip: string | null;
  userAgent: string | null;
  /** Event times, ISO-8601 UTC; null when the event did not happen (e.g. no separate authentication). */
  sentAt: string | null;
  openedAt: string | null;
  authenticatedAt: string | null;
  /** The consent to sign electronically: when, and the exact text agreed to (version and SHA-256). */
  consent: { at: string; textVersion: string; textSha256: string } | null;
  signedAt: string;
}

export type CertificateTimestamp =
  | { ok: true; url: string; time: string; authority?: string; serialNumber?: string }
  | { ok: false; reason: string };

export interface CertificateData {
  envelopeId: string;
  documentId: string;
  documentTitle: string;
  /** SHA-256 of the generated document PDF before anyone signed. */
  documentSha256: string;
  /** When the last signer signed, ISO-8601 UTC. */
  completedAt: string;
  signers: CertificateSigner[];
  /** Head of the envelope's evidence hash chain (hex). */
  chainHead: string;
  /**
   * The trusted timestamp's outcome; null: no timestamp authority is configured. Either way the
   * page says so plainly.
   */
  timestamp: CertificateTimestamp | null;
  /** SHA-256 of the signed pages (the document with signatures drawn) that the timestamp covers. */
  signedPagesSha256?: string | null;
  /** The identity that digitally signs the final file, to compare with what a PDF reader shows. */
  sealedBy?: { name: string; fingerprint: string } | null;
  /** IANA zone the times are shown in (UTC is always beside them). Default America/Toronto. */
  timeZone?: string;
}

const BLUE = rgb(0.04, 0.36, 0.68);
const DARK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.4, 0.4, 0.4);
const LINE = 13;
const LABEL_WIDTH = 150;
const SIZE = 9.5;

/** The statement the certificate makes about time; exported so other pages can say the same. */
export function timestampStatement(t: CertificateTimestamp | null, tz = DEFAULT_TIME_ZONE): string {
  if (t === null) return "No trusted timestamp: no timestamp authority is configured; times are this appliance's clock";
  if (!t.ok) return `No trusted timestamp: ${t.reason}; times are this appliance's clock`;
  return `Trusted timestamp from ${t.url} at ${formatEvidenceTime(t.time, tz)}`;
}

/** wrap() from pdf.ts, then any word still too wide (a user agent, a hash) broken by characters. */
function fit(text: string, font: PDFFont, size: number, width: number): string[] {
  return wrap(text, font, size, width).flatMap((line) => {
    if (font.widthOfTextAtSize(line, size) <= width) return [line];
    const out: string[] = [];
    let cur = "";
    for (const ch of line) {
      if (cur && font.widthOfTextAtSize(cur + ch, size) > width) {
        out.push(cur);
        cur = ch.trimStart();
      } else cur += ch;
    }
    if (cur) out.push(cur);
    return out;
  });
}

export async function appendCertificate(pdfBytes: Uint8Array, cert: CertificateData): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  const { regular, bold } = await embedFonts(doc);
  const tz = cert.timeZone ?? DEFAULT_TIME_ZONE;
  const time = (at: string | null) => (at ? formatEvidenceTime(at, tz) : "—");
  const first = doc.getPageCount();
  const width = PAGE.width - 2 * MARGIN;

  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;
  const ensure = (h: number) => {
    if (y - h < MARGIN + 30) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - MARGIN;
    }
  };
  const draw = (s: string, x: number, font: PDFFont, size: number, color = DARK) => page.drawText(s, { x, y, font, size, color });
  const paragraph = (s: string, font = regular, size = SIZE, color = DARK) => {
    for (const l of fit(s, font, size, width)) {
      ensure(LINE);
      draw(l, MARGIN, font, size, color);
      y -= LINE;
    }
  };
  const heading = (s: string, keepWith = LINE * 3) => {
    // Kept with what follows it, when that fits on a page at all.
    ensure(LINE * 2 + Math.min(keepWith, PAGE.height - 2 * MARGIN - 30 - LINE * 3));
    y -= 8;
    draw(s, MARGIN, bold, 12, BLUE);
    y -= LINE + 4;
  };
  const fieldLines = (value: string, indent = 0) => fit(value, regular, SIZE, width - indent - LABEL_WIDTH).length;
  const field = (label: string, value: string, indent = 0) => {
    const lines = fit(value, regular, SIZE, width - indent - LABEL_WIDTH);
    ensure(LINE * Math.min(lines.length, 3));
    draw(label, MARGIN + indent, bold, SIZE);
    lines.forEach((l, i) => {
      if (i > 0) {
        y -= LINE;
        ensure(LINE);
      }
      draw(l, MARGIN + indent + LABEL_WIDTH, regular, SIZE);
    });
    y -= LINE;
  };

  draw("Certificate of completion", MARGIN, bold, 20, BLUE);
  y -= 24;
  paragraph(`How "${cert.documentTitle}" was signed, from this appliance's evidence log. Times are ${tz} time, with UTC in brackets.`, regular, 9, GREY);
  y -= 4;

  heading("Envelope");
  field("Envelope", cert.envelopeId);
  field("Document", cert.documentId);
  field("Title", cert.documentTitle);
  field("Document SHA-256", `${cert.documentSha256} (the generated PDF, before signing)`);
  if (cert.signedPagesSha256) field("Signed pages SHA-256", `${cert.signedPagesSha256} (the pages above, with signatures, before this certificate)`);
  field("Completed", time(cert.completedAt));
  field("Signers", String(cert.signers.length));

  cert.signers.forEach((s, i) => {
    const rows: [string, string][] = [
      ["Name", s.name],
      ["Email", s.email ?? "—"],
      ["Role", s.role],
      ["Authentication", s.authMethod],
      ["IP address", s.ip ?? "—"],
      ["User agent", s.userAgent ?? "—"],
      ["Sent", time(s.sentAt)],
      ["Opened", time(s.openedAt)],
      ["Authenticated", time(s.authenticatedAt)],
      ["Consented", s.consent ? time(s.consent.at) : "—"],
      ...(s.consent ? [["Consent text", `version ${s.consent.textVersion}, SHA-256 ${s.consent.textSha256}`] as [string, string]] : []),
      ["Signed", time(s.signedAt)],
    ];
    heading(`Signer ${i + 1} of ${cert.signers.length}: ${s.name}`, LINE * rows.reduce((n, [, v]) => n + fieldLines(v), 0));
    for (const [label, value] of rows) field(label, value);
  });

  heading("Integrity", LINE * 4);
  field("Evidence chain head", cert.chainHead);
  paragraph("Each event of the envelope (sent, opened, authenticated, consented, signed) is chained to the one before by SHA-256; this is the hash of the last one.", regular, 8.5, GREY);
  y -= 2;
  field("Timestamp", timestampStatement(cert.timestamp, tz));
  if (cert.timestamp?.ok && (cert.timestamp.authority || cert.timestamp.serialNumber)) {
    field("Timestamp token", [cert.timestamp.authority && `signed by ${cert.timestamp.authority}`, cert.timestamp.serialNumber && `serial ${cert.timestamp.serialNumber}`, cert.signedPagesSha256 && "over the signed pages' SHA-256 above"].filter(Boolean).join(", "));
  }
  if (cert.sealedBy) {
    field("Digitally signed by", cert.sealedBy.name);
    field("Certificate SHA-256", cert.sealedBy.fingerprint);
    paragraph("The whole file, this certificate included, carries that digital signature. A PDF reader shows it; any change to the file after signing shows as a broken signature. Compare the certificate's fingerprint with the one above.", regular, 8.5, GREY);
  }

  const pages = doc.getPages().slice(first);
  pages.forEach((p, i) => {
    const footer = `Certificate of completion · page ${i + 1} of ${pages.length} · ${cert.envelopeId} · ${cert.documentId}`;
    p.drawText(footer, { x: MARGIN, y: MARGIN - 24, font: regular, size: 7, color: rgb(0.45, 0.45, 0.45) });
  });
  return doc.save();
}
