// Document OS pages: /documents (list and usage meter), /documents/new (prompt or pack), the
// wizard (/documents/:id/edit/:step, inline checks over htmx), the review, and the document page
// with its PDF preview and versions. The JSON API and these pages share the service.
import type { AppContext } from "../../context";
import type { DocumentStatus } from "../../db/schema";
import { assetUrls } from "../../http/assets";
import { formFailure, formValue, type FormBody } from "../../http/forms";
import { fragmentResponse } from "../../http/html";
import { pageRoute, redirect, renderPage } from "../../http/pages";
import { principalPlugin, type Principal } from "../../http/principal";
import { router } from "../../http/router";
import { chatConfigured } from "../ai/gateway";
import { getDeal, listDeals } from "../deals/service";
import { rows } from "../forms/pdf";
import { packFor, packs } from "../forms/registry";
import type { FormPack } from "../forms/types";
import {
  documentList, documentPage, documentSearchResults, documentsPage, fieldErrorsOob, newDocumentPage, reviewPage, wizardPage, type DealOption,
} from "../../../views/documents/pages";
import { draftDocument } from "./draft";
import { pdfResponse } from "./routes";
import {
  createDocument, documentPdf, generateDocument, getDocument, listDocuments, missingForGeneration, newVersion, updateDocument, versionsOf,
  type DocumentRow,
} from "./service";
import { documentUsage, orgTimeZone } from "./usage";
import { applyStep, blankCanonical, leaves, stepNodes } from "./wizard";
import { hitDocuments, MAX_LIMIT, searchDocuments } from "../search/service";
import { verifyChain } from "../signatures/chain";
import { eventsOf } from "../signatures/evidence";
import { listEnvelopes } from "../signatures/service";

const ORG = () => pageRoute({ via: ["session"], org: true });

/** The document's envelopes with their evidence, for the sender. */
function envelopeViews(ctx: AppContext, orgId: string, documentId: string) {
  return listEnvelopes(ctx, orgId, documentId).map((e) => {
    const events = eventsOf(ctx, orgId, e.id);
    const names = new Map(e.signers.map((s) => [s.id, s.name]));
    return {
      ...e,
      events: events.map((ev) => ({ type: ev.type, at: ev.at, signer: ev.signerId ? names.get(ev.signerId) ?? null : null, ip: ev.ip })),
      chainOk: verifyChain(events).ok,
    };
  });
}
const forms = () => [...packs.values()].map((p) => ({ formKey: p.formKey, title: p.title }));

function dealOptions(ctx: AppContext, orgId: string): DealOption[] {
  return listDeals(ctx, orgId, { page: 1, limit: 100 }).deals.map((d) => ({ id: d.id, title: d.title }));
}

/** The step a path inside the canonical belongs to ("lease.term.endDate" → "term"). */
function stepOf(pack: FormPack<any>, path: string[]): string | undefined {
  const inner = path.slice(path[0] === "canonical" ? 2 : 1).join(".");
  return pack.steps.find((s) => s.fields.some((f) => inner === f || inner.startsWith(`${f}.`) || f.startsWith(`${inner}.`)))?.key;
}

const inferredOf = (doc: DocumentRow): string[] => ((doc.canonical.provenance as { inferred?: string[] } | undefined)?.inferred ?? []);

function editable(ctx: AppContext, p: Principal, id: string): { doc: DocumentRow; pack: FormPack<any> } {
  const doc = getDocument(ctx, p.orgId!, id);
  return { doc, pack: packFor(doc.formKey)! };
}

function wizard(ctx: AppContext, request: Request, p: Principal, doc: DocumentRow, pack: FormPack<any>, step: string,
  state: { canonical?: Record<string, unknown>; errors?: Record<string, string>; message?: string } = {}, status = 200) {
  return renderPage(ctx, request, p, {
    title: doc.title, path: "/documents", status,
    body: wizardPage({
      doc, packTitle: pack.title, steps: pack.steps, step, nodes: stepNodes(pack, step, state.canonical ?? doc.canonical),
      errors: state.errors ?? {}, inferred: inferredOf(doc), csrf: p.csrfToken!, message: state.message,
    }),
  });
}

function newPage(ctx: AppContext, request: Request, p: Principal, extra: { dealId?: string; prompt?: string; message?: string } = {}, status = 200) {
  return renderPage(ctx, request, p, {
    title: "New document", path: "/documents", status,
    body: newDocumentPage({ forms: forms(), deals: dealOptions(ctx, p.orgId!), csrf: p.csrfToken!, drafter: chatConfigured(ctx.config.ai) ? "ai" : "rules", ...extra }),
  });
}

