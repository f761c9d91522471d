import { expect, test } from "bun:test";
import { parseCsv } from "../../lib/csv";
import { csvCell, csvLine } from "./csv";

test("cells are quoted only when they must be, quotes doubled", () => {
  expect(csvCell("plain")).toBe("plain");
  expect(csvCell(null)).toBe("");
  expect(csvCell(3)).toBe("3");
  expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
});

test("a cell a spreadsheet would run as a formula starts with a single quote", () => {
  for (const s of ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]) expect(csvCell(s).replace(/^"/, "")).toStartWith("'");
  expect(csvCell("a=b")).toBe("a=b");
  expect(csvCell("2026-06-25T10:00:00.000Z")).toBe("2026-06-25T10:00:00.000Z");
});

test("what csvLine writes, the project's own parser reads back", () => {
  const rows = [["id", "subjectRef"], ["acc_1", 'He said "yes", twice\nreally'], ["acc_2", "=1+1"]];
  expect(parseCsv(rows.map(csvLine).join(""))).toEqual([rows[0], rows[1], ["acc_2", "'=1+1"]]);
});
