import { expect, test } from "bun:test";
import { progressBar, progressPrinter } from "./reindex";

test("the bar: filled by tenths of the width, percent, counts with thousands separators", () => {
  expect(progressBar(5_000, 10_000, "documents")).toBe("[##########----------]  50% 5,000/10,000 documents");
  expect(progressBar(0, 0, "documents")).toBe("[####################] 100% 0/0 documents");
  expect(progressBar(1, 3, "chunks")).toBe("[#######-------------]  33% 1/3 chunks");
});

test("on a terminal the bar is redrawn in place; on a pipe, one line per tenth", () => {
  const tty: string[] = [];
  const a = progressPrinter({ isTTY: true, write: (s) => tty.push(s) }, "documents");
  for (let i = 0; i <= 100; i++) a.update(i, 100);
  a.finish();
  expect(tty.length).toBe(102);
  expect(tty.slice(0, -1).every((s) => s.startsWith("\r"))).toBe(true);
  expect(tty.at(-1)).toBe("\n");

  const pipe: string[] = [];
  const b = progressPrinter({ write: (s) => pipe.push(s) }, "documents");
  for (let i = 0; i <= 1000; i++) b.update(i, 1000);
  b.finish();
  expect(pipe.length).toBe(11);
  expect(pipe[0]).toBe("[--------------------]   0% 0/1,000 documents\n");
  expect(pipe[5]).toBe("[##########----------]  50% 500/1,000 documents\n");
  expect(pipe.at(-1)).toBe("[####################] 100% 1,000/1,000 documents\n");
});
