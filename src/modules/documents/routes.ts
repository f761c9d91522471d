// /api/documents (app family): drafting, generation, the usage meter and the AI draft.
import { t } from "elysia";
import type { AppContext } from "../../context";
import { principalPlugin } from "../../http/principal";
import { router } from "../../http/router";
import { AppError, appErrors, pageParams } from "../../http/shapes";
import { packs } from "../forms/registry";
import { IdParams } from "../people/model";
import { draftDocument } from "./draft";
import {
  DocumentBody, DocumentDetail, DocumentPatch, DocumentSummary, DocumentsQuery, DraftBody, DraftFailed, DraftOk, FormInfo, Pagination, Usage, VersionBody,
} from "./model";
import {
  createDocument, documentDetailJson, documentJson, peopleOf, documentPdf, generateDocument, getDocument, listDocuments, newVersion, updateDocument,
} from "./service";
import { documentUsage, orgTimeZone } from "./usage";

const tags = ["Documents"];

/** The PDF as a download, or inline for the in-app preview; its SHA-256 is the ETag. */
export function pdfResponse(pdf: { bytes: Uint8Array; sha256: string; title: string }, id: string, inline: boolean): Response {
  const name = `${pdf.title.replace(/[^\w.\- ]+/g, "").trim().replace(/\s+/g, "-").slice(0, 80) || "document"}-${id}.pdf`;
  return new Response(pdf.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${name}"`,
      ETag: `"${pdf.sha256}"`,
      "Cache-Control": "private, no-cache",
      "X-Content-SHA256": pdf.sha256,
    },
  });
}

