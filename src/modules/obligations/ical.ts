// A small RFC 5545 writer: the obligations feed needs VEVENTs with text, a UTC instant or an
// all-day date, nothing more. Lines end in CRLF and are folded at 75 octets (UTF-8 aware: a
// character is never split); TEXT values escape backslash, semicolon, comma and newlines.
import type { CalendarDate } from "../../db/schema";

export interface IcsEvent {
  uid: string;
  /** When the information was last revised. */
  stamp: Date;
  /** A UTC instant, or a whole day (VALUE=DATE). */
  start: { at: Date } | { date: CalendarDate };
  summary: string;
  description?: string;
  url?: string;
  categories?: string[];
}

/** TEXT escaping (RFC 5545 3.3.11). */
export function escapeText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds one content line: at most 75 octets a line, continuations start with one space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, "utf8");
    const limit = out.length ? 74 : 75; // a continuation's leading space counts
    if (octets + n > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join("\r\n ");
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
export const icsInstant = (d: Date) =>
  `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
export const icsDate = (d: CalendarDate) => `${pad(d.year, 4)}${pad(d.month)}${pad(d.day)}`;

function eventLines(e: IcsEvent): string[] {
  const lines = ["BEGIN:VEVENT", `UID:${e.uid}`, `DTSTAMP:${icsInstant(e.stamp)}`];
  // A DATE start with no end lasts that one day (RFC 5545 3.6.1).
  lines.push("at" in e.start ? `DTSTART:${icsInstant(e.start.at)}` : `DTSTART;VALUE=DATE:${icsDate(e.start.date)}`);
  lines.push(`SUMMARY:${escapeText(e.summary)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.url) lines.push(`URL:${e.url}`);
  if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(",")}`);
  lines.push("TRANSP:TRANSPARENT", "END:VEVENT");
  return lines;
}

export function calendarText(opts: { name: string; events: IcsEvent[] }): string {
  const lines = [
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Winnerr//Obligations//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(opts.name)}`,
    ...opts.events.flatMap(eventLines),
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
