import { expect, test } from "bun:test";
import { CsvError, parseCsv } from "./csv";

test("quoted fields, doubled quotes, embedded commas and line breaks, CRLF, BOM", () => {
  const text = '\ufefffirstName,notes\r\n"Smith, Jane","said ""hi""\nthen left"\r\nBob,\r\n\r\n';
  expect(parseCsv(text)).toEqual([["firstName", "notes"], ["Smith, Jane", 'said "hi"\nthen left'], ["Bob", ""]]);
});

test("a file without a final newline", () => {
  expect(parseCsv("a,b\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
});

test.each([
  ['a,b\n"unclosed,2\n', /never closed/],
  ['a,b\nx"y,2\n', /quote inside an unquoted field/],
  ['a,b\n"x"y,2\n', /after a closing quote/],
])("malformed: %p", (text, message) => {
  expect(() => parseCsv(text)).toThrow(CsvError);
  expect(() => parseCsv(text)).toThrow(message);
});
