// Document search for one organization: keyword (FTS5, BM25), vector (sqlite-vec KNN over
// embedded chunks) and hybrid (both, fused by reciprocal rank). Keyword search needs nothing
// configured; vector search needs AI_BASE_URL and an embedding model, and its one gateway call
// on the request path is embedding the query. If that call fails, the answer is keyword's.
import { and, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../context";
import { documents } from "../../db/schema";
import { GatewayError } from "../ai/gateway";
import { embeddingsConfigured, embedTexts } from "./embeddings";
import type { SearchDeps } from "./indexer";
import { startEmbeddings } from "./runner";
import { allOf, anyOf, queryTerms } from "./text";
import { nearestDocuments } from "./vectors";

export type SearchMode = "keyword" | "vector" | "hybrid";

export interface SearchHit {
  documentId: string;
  /** 0..1, higher is better; what it measures depends on the mode (see docs/search.md). */
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  mode: SearchMode;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 50;
/** Reciprocal rank fusion's constant: ranks 1 and 2 differ little, ranks 1 and 60 by half. */
export const RRF_K = 60;

/** Title words weigh four times body words (bm25 column weights: document_id, organization_id, title, body). */
const RANK = "bm25(0, 0, 4, 1)";

/** -bm25 (0 upward, unbounded) mapped to 0..1: r/(1+r). Monotonic; 0.5 is a BM25 of 1, a clear single-word match. */
export const keywordScore = (r: number): number => (r > 0 ? r / (1 + r) : 0);

/** Cosine distance (0..2) as similarity clamped to 0..1. */
export const vectorScore = (distance: number): number => Math.min(1, Math.max(0, 1 - distance));

/**
 * How many matches BM25 ranks at most when every word is common. Ranking costs about 2 µs a
 * matching document, so "toronto" or "lease" (in 40% of documents) would take 80 ms at 100,000
 * documents; a word in more than RANK_WINDOW documents is "common", and when every word of the
 * query is, only the newest stretch of documents holding RANK_WINDOW matches of the rarest word
 * is ranked (for words that common, recency is the better order anyway).
 */
export const RANK_WINDOW = 2000;

type Conn = SearchDeps["db"]["reader"];

/** rowid of the term's (RANK_WINDOW+1)-th newest match; null when it is in RANK_WINDOW documents or fewer. */
function commonCut(conn: Conn, term: string): number | null {
  const row = conn.query("SELECT rowid FROM document_search WHERE document_search MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?").get(term, RANK_WINDOW) as { rowid: number } | null;
  return row?.rowid ?? null;
}

/** Whether the organization has at least n matches newer than `after` (no ranking: cheap). */
function hasMatches(conn: Conn, match: string, orgId: string, after: number, n: number): boolean {
  return (conn.query(`SELECT count(*) AS n FROM (SELECT 1 FROM document_search
    WHERE document_search MATCH ? AND organization_id = ? AND rowid > ? LIMIT ?)`).get(match, orgId, after, n) as { n: number }).n >= n;
}

/**
 * The organization's best `limit` matches by BM25 (newer than `after` when given), best first.
 * FTS5 sorts by rank itself (ORDER BY rank, with this query's column weights through `rank
 * MATCH`), so the organization filter reads the stored columns of the top rows only.
 */
function ranked(conn: Conn, match: string, orgId: string, limit: number, after: number | null): SearchHit[] {
  const rows = conn.query(`SELECT document_id AS documentId, rank FROM document_search
    WHERE document_search MATCH ? AND rank MATCH '${RANK}' AND organization_id = ? AND rowid > ? ORDER BY rank LIMIT ?`)
    .all(match, orgId, after ?? 0, limit) as { documentId: string; rank: number }[];
  return rows.map((r) => ({ documentId: r.documentId, score: keywordScore(-r.rank) }));
}

/**
 * Keyword search: documents with every word of the query, ranked by BM25. When fewer than
 * `limit` have every word, documents with some of the query's distinctive words (those in at
 * most RANK_WINDOW documents) follow, ranked among themselves and never scored above the last
 * document that has every word.
 */
export function keywordSearch(deps: Pick<SearchDeps, "db">, orgId: string, q: string, limit: number): SearchHit[] {
  const terms = queryTerms(q);
  if (!terms.length) return [];
  const conn = deps.db.reader;
  const cuts = terms.map((t) => commonCut(conn, t));
  const every = allOf(terms);
  let after = cuts.every((c) => c !== null) ? Math.min(...(cuts as number[])) : null;
  if (after !== null && !hasMatches(conn, every, orgId, after, limit)) after = null; // too few in the window: rank them all
  const all = ranked(conn, every, orgId, limit, after);
  const distinctive = terms.filter((_, i) => cuts[i] === null);
  if (all.length >= limit || terms.length === 1 || !distinctive.length) return all;
  const seen = new Set(all.map((h) => h.documentId));
  const ceiling = all.at(-1)?.score ?? 1;
  const some = ranked(conn, anyOf(distinctive), orgId, limit + all.length, null)
    .filter((h) => !seen.has(h.documentId))
    .map((h) => ({ documentId: h.documentId, score: Math.min(h.score, ceiling) }));
  return [...all, ...some].slice(0, limit);
}

/** The organization's documents nearest to an embedded query, by their best chunk, best first. */
export function vectorSearch(deps: Pick<SearchDeps, "db">, orgId: string, vector: Float32Array, model: string, limit: number): SearchHit[] {
  return nearestDocuments(deps.db.reader, orgId, vector, model, limit).map((h) => ({ documentId: h.documentId, score: vectorScore(h.distance) }));
}

/**
 * Reciprocal rank fusion: each list adds 1/(RRF_K + rank) for a document it ranks (rank from 1).
 * The sum is divided by its largest possible value (first in every list), so 1 means "first
 * everywhere" and a document first in one list and absent from the other scores 0.5.
 */
export function fuse(lists: SearchHit[][]): SearchHit[] {
  const sums = new Map<string, number>();
  for (const list of lists) list.forEach((h, i) => sums.set(h.documentId, (sums.get(h.documentId) ?? 0) + 1 / (RRF_K + i + 1)));
  const best = lists.length / (RRF_K + 1);
  return [...sums].map(([documentId, s]) => ({ documentId, score: s / best })).sort((a, b) => b.score - a.score || (a.documentId < b.documentId ? -1 : 1));
}

/** Candidates each list contributes to fusion: more than the page, so a document second-best in both still makes it. */
const candidates = (limit: number) => Math.min(100, Math.max(20, limit * 2));

export async function searchDocuments(deps: SearchDeps, orgId: string, q: string, limit = DEFAULT_LIMIT): Promise<SearchResult> {
  // q as typed goes to keyword search: a trailing space says the last word is complete.
  const text = q.trim();
  if (!text) return { hits: [], mode: "keyword" };
  const ai = deps.config.ai;
  if (!embeddingsConfigured(ai)) return { hits: keywordSearch(deps, orgId, q, limit), mode: "keyword" };

  startEmbeddings(deps); // the first search starts the runner: chunks an earlier process left get embedded
  const keyword = keywordSearch(deps, orgId, q, candidates(limit));
  let vector: SearchHit[];
  try {
    const [embedded] = await embedTexts(ai, [text]);
    vector = vectorSearch(deps, orgId, embedded, ai.embeddingModel!, candidates(limit));
  } catch (e) {
    if (!(e instanceof GatewayError)) throw e;
    deps.logger.warn("search falls back to keywords: the query could not be embedded", { error: e.message });
    return { hits: keyword.slice(0, limit), mode: "keyword" };
  }
  if (!vector.length) return { hits: keyword.slice(0, limit), mode: "keyword" };
  if (!keyword.length) return { hits: vector.slice(0, limit), mode: "vector" };
  return { hits: fuse([keyword, vector]).slice(0, limit), mode: "hybrid" };
}

/** The hits' documents (title, form, status) in hit order, for the documents page. */
export function hitDocuments(ctx: AppContext, orgId: string, hits: SearchHit[]) {
  if (!hits.length) return [];
  const rows = ctx.db.read.select({
    id: documents.id, title: documents.title, formKey: documents.formKey, status: documents.status, version: documents.version,
    dealId: documents.dealId, updatedAt: documents.updatedAt,
  }).from(documents).where(and(eq(documents.organizationId, orgId), inArray(documents.id, hits.map((h) => h.documentId)))).all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return hits.flatMap((h) => {
    const d = byId.get(h.documentId);
    return d ? [{ ...d, score: h.score }] : [];
  });
}
