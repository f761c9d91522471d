// Writing the acceptance export as RFC 4180 CSV (src/lib/csv.ts reads CSV; it has no writer).
// A cell a spreadsheet would run as a formula (= + - @, or a tab or carriage return that some
// programs strip first) gets a leading single quote: subjectRef and the user agent come from
// whoever called the public endpoint.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line, CRLF-terminated as RFC 4180 has it. */
export const csvLine = (cells: (string | number | null | undefined)[]) => `${cells.map(csvCell).join(",")}\r\n`;
