// What search sees of a document, and how a person's query becomes a safe FTS5 query. Pure
// functions: the indexer, `winnerr reindex`, the benchmark and the unit tests share them.
//
// A document's text is its canonical as the PDF shows it (rows() and formatValue() of the PDF
// renderer: the same labels and values, "$899,000.00", "July 10, 2026"), not text parsed out of
// the PDF at run time: the PDF is drawn from exactly these rows, so the words are the same and
// indexing costs microseconds instead of a PDF parse.
import { rows } from "../forms/pdf";
import type { FormPack } from "../forms/types";

export interface SearchText {
  title: string;
  /** Everything else, one "Label: value" per line. */
  body: string;
}

/** The text a document is found by: title, form, parties (names, roles, emails), every value of the canonical. */
export function documentText(pack: FormPack<any> | undefined, doc: { title: string; formKey: string; canonical: Record<string, unknown> }): SearchText {
  const lines: string[] = [];
  lines.push(`Form: ${pack ? `${pack.title} (${doc.formKey})` : doc.formKey}`);
  if (pack) {
    let parties: { role: string; name: string; email: string | null }[] = [];
    try {
      parties = pack.parties(doc.canonical);
    } catch {
      // A half-filled draft may lack what parties() reads; its rows below still carry the names.
    }
    if (parties.length) lines.push(`Parties: ${parties.map((p) => `${p.name} (${p.role})${p.email ? ` ${p.email}` : ""}`).join("; ")}`);
  }
  const body = pack ? doc.canonical[pack.bodyKey] : doc.canonical;
  for (const r of rows(body ?? {})) lines.push(r.value === null ? r.label : `${r.label}: ${r.value}`);
  return { title: doc.title, body: lines.join("\n") };
}

export const CHUNK_SIZE = 1000;
export const CHUNK_OVERLAP = 200;

/**
 * Splits text into pieces of about `size` characters for embedding, cutting at line ends (then
 * spaces) where it can, each piece starting `overlap` characters before the previous one ended
 * so a fact that straddles a cut is whole in one of them. Every piece after the first is headed
 * by `heading` (the title), so it still says which document it comes from.
 */
export function chunkText(text: string, heading = "", size = CHUNK_SIZE, overlap = CHUNK_OVERLAP): string[] {
  const full = heading ? `${heading}\n${text}` : text;
  if (full.length <= size) return full.trim() ? [full] : [];
  const head = heading ? `${heading}\n` : "";
  const out: string[] = [];
  let start = 0;
  while (start < full.length) {
    const room = size - (out.length ? head.length : 0);
    let end = Math.min(full.length, start + room);
    if (end < full.length) {
      // The last line end (or space) in the second half of the window: never a tiny piece.
      const window = full.slice(start, end);
      const cut = Math.max(window.lastIndexOf("\n"), window.lastIndexOf(" "));
      if (cut > room / 2) end = start + cut;
    }
    const piece = full.slice(start, end).trim();
    if (piece) out.push(out.length ? head + piece : piece);
    if (end >= full.length) break;
    // Step back by the overlap, to the start of a word.
    let next = Math.max(end - overlap, start + 1);
    const boundary = Math.max(full.lastIndexOf(" ", next), full.lastIndexOf("\n", next));
    if (boundary > start) next = boundary + 1;
    start = next;
  }
  return out;
}

/** Words that say nothing about which document is meant; dropped unless the query has nothing else. */
const STOP_WORDS = new Set([
  "a", "an", "and", "any", "are", "as", "at", "be", "by", "for", "from", "has", "have", "i", "in", "is", "it", "its", "me", "my",
  "of", "on", "or", "our", "show", "that", "the", "their", "this", "to", "was", "were", "what", "which", "with", "find", "all",
]);

/** The most words a query keeps: a pasted paragraph is not worth a 24-way AND. */
export const MAX_QUERY_WORDS = 12;
/** A last word this long is also a prefix ("harb" finds Harbour). Shorter prefixes expand to too many terms to be quick. */
export const PREFIX_FROM = 4;

/**
 * A natural-language query as FTS5 phrases that can never be a syntax error: every word becomes
 * a double-quoted phrase of its letters and digits ("899,000" → "899 000", matching the indexed
 * "$899,000.00"; "jane@example.com" → "jane example com"), so operators, quotes, parentheses,
 * NEAR, column filters and stars the user typed are plain text. Stop words go unless nothing else
 * is left. The last word, still being typed, is a prefix when it is a single word of PREFIX_FROM
 * or more characters, and is dropped when it is a lone letter after other words ("Nadia W");
 * a query ending in a space has no word being typed. Empty when nothing searchable is left.
 */
export function queryTerms(q: string): string[] {
  const words = q.split(/\s+/).map((w) => w.match(/[\p{L}\p{N}]+/gu)?.join(" ").toLowerCase() ?? "").filter(Boolean);
  if (!words.length) return [];
  const typing = !/\s$/.test(q);
  const last = words.at(-1)!;
  if (typing && words.length > 1 && /^\p{L}$/u.test(last)) words.pop();
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  const kept = [...new Set(meaningful.length ? meaningful : words)].slice(0, MAX_QUERY_WORDS);
  const prefix = typing && kept.at(-1) === words.at(-1) && !last.includes(" ") && last.length >= PREFIX_FROM;
  return kept.map((w, i) => `"${w}"${prefix && i === kept.length - 1 ? "*" : ""}`);
}

/** Documents with every term. */
export const allOf = (terms: string[]): string => terms.join(" AND ");
/** Documents with any term. */
export const anyOf = (terms: string[]): string => terms.join(" OR ");
