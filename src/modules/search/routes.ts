// GET /api/documents/search (app family): the organization's documents ranked for a natural-language query.
import type { AppContext } from "../../context";
import { principalPlugin } from "../../http/principal";
import { router } from "../../http/router";
import { appErrors } from "../../http/shapes";
import { SearchQuery, SearchResponse } from "./model";
import { DEFAULT_LIMIT, searchDocuments } from "./service";

export const searchRoutes = (ctx: AppContext) =>
  router("search", "/api/documents")
    .use(principalPlugin(ctx.principals))
    .get("/search", ({ query, principal }) => searchDocuments(ctx, principal.orgId!, query.q, Number(query.limit ?? DEFAULT_LIMIT)), {
      auth: { org: true },
      query: SearchQuery,
      response: { 200: SearchResponse, ...appErrors(400, 401, 403) },
      detail: {
        tags: ["Documents"],
        summary: "Search documents",
        description: [
          "Ranked document IDs of your organization for a natural-language query, best first. An empty or blank q returns { \"hits\": [], \"mode\": \"keyword\" } at once, without calling the AI gateway.",
          "Differences from the published spec: the response also carries `mode`, and `limit` (1–50, default 10) is accepted. Without an embedding model configured, search is not empty: it is keyword search",
          "(SQLite FTS5 over each document's title, form, parties and every value as the PDF shows it, ranked by BM25; score = r/(1+r) with r = −BM25) and mode is \"keyword\".",
          "With AI_BASE_URL and an embedding model, the query is embedded and matched against document chunks (score = 1 − cosine distance of the best chunk: cosine similarity clamped to 0–1);",
          "when both keyword and vector searches find documents they are fused by reciprocal rank (k = 60) and the score is the fused value over its maximum (1 = first in both), mode \"hybrid\".",
          "If the gateway fails at query time the answer is keyword search's, mode \"keyword\". Documents are embedded in the background, so a document generated moments ago may be found by keywords first.",
        ].join(" "),
      },
    });