export const documentRoutes = (ctx: AppContext) =>
  router("documents", "/api/documents")
    .use(principalPlugin(ctx.principals))
    .get("/usage", ({ principal }) => documentUsage(ctx, principal.orgId!), {
      auth: { org: true },
      response: { 200: Usage, ...appErrors(401, 403) },
      detail: {
        tags, summary: "Document usage this month",
        description: "Documents generated this calendar month in the organization's time zone (settings.timezone, default America/Toronto). `included` is DOCUMENTS_INCLUDED_PER_MONTH or null. The meter never blocks generation.",
      },
    })
    .post("/draft", async ({ body, principal, set }) => {
      const result = await draftDocument(ctx, body.prompt, orgTimeZone(ctx, principal.orgId!));
      if (result.ok) return { formKey: result.formKey, canonical: result.canonical };
      set.status = 422;
      return { error: "draft_failed" as const, reason: result.reason, ...(result.issues ? { issues: result.issues } : {}) };
    }, {
      auth: { org: true },
      body: DraftBody,
      response: { 200: DraftOk, 422: DraftFailed, ...appErrors(400, 401, 403) },
      detail: {
        tags, summary: "Draft a canonical from a prompt",
        description: "A pre-fill for the wizard, never a generated document. With AI_BASE_URL and a chat model, the model drafts and the answer is validated against the pack's schema (422 draft_failed: no_json, invalid_draft with issues, or error when the gateway fails). Without a gateway, a built-in rule-based drafter fills what it recognises (address, unit, money, dates, durations, names, emails) and lists those paths in provenance.inferred with provenance.drafter \"rules\".",
      },
    })
    .get("/forms", () => ({
      forms: [...packs.values()].map((p) => ({ formKey: p.formKey, title: p.title, bodyKey: p.bodyKey, steps: p.steps, schema: p.schema })),
    }), {
      auth: { org: true },
      response: { 200: t.Object({ forms: t.Array(FormInfo) }), ...appErrors(401, 403) },
      detail: { tags, summary: "The form packs", description: "Each pack's formKey, title, wizard steps and the JSON Schema of its canonical." },
    })
    .get("/", ({ query, principal }) => {
      const { page, limit } = pageParams(query, 25);
      const { rows, total } = listDocuments(ctx, principal.orgId!, { ...query, page, limit });
      const people = peopleOf(ctx, principal.orgId!, rows.map((r) => r.id));
      return { documents: rows.map((r) => documentJson(r, people.get(r.id)!)), pagination: { page, limit, total, totalPages: Math.ceil(total / limit) } };
    }, {
      auth: { org: true },
      query: DocumentsQuery,
      response: { 200: t.Object({ documents: t.Array(DocumentSummary), pagination: Pagination }), ...appErrors(400, 401, 403) },
      detail: { tags, summary: "List documents", description: "Newest first; filter by deal, person, formKey or status. Every version is a document." },
    })
    .post("/", ({ body, principal, set }) => {
      set.status = 201;
      return documentDetailJson(ctx, createDocument(ctx, principal, body));
    }, {
      auth: { org: true },
      body: DocumentBody,
      response: { 201: DocumentDetail, ...appErrors(400, 401, 403) },
      detail: {
        tags, summary: "Create a document (DRAFT) from a canonical",
        description: "The canonical is validated against its pack (structure and the pack's rules, such as a business-day completion or a deposit of at most one month's rent); 400 issues name each problem by path. A draft may be incomplete: `missing` lists what generation needs.",
      },
    })
    .get("/:id", ({ params, principal }) => documentDetailJson(ctx, getDocument(ctx, principal.orgId!, params.id)), {
      auth: { org: true },
      params: IdParams,
      response: { 200: DocumentDetail, ...appErrors(401, 403, 404) },
      detail: { tags, summary: "Get a document with its canonical and versions" },
    })
    .patch("/:id", ({ params, body, principal }) => documentDetailJson(ctx, updateDocument(ctx, principal, params.id, body)), {
      auth: { org: true },
      params: IdParams,
      body: DocumentPatch,
      response: { 200: DocumentDetail, ...appErrors(400, 401, 403, 404, 409) },
      detail: { tags, summary: "Update a DRAFT", description: "409 document_not_draft once generated: create a new version instead." },
    })
    .post("/:id/generate", async ({ params, principal }) => documentDetailJson(ctx, await generateDocument(ctx, principal, params.id)), {
      auth: { org: true },
      params: IdParams,
      response: { 200: DocumentDetail, ...appErrors(401, 403, 404, 409, 422) },
      detail: {
        tags, summary: "Generate the PDF",
        description: "Renders the PDF, stores it with its SHA-256, sets status GENERATED and counts one render in the usage meter. 422 incomplete_document lists what is missing; 409 already_generated.",
      },
    })
    .get("/:id/pdf", ({ params, principal, query }) => pdfResponse(documentPdf(ctx, principal.orgId!, params.id), params.id, query.inline === "1"), {
      auth: { org: true },
      params: IdParams,
      query: t.Object({ inline: t.Optional(t.String({ description: "1 to show in the browser instead of downloading" })) }),
      // No `response` map: Elysia's OpenAPI would call a binary 200 text/plain; the responses are declared here instead.
      detail: {
        tags, summary: "Download the PDF",
        description: "application/pdf; ETag and X-Content-SHA256 carry the file's SHA-256. 409 not_generated for a DRAFT.",
        responses: {
          200: { description: "The PDF", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } },
          ...Object.fromEntries([401, 403, 404, 409].map((c) => [c, { description: AppError.description!, content: { "application/json": { schema: AppError } } }])),
        },
      },
    })
    .post("/:id/versions", ({ params, body, principal, set }) => {
      set.status = 201;
      return documentDetailJson(ctx, newVersion(ctx, principal, params.id, body ?? {}));
    }, {
      auth: { org: true },
      params: IdParams,
      body: t.Optional(VersionBody),
      response: { 201: DocumentDetail, ...appErrors(400, 401, 403, 404) },
      detail: { tags, summary: "Start a new version", description: "A new DRAFT in the same chain (same rootId, version + 1, parentId this document), from this document's canonical or the one given; deal and people links carry over." },
    });
