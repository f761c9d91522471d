// Document search latency at 100,000 documents: keyword (FTS5 + BM25 + org filter + score),
// vector (sqlite-vec KNN in the organization's partition, best chunk per document) and hybrid
// (both, fused), each through the search service's functions (not HTTP), beside a floor measured
// in the same run on the same tables: a bare FTS5 MATCH (no ranking, no org filter, LIMIT 10)
// and a bare vec0 KNN (k = 10, no partition, no join).
//
// The database is a temporary DATA_DIR filled directly (documents, FTS rows, chunks, vectors in
// large transactions; no PDFs) with synthetic but realistic Ontario documents across the four
// packs. Vectors come from a deterministic local embedding (hashed bag of words, 64 dimensions),
// so no gateway is involved and the query embedding costs microseconds.
// Usage: bun bench/search.ts   env: BENCH_DOCS (100000), BENCH_QUERIES (200), BENCH_KEEP=1 keeps the DATA_DIR
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseConfig } from "../src/config";
import { DB_FILENAME, openDatabase } from "../src/db/client";
import { runMigrations } from "../src/db/migrate";
import { systemClock } from "../src/lib/clock";
import { newId, newUuid } from "../src/lib/ids";
import { createLogger } from "../src/lib/log";
import { defaultTitle } from "../src/modules/documents/service";
import { EXAMPLES } from "../src/modules/forms/examples";
import { packs } from "../src/modules/forms/registry";
import { textOf, writeKeywordRow, type SearchDeps } from "../src/modules/search/indexer";
import { fuse, keywordSearch, searchDocuments, vectorSearch } from "../src/modules/search/service";
import { allOf, chunkText, queryTerms } from "../src/modules/search/text";
import { ensureVectorTable, insertVector } from "../src/modules/search/vectors";
import { DIM, hashEmbedding } from "../test/search/hash-embedding";

