import { t } from "elysia";
import { oneOf } from "../../http/shapes";
import { MAX_LIMIT } from "./service";

export const SearchQuery = t.Object({
  q: t.String({ maxLength: 1000, description: "Natural-language query string. Empty or blank: no hits, and no gateway call.", error: "q is required (at most 1,000 characters)" }),
  limit: t.Optional(t.String({
    pattern: "^([1-9]|[1-4][0-9]|50)$", default: "10",
    description: `Addition to the spec: the most hits to return, 1 to ${MAX_LIMIT} (default 10).`, error: `limit must be a whole number from 1 to ${MAX_LIMIT}`,
  })),
});

export const SearchResponse = t.Object({
  hits: t.Array(t.Object({
    documentId: t.String({ description: "The matched document's ID.", examples: ["doc_abc123"] }),
    score: t.Number({ minimum: 0, maximum: 1, description: "0–1, higher is better: cosine similarity (vector), BM25 r/(1+r) (keyword), or reciprocal-rank fusion over its maximum (hybrid)." }),
  })),
  mode: oneOf(["keyword", "vector", "hybrid"], {
    description: "Addition to the spec: how the hits were found. keyword: FTS5/BM25 only (no gateway, or it failed, or no vectors matched); vector: embeddings only; hybrid: both fused.",
  }),
});
