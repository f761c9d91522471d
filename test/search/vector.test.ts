// Vector and hybrid search against a real OpenAI-speaking server on loopback. Its "model" is the
// hashed bag of words of hash-embedding.ts with one piece of meaning added: "apartment" and "flat"
// mean "condo". Embedding happens in the background runner, never on a request.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { embeddingRunner } from "../../src/modules/search/runner";
import { keywordSearch } from "../../src/modules/search/service";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startFakeOpenAI, type FakeOpenAI } from "../support/openai";
import { hashEmbedding } from "./hash-embedding";

const KEY = "sk-search-secret-key";
const MODEL = "hash-64";
const meaning = (s: string) => s.replace(/\b(apartment|flat)s?\b/gi, "condo");
/** 256 buckets: few enough collisions that a one-word query is about that word. */
const DIMS = 256;
const vec = (s: string) => hashEmbedding(meaning(s), DIMS);
const embed = (s: string) => Array.from(vec(s));

let ai: FakeOpenAI;
let app: TestApp;
let a: TestAccount;
let b: TestAccount;
const ids: Record<string, string> = {};
const env = () => ({ AI_BASE_URL: ai.baseUrl, AI_API_KEY: KEY, AI_EMBEDDING_MODEL: MODEL, AI_TIMEOUT_MS: "2000" });

const embeddingCalls = () => ai.requests.filter((r) => r.path === "/v1/embeddings");
const chunksOf = (orgId: string) =>
  app.ctx.db.reader.query("SELECT document_id AS documentId, text FROM document_chunks WHERE organization_id = ?").all(orgId) as { documentId: string; text: string }[];
const chunkRows = (docId: string, t = app) =>
  t.ctx.db.reader.query("SELECT text, embedded_model AS model FROM document_chunks WHERE document_id = ? ORDER BY chunk_index").all(docId) as { text: string; model: string | null }[];

async function create(who: TestAccount, canonical: Record<string, unknown>): Promise<string> {
  const r = await who.api("POST", "/api/documents", { canonical });
  expect(r.status).toBe(201);
  const id = (await r.json()).id as string;
  expect((await who.api("POST", `/api/documents/${id}/generate`)).status).toBe(200);
  return id;
}

async function search(q: string, who = a) {
  const r = await who.api("GET", `/api/documents/search?q=${encodeURIComponent(q)}`);
  expect(r.status).toBe(200);
  const body = (await r.json()) as { hits: { documentId: string; score: number }[]; mode: string };
  for (const h of body.hits) expect(h.score).toBeWithin(0, 1.000001);
  for (let i = 1; i < body.hits.length; i++) expect(body.hits[i].score).toBeLessThanOrEqual(body.hits[i - 1].score);
  return body;
}

/** Everything committed is indexed and embedded. */
async function settle(t = app) {
  await t.ctx.events.idle();
  await embeddingRunner(t.ctx).run();
}

beforeAll(async () => {
  ai = startFakeOpenAI();
  ai.embed(embed);
  app = await startTestApp({ env: env() });
  a = await ownerOf(app, "Harbour Realty");
  b = await ownerOf(app, "Other Brokerage");
  ids.lease = await create(a, EXAMPLES["on/residential-lease"]); // 12 Elm St, Guelph
  ids.buyerRep = await create(a, EXAMPLES["on/buyer-rep"]); // Northgate Realty, Guelph
  ids.other = await create(b, EXAMPLES["on/condo-lease"]); // the other brokerage's condo at 88 Harbour St
  await settle();
});
afterAll(async () => {
  await app.stop();
  ai.stop();
});

describe("embedding in the background", () => {
  test("generating does not call /v1/embeddings; the runner then embeds the document's chunks", async () => {
    // A draft first (its chunks embedded), then a changed canonical: generation re-chunks it.
    const draft = structuredClone(EXAMPLES["on/aps"]) as any;
    draft.aps.price = { cents: 50_000_000 };
    const r = await a.api("POST", "/api/documents", { canonical: draft });
    ids.aps = (await r.json()).id;
    await settle();
    expect(chunkRows(ids.aps).every((c) => c.model === MODEL)).toBe(true);
    expect(chunkRows(ids.aps).some((c) => c.text.includes("$500,000.00"))).toBe(true);
    expect((await a.api("PATCH", `/api/documents/${ids.aps}`, { canonical: EXAMPLES["on/aps"] })).status).toBe(200);

    let inRequest = false;
    let embeddedDuringRequest = false;
    ai.embed((s) => {
      if (inRequest) embeddedDuringRequest = true;
      return embed(s);
    });
    const before = embeddingCalls().length;
    inRequest = true;
    const generated = await a.api("POST", `/api/documents/${ids.aps}/generate`);
    inRequest = false;
    expect(generated.status).toBe(200);
    expect(embeddedDuringRequest).toBe(false);

    await app.ctx.events.idle(); // the handler ran: chunks re-written, waiting for the runner
    expect(chunkRows(ids.aps).some((c) => c.text.includes("$899,000.00"))).toBe(true);
    await embeddingRunner(app.ctx).run();
    await embeddingRunner(app.ctx).idle();
    const calls = embeddingCalls().slice(before);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[0].auth).toBe(`Bearer ${KEY}`);
    expect(calls[0].body.model).toBe(MODEL);
    expect(calls.flatMap((c) => c.body.input as string[]).some((s) => s.includes("$899,000.00") && s.includes("88 Harbour St"))).toBe(true);
    expect(chunkRows(ids.aps).every((c) => c.model === MODEL && !c.text.includes("$500,000.00"))).toBe(true);
    ai.embed(embed);
  });
});