/** A positive whole number from the environment, or the fallback. */
function envCount(name: string, fallback: number): number {
  const n = Number(process.env[name] || fallback);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got "${process.env[name]}")`);
  return n;
}
const DOCS = envCount("BENCH_DOCS", 100_000);
const QUERIES = envCount("BENCH_QUERIES", 200);
const WARMUP = 20;
const LIMIT = 10;
const MODEL = `bench-hash-${DIM}`;
const TX = 5_000;

// ---- synthetic documents -------------------------------------------------------------------

/** mulberry32: a small seeded generator, so every run builds the same database. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20260625);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

const FIRST = ["Jane", "Bob", "Priya", "Sam", "Alex", "Raj", "Dana", "Mei", "Omar", "Fatima", "Liam", "Olivia", "Noah", "Emma", "Wei", "Chen", "Aisha",
  "Mohammed", "Sofia", "Lucas", "Chloé", "Gabriel", "Anika", "Arjun", "Hannah", "Ethan", "Zoe", "Daniel", "Grace", "Ming", "Elena", "Marco", "Nadia",
  "Tariq", "Isabelle", "Jonah", "Leila", "Kwame", "Yuki", "Ravi"];
const LAST = ["Smith", "Jones", "Patel", "Lee", "Wu", "Singh", "Nguyen", "Tremblay", "Roy", "Gagnon", "Brown", "Wilson", "Martin", "Chen", "Wang", "Khan",
  "Ali", "MacDonald", "Campbell", "Anderson", "Kaur", "Gill", "Li", "Zhang", "Côté", "Bouchard", "Taylor", "Thompson", "White", "Harris", "Clarke",
  "Ahmed", "Hussain", "Sharma", "Kim", "Park", "Rossi", "Silva", "Okafor", "Mensah"];
const STREETS = ["Harbour", "Yonge", "Bloor", "Queen", "King", "Dundas", "Maple", "Oak", "Elm", "Cedar", "Birch", "Willow", "Lakeshore", "Bathurst", "Spadina",
  "Main", "Church", "Victoria", "Wellington", "Richmond", "Adelaide", "Front", "College", "Bay", "Jarvis", "Sherbourne", "Parliament", "Danforth",
  "Eglinton", "Lawrence", "Sheppard", "Finch", "Steeles", "Dufferin", "Keele", "Jane", "Islington", "Kipling", "Markham", "Kennedy"];
const SUFFIX = ["St", "Ave", "Rd", "Cres", "Dr", "Blvd", "Crt", "Way", "Lane", "Pl"];
const CITIES = ["Toronto", "Ottawa", "Mississauga", "Brampton", "Hamilton", "London", "Markham", "Vaughan", "Kitchener", "Windsor", "Guelph", "Oakville",
  "Burlington", "Barrie", "Waterloo", "Kingston", "Oshawa", "Whitby", "Richmond Hill", "Milton", "Cambridge", "Sudbury", "Peterborough", "St. Catharines"];
const DOMAINS = ["gmail.com", "outlook.com", "rogers.com", "bell.net", "sympatico.ca", "example.ca"];
const CHATTELS = ["Fridge", "Stove", "Dishwasher", "Washer and dryer", "Microwave", "Window coverings", "Garage door opener", "Central vacuum", "Hot tub"];
const CONDITIONS = [
  { key: "financing", description: "Buyer arranging a first mortgage satisfactory to the buyer" },
  { key: "inspection", description: "Buyer obtaining a home inspection report satisfactory to the buyer" },
  { key: "status_certificate", description: "Buyer's lawyer reviewing the status certificate" },
  { key: "sale_of_property", description: "Buyer selling their current property" },
];
const TERMS = ["No smoking in the unit or on the balcony", "Tenant may paint with the landlord's written consent", "No pets without written consent",
  "Tenant shovels the walkway and cuts the lawn", "Landlord replaces the furnace filter every three months", "Tenant pays for internet and cable"];
const letter = () => String.fromCharCode(65 + int(0, 25));
const date = (y0: number) => ({ year: int(y0, y0 + 1), month: int(1, 12), day: int(1, 28) });
const person = () => {
  const [first, last] = [pick(FIRST), pick(LAST)];
  return { name: `${first} ${last}`, email: `${first}.${last}${int(1, 99)}@${pick(DOMAINS)}`.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "") };
};
const address = (condo: boolean) => ({
  street: `${int(1, 9999)} ${pick(STREETS)} ${pick(SUFFIX)}`, ...(condo ? { unit: String(int(101, 4510)) } : {}),
  city: pick(CITIES), province: "ON", postalCode: `${letter()}${int(0, 9)}${letter()} ${int(0, 9)}${letter()}${int(0, 9)}`,
});
const some = <T>(xs: readonly T[], lo: number, hi: number) => [...xs].sort(() => random() - 0.5).slice(0, int(lo, hi));

function canonical(formKey: string): Record<string, any> {
  const c = structuredClone(EXAMPLES[formKey]) as Record<string, any>;
  if (formKey === "on/aps") {
    const condo = random() < 0.4;
    const price = int(350, 2500) * 1000;
    Object.assign(c.aps, {
      propertyType: condo ? "condo" : "freehold",
      buyers: Array.from({ length: int(1, 2) }, person), sellers: Array.from({ length: int(1, 2) }, person),
      property: { address: address(condo), ...(condo ? { condo: { corporation: `TSCC ${int(1000, 2999)}`, unit: String(int(1, 40)), level: String(int(1, 60)), parking: `P${int(1, 4)}-${int(1, 200)}`, locker: `L${int(1, 4)}-${int(1, 200)}` } } : {}) },
      price: { cents: price * 100 }, deposit: { amount: { cents: Math.round(price * 0.05) * 100 }, rule: pick(["herewith", "upon_acceptance"]) },
      irrevocable: { date: date(2025), time: "23:59" },
      conditions: some(CONDITIONS, 0, 3).map((k) => ({ ...k, waiverDeadline: { date: date(2025), time: "18:00" } })),
      titleSearchDate: date(2025), completionDate: date(2025), chattels: some(CHATTELS, 1, 5), hst: pick(["included", "in_addition", "not_applicable"]),
    });
  } else if (formKey === "on/buyer-rep") {
    const city = pick(CITIES);
    Object.assign(c.buyerRep, {
      buyers: Array.from({ length: int(1, 2) }, person), representative: person(), geographicArea: `City of ${city}`,
      start: date(2025), expiry: date(2026), commission: { kind: "percent", percent: pick([2, 2.5, 3]) }, holdoverDays: pick([30, 60, 90]),
    });
  } else {
    const condo = formKey === "on/condo-lease";
    Object.assign(c.lease, {
      landlords: [person()], tenants: Array.from({ length: int(1, 3) }, person),
      property: { address: address(condo), ...(condo ? { condo: { corporation: `TSCC ${int(1000, 2999)}`, unit: String(int(1, 40)), parking: `P${int(1, 4)}-${int(1, 200)}` } } : {}) },
      monthlyRent: { cents: int(60, 180) * 2500 }, rentDeposit: { cents: int(60, 180) * 2500 },
      term: { commencement: date(2025), kind: "fixed", endDate: date(2026) }, additionalTerms: some(TERMS, 0, 3),
    });
  }
  return c;
}

const FORM_MIX = ["on/aps", "on/aps", "on/aps", "on/aps", "on/residential-lease", "on/residential-lease", "on/condo-lease", "on/condo-lease", "on/buyer-rep", "on/buyer-rep"];

/** A query a person might type about this document, by kind. */
function queryFor(kind: number, c: Record<string, any>, formKey: string): string {
  const body = c[packs.get(formKey)!.bodyKey];
  const party = (body.buyers ?? body.tenants)[0];
  const addr = body.property?.address;
  switch (kind % 8) {
    case 0: return addr ? addr.street : party.name; // "1234 Maple Ave"
    case 1: return party.name; // "Jane Smith"
    case 2: return party.email;
    case 3: return body.price ? (body.price.cents / 100).toLocaleString("en-CA") : (body.monthlyRent?.cents / 100 || 2500).toLocaleString("en-CA"); // "899,000"
    case 4: return `${formKey === "on/aps" ? "purchase agreement" : formKey === "on/buyer-rep" ? "buyer representation" : "lease"} in ${addr?.city ?? "Guelph"} for ${party.name}`;
    case 5: return (addr?.street ?? party.name).slice(0, -2); // typing, last word a prefix
    case 6: return pick(["condo with parking and locker", "financing condition", "status certificate review", "no pets", "home inspection"]);
    default: return `${party.name.split(" ")[1]} ${addr?.city ?? ""}`.trim();
  }
}

// ---- measurement ---------------------------------------------------------------------------

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

interface Row {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  meanHits: number;
}

async function measure(name: string, queries: string[], run: (q: string) => unknown[] | Promise<unknown[]>): Promise<Row> {
  for (const q of queries.slice(0, WARMUP)) await run(q);
  const samples: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const t = performance.now();
    hits += (await run(q)).length;
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { name, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), meanHits: hits / queries.length };
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "winnerr-bench-search-"));
  const db = await openDatabase(dir);
  try {
    runMigrations(db);
    const deps: SearchDeps = { db, config: parseConfig({ DATA_DIR: dir, LOG_LEVEL: "error" }), clock: systemClock, logger: createLogger("error") };
    const { writer } = db;
    const now = new Date().toISOString();
    // One big brokerage holds 95% of the documents (the organization queried); a small one the rest.
    const orgs = [newUuid(), newUuid()];
    for (const id of orgs) writer.query("INSERT INTO organizations(id, company_name, created_at, updated_at) VALUES (?, ?, ?, ?)").run(id, `Bench ${id}`, now, now);
    const table = ensureVectorTable(writer, DIM);
    const queries: string[] = [];
    const every = Math.max(1, Math.floor((DOCS * 0.95) / QUERIES));

    console.log(`search, ${DOCS.toLocaleString("en-CA")} documents, ${QUERIES} queries a row after ${WARMUP} warm-up queries (bun ${Bun.version})`);
    const t0 = performance.now();
    let chunks = 0;
    const insertDoc = writer.query(`INSERT INTO documents(id, organization_id, form_key, title, status, canonical, root_id, version, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`);
    const insertChunk = writer.query("INSERT INTO document_chunks(organization_id, document_id, chunk_index, text, embedded_model, embedded_at) VALUES (?, ?, ?, ?, ?, ?)");
    for (let start = 0; start < DOCS; start += TX) {
      writer.transaction(() => {
        for (let i = start; i < Math.min(DOCS, start + TX); i++) {
          const orgId = i % 20 === 19 ? orgs[1] : orgs[0];
          const formKey = pick(FORM_MIX);
          const pack = packs.get(formKey)!;
          const c = canonical(formKey);
          const id = newId("doc");
          const title = defaultTitle(pack, c);
          const rowid = Number(insertDoc.run(id, orgId, formKey, title, random() < 0.7 ? "GENERATED" : "DRAFT", JSON.stringify(c), id, now, now).lastInsertRowid);
          const doc = { rowid, id, organizationId: orgId, formKey, title, canonical: c };
          const text = textOf(doc);
          writeKeywordRow(writer, doc, text);
          chunkText(text.body, text.title).forEach((chunk, index) => {
            const chunkId = Number(insertChunk.run(orgId, id, index, chunk, MODEL, now).lastInsertRowid);
            insertVector(writer, table, chunkId, orgId, hashEmbedding(chunk));
            chunks++;
          });
          if (orgId === orgs[0] && i % every === 0 && queries.length < QUERIES) queries.push(queryFor(queries.length, c, formKey));
        }
      }).immediate();
    }
    writer.run("PRAGMA optimize");
    db.checkpoint();
    const buildSecs = (performance.now() - t0) / 1000;
    const mb = statSync(path.join(dir, DB_FILENAME)).size / 1e6;
    console.log(`built in ${buildSecs.toFixed(1)} s: ${chunks.toLocaleString("en-CA")} chunks, database ${mb.toFixed(0)} MB; sample queries: ${queries.slice(0, 8).map((q) => JSON.stringify(q)).join(", ")}`);

    const org = orgs[0];
    const bareFts = db.reader.query("SELECT rowid FROM document_search WHERE document_search MATCH ? LIMIT ?");
    const bareKnn = db.reader.query(`SELECT rowid, distance FROM ${table} WHERE embedding MATCH ? AND k = ?`);
    const keywordFloor = await measure("floor: bare FTS5 MATCH (all words), LIMIT 10", queries, (q) => { const t = queryTerms(q); return t.length ? bareFts.all(allOf(t), LIMIT) : []; });
    const keyword = await measure("keyword (searchDocuments, no gateway)", queries, async (q) => (await searchDocuments(deps, org, q, LIMIT)).hits);
    const vectorFloor = await measure("floor: bare vec0 KNN, k = 10", queries, (q) => bareKnn.all(hashEmbedding(q), LIMIT));
    const vector = await measure("vector (vectorSearch, local embedding)", queries, (q) => vectorSearch(deps, org, hashEmbedding(q), MODEL, LIMIT));
    const hybrid = await measure("hybrid (both, fused; no gateway call)", queries, (q) =>
      fuse([keywordSearch(deps, org, q, 2 * LIMIT), vectorSearch(deps, org, hashEmbedding(q), MODEL, 2 * LIMIT)]).slice(0, LIMIT));

    const rows: [Row, Row | null][] = [[keyword, keywordFloor], [keywordFloor, null], [vector, vectorFloor], [vectorFloor, null], [hybrid, null]];
    const f = (n: number) => n.toFixed(2);
    const table2: string[][] = [
      ["", "p50 ms", "p95 ms", "p99 ms", "hits", "p50/floor", "p95/floor"],
      ...rows.map(([r, floor]) => [r.name, f(r.p50), f(r.p95), f(r.p99), r.meanHits.toFixed(1), floor ? (r.p50 / floor.p50).toFixed(1) : "", floor ? (r.p95 / floor.p95).toFixed(1) : ""]),
    ];
    const widths = table2[0].map((_, i) => Math.max(...table2.map((r) => r[i].length)));
    for (const r of table2) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   "));
    const pickRow = (r: Row) => ({ p50Ms: +r.p50.toFixed(3), p95Ms: +r.p95.toFixed(3), p99Ms: +r.p99.toFixed(3) });
    console.log(`BENCH_RESULT ${JSON.stringify({
      docs: DOCS, chunks, queries: queries.length, dim: DIM,
      keyword: pickRow(keyword), keywordFloor: pickRow(keywordFloor), vector: pickRow(vector), vectorFloor: pickRow(vectorFloor), hybrid: pickRow(hybrid),
    })}`);
  } finally {
    db.close();
    if (process.env.BENCH_KEEP === "1") console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (e) {
  console.error(`bench: ${(e as Error).stack}`);
  process.exit(1);
}
