import { expect, test } from "bun:test";
import { calendarText, escapeText, foldLine } from "./ical";

const unfold = (s: string) => s.replace(/\r\n[ \t]/g, "");

test("TEXT escaping: backslash, semicolon, comma and every kind of newline", () => {
  expect(escapeText("a\\b;c,d\ne\r\nf\rg")).toBe("a\\\\b\\;c\\,d\\ne\\nf\\ng");
  expect(escapeText("plain: text")).toBe("plain: text");
});

test("folding: 75 octets on the first line, 74 after the leading space, never inside a character", () => {
  expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
  const long = `SUMMARY:${"é".repeat(100)}`; // 2 octets each
  const folded = foldLine(long);
  const lines = folded.split("\r\n");
  expect(lines.length).toBeGreaterThan(1);
  for (const l of lines) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
  for (const l of lines.slice(1)) expect(l.startsWith(" ")).toBe(true);
  expect(unfold(folded)).toBe(long);
  expect(folded).not.toContain("\uFFFD");
  const emoji = "DESCRIPTION:" + "🏠".repeat(40); // 4 octets each
  for (const l of foldLine(emoji).split("\r\n")) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
  expect(unfold(foldLine(emoji))).toBe(emoji);
});

test("a calendar: CRLF everywhere, a DATE start for a whole day, a UTC instant otherwise", () => {
  const text = calendarText({
    name: "Harbour, Realty",
    events: [
      { uid: "obl_a@h", stamp: new Date("2026-06-25T14:00:00Z"), start: { date: { year: 2026, month: 8, day: 28 } }, summary: "Closing" },
      { uid: "obl_b@h", stamp: new Date("2026-06-25T14:00:00Z"), start: { at: new Date("2026-07-17T22:00:00Z") }, summary: "Waive; now", description: "x\ny", url: "http://h/deals/1", categories: ["Condition waiver"] },
    ],
  });
  expect(text.endsWith("\r\n")).toBe(true);
  expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  const lines = unfold(text).split("\r\n");
  expect(lines.slice(0, 6)).toEqual(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Winnerr//Obligations//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Harbour\\, Realty"]);
  expect(lines).toContain("DTSTART;VALUE=DATE:20260828");
  expect(lines).toContain("DTSTART:20260717T220000Z");
  expect(lines).toContain("DTSTAMP:20260625T140000Z");
  expect(lines).toContain("SUMMARY:Waive\\; now");
  expect(lines).toContain("DESCRIPTION:x\\ny");
  expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(2);
  expect(lines.at(-2)).toBe("END:VCALENDAR");
});