describe("vector and hybrid search", () => {
  test("meaning without the words: vector mode, scored by cosine similarity of the best chunk", async () => {
    // No document says "apartment": keyword search finds nothing; the model knows it means condo.
    const res = await search("apartment downtown");
    expect(res.mode).toBe("vector");
    expect(res.hits[0].documentId).toBe(ids.aps); // the only condo of this brokerage
    // score = 1 − cosine distance = cosine similarity of the query and the document's nearest chunk.
    const q = vec("apartment downtown");
    for (const hit of res.hits) {
      const best = Math.max(...chunkRows(hit.documentId).map((c) => vec(c.text).reduce((s, x, i) => s + x * q[i], 0)));
      expect(hit.score).toBeCloseTo(Math.min(1, Math.max(0, best)), 4);
    }
  });

  test("words and meaning together: hybrid, fused by reciprocal rank", async () => {
    const res = await search("Agreement of Purchase and Sale for the condo at 88 Harbour St, Toronto");
    expect(res.mode).toBe("hybrid");
    expect(res.hits[0]).toEqual({ documentId: ids.aps, score: 1 }); // first in both lists
    // The fused order is reciprocal rank fusion of the two lists, each computed on its own here.
    const q = "Harbour St condo in Guelph";
    const byWords = keywordSearch(app.ctx, a.orgId, q, 20).map((h) => h.documentId);
    const qv = vec(q);
    const byMeaning = [...new Set(chunksOf(a.orgId)
      .map((c) => ({ doc: c.documentId, sim: vec(c.text).reduce((s, x, i) => s + x * qv[i], 0) }))
      .sort((x, y) => y.sim - x.sim).map((c) => c.doc))];
    const rrf = (id: string) => [byWords, byMeaning].reduce((s, list) => s + (list.includes(id) ? 1 / (60 + list.indexOf(id) + 1) : 0), 0) / (2 / 61);
    const fused = await search(q);
    expect(fused.mode).toBe("hybrid");
    for (const h of fused.hits) expect(h.score).toBeCloseTo(rrf(h.documentId), 6);
    expect(fused.hits.map((h) => h.documentId).sort()).toEqual([...new Set([...byWords, ...byMeaning])].sort());
  });

  test("another organization's documents never appear, in vector or hybrid mode", async () => {
    for (const q of ["apartment", "condo at 88 Harbour St", "Priya Patel", "flat"]) {
      expect((await search(q)).hits.map((h) => h.documentId)).not.toContain(ids.other);
      const theirs = await search(q, b);
      expect(theirs.hits.map((h) => h.documentId)).toEqual([ids.other]);
    }
  });

  test("an empty q never calls the gateway", async () => {
    const before = ai.requests.length;
    expect(await search("  ")).toEqual({ hits: [], mode: "keyword" });
    expect(ai.requests.length).toBe(before);
  });

  test("the gateway failing at query time: keyword results, mode keyword, and the key is never logged", async () => {
    ai.embed(() => []); // an answer without vectors
    try {
      const res = await search("88 Harbour St");
      expect(res.mode).toBe("keyword");
      expect(res.hits[0].documentId).toBe(ids.aps);
      expect((await search("apartment")).hits).toEqual([]); // meaning needs the model
    } finally {
      ai.embed(embed);
    }
    const warning = app.logs.find((l) => l.msg === "search falls back to keywords: the query could not be embedded");
    expect(warning?.error).toBe("The AI gateway's embeddings answer holds something other than a vector of numbers");
    expect(app.rawLogs.join("\n")).not.toContain(KEY);
  });
});

describe("lifecycle", () => {
  test("a gateway that is down: search falls back; documents wait to be embedded until it answers", async () => {
    const down = await startTestApp({ env: { ...env(), AI_BASE_URL: "http://127.0.0.1:9/v1", AI_TIMEOUT_MS: "500" } });
    try {
      const who = await ownerOf(down);
      const id = await create(who, EXAMPLES["on/residential-lease"]);
      await down.ctx.events.idle();
      await expect(embeddingRunner(down.ctx).run()).rejects.toThrow("unreachable");
      expect(chunkRows(id, down).every((c) => c.model === null)).toBe(true);
      const r = await who.api("GET", "/api/documents/search?q=Elm%20St");
      expect(await r.json()).toEqual({ hits: [{ documentId: id, score: expect.any(Number) }], mode: "keyword" });
      expect(down.rawLogs.join("\n")).not.toContain(KEY);
    } finally {
      await down.stop();
    }
  });

  test("a new embedding model re-embeds every chunk", async () => {
    await app.stop({ keepData: true });
    const next = await startTestApp({ dataDir: app.dataDir, env: { ...env(), AI_EMBEDDING_MODEL: "hash-64-v2" } });
    try {
      const pending = () => (next.ctx.db.reader.query("SELECT count(*) AS n FROM document_chunks WHERE embedded_model IS NOT 'hash-64-v2'").get() as { n: number }).n;
      expect(pending()).toBeGreaterThan(0);
      const before = embeddingCalls().length;
      expect(await embeddingRunner(next.ctx).run()).toBeGreaterThan(0);
      expect(pending()).toBe(0);
      expect(embeddingCalls().slice(before).every((c) => c.body.model === "hash-64-v2")).toBe(true);
      const who = await ownerOf(next);
      expect((await (await who.api("GET", "/api/documents/search?q=apartment")).json()).hits).toEqual([]); // a new organization has nothing
    } finally {
      await next.stop({ keepData: true });
      app = await startTestApp({ dataDir: app.dataDir, env: env() }); // afterAll stops it and removes the directory
    }
  });
});