const DRAFT_MESSAGES = {
  no_json: "The AI answered without a usable draft. Try rephrasing, or pick a form and use the wizard.",
  invalid_draft: "The AI's draft did not fit the form. Try rephrasing, or pick a form and use the wizard.",
  error: "The AI gateway is not answering right now. Pick a form and use the wizard instead.",
} as const;

export const documentPages = (ctx: AppContext) =>
  router("document-pages")
    .use(principalPlugin(ctx.principals))
    .get("/documents", async ({ request, principal, query }) => {
      const orgId = principal.orgId!;
      const formKey = packFor(query.formKey) ? query.formKey : undefined;
      const status = query.status === "DRAFT" || query.status === "GENERATED" ? (query.status as DocumentStatus) : undefined;
      // The search box: ?q= shows ranked matches instead of the list; its htmx requests get the results alone.
      const q = typeof query.q === "string" ? query.q.trim().slice(0, 1000) : "";
      const found = q ? await searchDocuments(ctx, orgId, q, MAX_LIMIT) : null;
      const results = found ? documentSearchResults({ q, mode: found.mode, hits: hitDocuments(ctx, orgId, found.hits), forms: forms() }) : undefined;
      const docs = found ? [] : listDocuments(ctx, orgId, { formKey, status, page: 1, limit: 100 }).rows;
      // Vary: the same URL answers a page or a fragment, so a browser cache must not swap them.
      const headers = { Vary: "HX-Target" };
      if (request.headers.get("hx-target") === "document-results") return fragmentResponse(results ?? documentList(docs, forms()), { headers });
      return renderPage(ctx, request, principal, {
        title: "Documents", headers, body: documentsPage({ docs, usage: documentUsage(ctx, orgId), forms: forms(), filter: { formKey, status }, q, results }),
      });
    }, ORG())
    .get("/documents/new", ({ request, principal, query }) => newPage(ctx, request, principal, { dealId: query.dealId }), ORG())
    .post("/documents", ({ request, principal, body }) => {
      const pack = packFor(formValue(body as FormBody, "formKey"));
      if (!pack) return newPage(ctx, request, principal, { message: "Pick a form" }, 400);
      const dealId = formValue(body as FormBody, "dealId") || null;
      try {
        const doc = createDocument(ctx, principal, { canonical: blankCanonical(pack), dealId });
        return redirect(request, `/documents/${doc.id}/edit/${pack.steps[0].key}`);
      } catch (e) {
        return newPage(ctx, request, principal, { message: Object.values(formFailure(e).errors)[0] ?? "Could not start the document" }, 400);
      }
    }, ORG())
    .post("/documents/draft", async ({ request, principal, body }) => {
      const prompt = formValue(body as FormBody, "prompt").trim().slice(0, 4000);
      const dealId = formValue(body as FormBody, "dealId") || undefined;
      if (!prompt) return newPage(ctx, request, principal, { dealId, message: "Describe the document first" }, 400);
      const result = await draftDocument(ctx, prompt, orgTimeZone(ctx, principal.orgId!));
      if (!result.ok) return newPage(ctx, request, principal, { dealId, prompt, message: DRAFT_MESSAGES[result.reason] }, 422);
      const doc = createDocument(ctx, principal, { canonical: result.canonical, dealId: dealId ?? null });
      return redirect(request, `/documents/${doc.id}/edit/${packFor(result.formKey)!.steps[0].key}`, {
        flash: { kind: "info", text: "Draft ready: check each step, then review and generate." },
      });
    }, ORG())
    .get("/documents/:id", ({ request, principal, params }) => {
      const orgId = principal.orgId!;
      const doc = getDocument(ctx, orgId, params.id);
      const pack = packFor(doc.formKey)!;
      const deal = doc.dealId ? getDeal(ctx, orgId, doc.dealId) : null;
      return renderPage(ctx, request, principal, {
        title: doc.title, path: "/documents",
        body: documentPage({
          doc: {
            id: doc.id, title: doc.title, formKey: doc.formKey, packTitle: pack.title, status: doc.status, version: doc.version,
            pdf: doc.pdfSha256 ? { sha256: doc.pdfSha256, pages: doc.pages! } : null, deal: deal ? { id: deal.id, title: deal.title } : null,
            generatedAt: doc.generatedAt, versions: versionsOf(ctx, orgId, doc),
          },
          csrf: principal.csrfToken!,
          pdfjs: { lib: assetUrls.pdfjsLib, worker: assetUrls.pdfjsWorker, viewer: assetUrls.pdfPreview },
          envelopes: envelopeViews(ctx, orgId, doc.id),
          parties: pack.parties(doc.canonical),
        }),
      });
    }, ORG())
    .get("/documents/:id/pdf", ({ principal, params, query }) => pdfResponse(documentPdf(ctx, principal.orgId!, params.id), params.id, query.inline === "1"), ORG())
    .get("/documents/:id/edit", ({ request, principal, params }) => {
      const { doc, pack } = editable(ctx, principal, params.id);
      return redirect(request, doc.status === "DRAFT" ? `/documents/${doc.id}/edit/${pack.steps[0].key}` : `/documents/${doc.id}`);
    }, ORG())
    .get("/documents/:id/edit/:step", ({ request, principal, params }) => {
      const { doc, pack } = editable(ctx, principal, params.id);
      if (doc.status !== "DRAFT") return redirect(request, `/documents/${doc.id}`, { flash: { kind: "info", text: "A generated document is final; start a new version to change it." } });
      if (!pack.steps.some((s) => s.key === params.step)) return redirect(request, `/documents/${doc.id}/edit/${pack.steps[0].key}`);
      return wizard(ctx, request, principal, doc, pack, params.step);
    }, ORG())
    // Inline validation: the step's inputs as they stand, checked without saving.
    .post("/documents/:id/edit/:step/check", ({ principal, params, body }) => {
      const { doc, pack } = editable(ctx, principal, params.id);
      const form = body as Record<string, string>;
      const applied = applyStep(pack, params.step, doc.canonical, form);
      // Only the slots on the page: the inputs the browser sent (a new row adds a blank one only on reload).
      const shown = leaves(stepNodes(pack, params.step, applied.canonical)).filter((f) => f.name in form);
      return fragmentResponse(fieldErrorsOob(shown, applied.errors));
    }, ORG())
    .post("/documents/:id/edit/:step", ({ request, principal, params, body }) => {
      const { doc, pack } = editable(ctx, principal, params.id);
      const i = pack.steps.findIndex((s) => s.key === params.step);
      if (i < 0 || doc.status !== "DRAFT") return redirect(request, `/documents/${doc.id}`);
      const applied = applyStep(pack, params.step, doc.canonical, body as Record<string, string>);
      if (Object.keys(applied.errors).length) {
        return wizard(ctx, request, principal, doc, pack, params.step, { canonical: applied.canonical, errors: applied.errors, message: "Check the highlighted fields" }, 400);
      }
      try {
        updateDocument(ctx, principal, doc.id, { canonical: applied.canonical });
      } catch (e) {
        // A rule that spans steps (a deposit above a lowered rent): say which step to fix.
        const problems = Object.entries(formFailure(e).errors).map(([path, m]) => `${m} (${pack.steps.find((s) => s.key === stepOf(pack, path.split(".")))?.title ?? "another step"})`);
        return wizard(ctx, request, principal, doc, pack, params.step, { canonical: applied.canonical, message: problems.join("; ") || "Could not save" }, 400);
      }
      const next = pack.steps[i + 1];
      return redirect(request, next ? `/documents/${doc.id}/edit/${next.key}` : `/documents/${doc.id}/review`);
    }, ORG())
    .get("/documents/:id/review", ({ request, principal, params }) => {
      const { doc, pack } = editable(ctx, principal, params.id);
      if (doc.status !== "DRAFT") return redirect(request, `/documents/${doc.id}`);
      const missing = missingForGeneration(doc.canonical).map((m) => ({ ...m, step: stepOf(pack, m.path) }));
      return renderPage(ctx, request, principal, {
        title: `Review: ${doc.title}`, path: "/documents",
        body: reviewPage({ doc, rows: rows(doc.canonical[pack.bodyKey] ?? {}), missing, csrf: principal.csrfToken!, deals: dealOptions(ctx, principal.orgId!), dealId: doc.dealId }),
      });
    }, ORG())
    .post("/documents/:id/generate", async ({ request, principal, params, body }) => {
      const dealId = formValue(body as FormBody, "dealId") || null;
      const doc = getDocument(ctx, principal.orgId!, params.id);
      try {
        if (doc.status === "DRAFT" && dealId !== doc.dealId) updateDocument(ctx, principal, doc.id, { dealId });
        await generateDocument(ctx, principal, doc.id);
      } catch (e) {
        const f = formFailure(e);
        return redirect(request, `/documents/${doc.id}/review`, { flash: { kind: "error", text: f.message ?? "The document is not ready to generate" } });
      }
      return redirect(request, `/documents/${doc.id}`, { flash: { kind: "success", text: "PDF generated." } });
    }, ORG())
    .post("/documents/:id/versions", ({ request, principal, params }) => {
      const v = newVersion(ctx, principal, params.id);
      return redirect(request, `/documents/${v.id}/edit/${packFor(v.formKey)!.steps[0].key}`, { flash: { kind: "info", text: `Version ${v.version} started from version ${v.version - 1}.` } });
    }, ORG());
