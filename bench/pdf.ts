// PDF render time: each pack's complete example (src/modules/forms/examples.ts) through renderPdf,
// against a floor measured in the same run (pdf-lib creating and saving an empty one-page
// document), so the ratio means something on any machine. One extra row stretches the residential
// lease to four pages with more additional terms, the size a real lease reaches.
// Usage: bun bench/pdf.ts   env: BENCH_N (200 documents a row)
// Documents render one after another in this process, each after a warm-up of the same work; the
// first render of the process (font parsing, JIT) is not in the figures.
import { PDFDocument } from "pdf-lib";
import { EXAMPLES } from "../src/modules/forms/examples";
import { renderPdf } from "../src/modules/forms/pdf";
import { packs } from "../src/modules/forms/registry";

const N = positiveInt("BENCH_N", 200);
const WARMUP = Math.min(N, 30);
const LONG_LEASE_PAGES = 4;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return Number(raw);
}

interface Row {
  name: string;
  pages: number;
  bytes: number;
  p50Ms: number;
  p99Ms: number;
  docsPerSec: number;
}

/** Nearest-rank percentile of sorted samples. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

/** Runs render WARMUP times, then N times timed; the last result gives pages and bytes. */
async function measure(name: string, render: () => Promise<{ pages: number; bytes: Uint8Array }>): Promise<Row> {
  for (let i = 0; i < WARMUP; i++) await render();
  const samples: number[] = [];
  let last!: { pages: number; bytes: Uint8Array };
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    last = await render();
    samples.push(performance.now() - t);
  }
  const totalMs = performance.now() - t0;
  samples.sort((a, b) => a - b);
  return { name, pages: last.pages, bytes: last.bytes.length, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), docsPerSec: (N * 1000) / totalMs };
}

async function emptyDocument() {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]);
  return { pages: 1, bytes: await doc.save() };
}

/** The residential lease example with additional terms appended until it renders LONG_LEASE_PAGES pages. */
async function longLease(): Promise<Record<string, any>> {
  const pack = packs.get("on/residential-lease")!;
  const canonical = structuredClone(EXAMPLES["on/residential-lease"]) as Record<string, any>;
  const body = canonical[pack.bodyKey];
  const term = "The tenant shall keep the unit clean and in good repair, report any damage promptly, and allow entry on 24 hours' written notice as the Residential Tenancies Act provides";
  for (let i = 1; (await renderPdf({ pack, canonical, documentId: "doc_bench" })).pages < LONG_LEASE_PAGES; i++) {
    if (i > 500) throw new Error(`could not stretch the lease to ${LONG_LEASE_PAGES} pages`);
    body.additionalTerms = [...(body.additionalTerms ?? []), `${term} (${i}).`];
  }
  return canonical;
}

async function main() {
  const missing = [...packs.keys()].filter((k) => !EXAMPLES[k]);
  if (missing.length) throw new Error(`no complete example for: ${missing.join(", ")}`);
  console.log(`renderPdf, ${N} documents a row after ${WARMUP} warm-up renders, one at a time (bun ${Bun.version})`);

  const floor = await measure("floor: empty page", emptyDocument);
  const rows: Row[] = [];
  for (const [formKey, pack] of packs) {
    rows.push(await measure(formKey, () => renderPdf({ pack, canonical: EXAMPLES[formKey], documentId: "doc_bench" })));
  }
  const lease = packs.get("on/residential-lease")!;
  const long = await longLease();
  rows.push(await measure(`on/residential-lease, ${LONG_LEASE_PAGES} pages`, () => renderPdf({ pack: lease, canonical: long, documentId: "doc_bench" })));

  const fmt = (n: number, digits = 1) => n.toFixed(digits);
  const table: string[][] = [
    ["", "pages", "bytes", "p50 ms", "p99 ms", "docs/s", "p50/floor"],
    ...[...rows, floor].map((r) => [r.name, String(r.pages), String(r.bytes), fmt(r.p50Ms, 2), fmt(r.p99Ms, 2), fmt(r.docsPerSec), r === floor ? "1.0" : fmt(r.p50Ms / floor.p50Ms)]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  for (const r of table) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   "));

  const pick = (r: Row) => ({ pages: r.pages, bytes: r.bytes, p50Ms: +r.p50Ms.toFixed(3), p99Ms: +r.p99Ms.toFixed(3), docsPerSec: +r.docsPerSec.toFixed(1) });
  const result = {
    n: N,
    warmup: WARMUP,
    floor: pick(floor),
    packs: Object.fromEntries(rows.map((r) => [r.name, { ...pick(r), ratioP50: +(r.p50Ms / floor.p50Ms).toFixed(2) }])),
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}

try {
  await main();
} catch (e) {
  console.error(`bench: ${(e as Error).message}`);
  process.exit(1);
}
