// Documents: a form pack's canonical as a DRAFT (edited freely), then GENERATED (rendered to a
// PDF kept in the database with its SHA-256, counted once in the usage meter, and frozen: a
// change after that is a new version). Documents link to a deal and to people; every change
// goes on the deal's timeline.
import { and, count, desc, eq, inArray, max, sql } from "drizzle-orm";
import type { AppContext } from "../../context";
import type { Drizzle } from "../../db/client";
import { deals, documentPeople, documentRenders, documents, people, type DocumentStatus } from "../../db/schema";
import { badRequest, conflict, HttpError, notFound, type FieldError } from "../../http/errors";
import type { Principal } from "../../http/principal";
import { newId, newUuid } from "../../lib/ids";
import { emit } from "../events/service";
import { renderPdf } from "../forms/pdf";
import { packFor, validateCanonical } from "../forms/registry";
import type { FormPack, Issue } from "../forms/types";
import { recordActivity } from "../people/activity";

export type DocumentRow = typeof documents.$inferSelect;

export interface DocumentInput {
  canonical?: Record<string, unknown>;
  title?: string;
  dealId?: string | null;
  personIds?: string[];
}

const issuesToFields = (issues: Issue[]): FieldError[] => issues.map((i) => ({ field: i.path.join("."), message: i.message }));

/** The pack and canonical, or a 400 naming each problem by its path. */
function checkCanonical(canonical: unknown, formKey?: string): { pack: FormPack<any>; canonical: Record<string, unknown> } {
  const v = validateCanonical(canonical);
  if (!v.ok) throw badRequest("The canonical is not valid", issuesToFields(v.issues.map((i) => ({ ...i, path: ["canonical", ...i.path] }))));
  if (formKey && v.pack.formKey !== formKey) {
    throw badRequest("A document keeps its form", [{ field: "canonical.formKey", message: `This document is ${formKey}; start a new document for another form` }]);
  }
  return { pack: v.pack, canonical: v.canonical };
}

/** Deal and people must belong to the organization; another org's id reads as unknown. */
function checkLinks(db: Drizzle, orgId: string, input: DocumentInput): void {
  const fields: FieldError[] = [];
  if (input.dealId) {
    const deal = db.select({ id: deals.id }).from(deals).where(and(eq(deals.id, input.dealId), eq(deals.organizationId, orgId))).get();
    if (!deal) fields.push({ field: "dealId", message: `No deal ${input.dealId} in your organization` });
  }
  const ids = [...new Set(input.personIds ?? [])];
  if (ids.length) {
    const found = new Set(db.select({ id: people.id }).from(people)
      .where(and(inArray(people.id, ids), eq(people.organizationId, orgId), sql`${people.deletedAt} IS NULL`)).all().map((r) => r.id));
    (input.personIds ?? []).forEach((id, i) => {
      if (!found.has(id)) fields.push({ field: `personIds.${i}`, message: `No person ${id} in your organization` });
    });
  }
  if (fields.length) throw badRequest("Validation failed", fields);
}

/** "Residential Lease — 2502-88 Harbour St, Toronto": the pack's title and what it is about. */
export function defaultTitle(pack: FormPack<any>, canonical: Record<string, unknown>): string {
  const body = (canonical[pack.bodyKey] ?? {}) as Record<string, any>;
  const a = body.property?.address;
  const subject = a?.street
    ? `${a.unit ? `${a.unit}-` : ""}${a.street}${a.city ? `, ${a.city}` : ""}`
    : (body.buyers ?? []).map((b: { name: string }) => b.name).join(" & ") || body.geographicArea || "";
  return (subject ? `${pack.title} — ${subject}` : pack.title).slice(0, 200);
}

export function getDocument(ctx: AppContext, orgId: string, id: string, db: Drizzle = ctx.db.read): DocumentRow {
  const d = db.select().from(documents).where(and(eq(documents.id, id), eq(documents.organizationId, orgId))).get();
  if (!d) throw notFound(`Document ${id} not found`);
  return d;
}

function setPeople(ctx: AppContext, orgId: string, documentId: string, personIds: string[]): void {
  ctx.db.write.delete(documentPeople).where(and(eq(documentPeople.documentId, documentId), eq(documentPeople.organizationId, orgId))).run();
  for (const personId of new Set(personIds)) ctx.db.write.insert(documentPeople).values({ organizationId: orgId, documentId, personId }).run();
}

/** The people linked to each document, in one query for a whole list. */
export function peopleOf(ctx: AppContext, orgId: string, documentIds: string[], db: Drizzle = ctx.db.read): Map<string, string[]> {
  const out = new Map<string, string[]>(documentIds.map((id) => [id, []]));
  if (!documentIds.length) return out;
  const rows = db.select({ documentId: documentPeople.documentId, personId: documentPeople.personId }).from(documentPeople)
    .where(and(inArray(documentPeople.documentId, documentIds), eq(documentPeople.organizationId, orgId))).all();
  for (const r of rows) out.get(r.documentId)!.push(r.personId);
  return out;
}

function timeline(ctx: AppContext, orgId: string, doc: { id: string; dealId: string | null; title: string }, kind: string, body: string, actor?: string) {
  if (!doc.dealId) return;
  recordActivity(ctx, orgId, { dealId: doc.dealId, kind, body: `${body}: ${doc.title}`, data: { documentId: doc.id }, actorUserId: actor ?? null });
}

export function createDocument(ctx: AppContext, principal: Principal, input: DocumentInput & { canonical: Record<string, unknown> }): DocumentRow {
  const orgId = principal.orgId!;
  const { pack, canonical } = checkCanonical(input.canonical);
  const doc = ctx.db.writer.transaction(() => {
    checkLinks(ctx.db.write, orgId, input);
    const now = ctx.clock.now().toISOString();
    const id = newId("doc");
    const title = input.title?.trim() || defaultTitle(pack, canonical);
    ctx.db.write.insert(documents).values({
      id, organizationId: orgId, formKey: pack.formKey, title, status: "DRAFT", canonical, rootId: id, version: 1,
      dealId: input.dealId ?? null, createdBy: principal.userId ?? null, createdAt: now, updatedAt: now,
    }).run();
    setPeople(ctx, orgId, id, input.personIds ?? []);
    timeline(ctx, orgId, { id, dealId: input.dealId ?? null, title }, "document_created", "Document drafted", principal.userId);
    emit(ctx.db, ctx.clock, orgId, "DOCUMENT_CREATED", { documentId: id, formKey: pack.formKey, dealId: input.dealId ?? null, version: 1 });
    return getDocument(ctx, orgId, id, ctx.db.write);
  }).immediate();
  ctx.events.kick();
  return doc;
}

const notDraft = (d: DocumentRow) =>
  conflict("document_not_draft", `Document ${d.id} is ${d.status}; a generated document cannot change. Create a new version instead.`);

export function updateDocument(ctx: AppContext, principal: Principal, id: string, input: DocumentInput): DocumentRow {
  const orgId = principal.orgId!;
  const doc = ctx.db.writer.transaction(() => {
    const current = getDocument(ctx, orgId, id, ctx.db.write);
    if (current.status !== "DRAFT") throw notDraft(current);
    const canonical = input.canonical === undefined ? undefined : checkCanonical(input.canonical, current.formKey).canonical;
    checkLinks(ctx.db.write, orgId, input);
    const set: Partial<typeof documents.$inferInsert> = { updatedAt: ctx.clock.now().toISOString() };
    if (canonical) set.canonical = canonical;
    if (input.title !== undefined) set.title = input.title.trim() || defaultTitle(packFor(current.formKey)!, canonical ?? current.canonical);
    if (input.dealId !== undefined) set.dealId = input.dealId;
    ctx.db.write.update(documents).set(set).where(and(eq(documents.id, id), eq(documents.organizationId, orgId))).run();
    if (input.personIds !== undefined) setPeople(ctx, orgId, id, input.personIds);
    const row = getDocument(ctx, orgId, id, ctx.db.write);
    const changed = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
    timeline(ctx, orgId, row, "document_updated", `Document edited (${changed.join(", ") || "nothing"})`, principal.userId);
    emit(ctx.db, ctx.clock, orgId, "DOCUMENT_UPDATED", { documentId: id, formKey: row.formKey, dealId: row.dealId, fields: changed });
    return row;
  }).immediate();
  ctx.events.kick();
  return doc;
}

/** What a document still lacks before it can be generated (empty when ready). */
export function missingForGeneration(canonical: unknown): Issue[] {
  const v = validateCanonical(canonical);
  if (!v.ok) return v.issues;
  return v.pack.complete(canonical);
}

/**
 * Renders the PDF and freezes the document. Rendering happens outside the write transaction (it
 * is the slow part); the commit then checks the draft did not change meanwhile.
 */
export async function generateDocument(ctx: AppContext, principal: Principal, id: string): Promise<DocumentRow> {
  const orgId = principal.orgId!;
  const before = getDocument(ctx, orgId, id, ctx.db.write);
  if (before.status !== "DRAFT") throw conflict("already_generated", `Document ${id} is already generated; create a new version to change it`);
  const missing = missingForGeneration(before.canonical);
  if (missing.length) {
    throw new HttpError(422, "incomplete_document", "The document is missing what generation needs", issuesToFields(missing.map((i) => ({ ...i, path: ["canonical", ...i.path] }))));
  }
  const pack = packFor(before.formKey)!;
  const pdf = await renderPdf({ pack, canonical: before.canonical, documentId: id });
  const doc = ctx.db.writer.transaction(() => {
    const current = getDocument(ctx, orgId, id, ctx.db.write);
    if (current.status !== "DRAFT" || current.updatedAt !== before.updatedAt) {
      throw conflict("document_changed", `Document ${id} changed while it was being generated; try again`);
    }
    const now = ctx.clock.now().toISOString();
    ctx.db.write.update(documents).set({
      status: "GENERATED", pdf: Buffer.from(pdf.bytes), pdfSha256: pdf.sha256, contentSha256: pdf.contentSha256, pages: pdf.pages, signatureBlocks: pdf.signatureBlocks,
      generatedAt: now, generatedBy: principal.userId ?? null, updatedAt: now,
    }).where(and(eq(documents.id, id), eq(documents.organizationId, orgId))).run();
    recordRender(ctx, orgId, id, now);
    timeline(ctx, orgId, current, "document_generated", `Document generated (version ${current.version}, SHA-256 ${pdf.sha256.slice(0, 12)}…)`, principal.userId);
    emit(ctx.db, ctx.clock, orgId, "DOCUMENT_GENERATED", {
      documentId: id, formKey: current.formKey, dealId: current.dealId, version: current.version, rootId: current.rootId, sha256: pdf.sha256,
    });
    return getDocument(ctx, orgId, id, ctx.db.write);
  }).immediate();
  ctx.events.kick();
  return doc;
}

function recordRender(ctx: AppContext, orgId: string, documentId: string, at: string) {
  ctx.db.write.insert(documentRenders).values({ id: newUuid(), organizationId: orgId, documentId, renderedAt: at }).run();
}

/** A new DRAFT in the same version chain, from this document's canonical (or a replacement). */
export function newVersion(ctx: AppContext, principal: Principal, id: string, input: { canonical?: Record<string, unknown> } = {}): DocumentRow {
  const orgId = principal.orgId!;
  const doc = ctx.db.writer.transaction(() => {
    const from = getDocument(ctx, orgId, id, ctx.db.write);
    const canonical = input.canonical === undefined ? from.canonical : checkCanonical(input.canonical, from.formKey).canonical;
    const top = ctx.db.write.select({ v: max(documents.version) }).from(documents)
      .where(and(eq(documents.rootId, from.rootId), eq(documents.organizationId, orgId))).get();
    const version = (top?.v ?? from.version) + 1;
    const now = ctx.clock.now().toISOString();
    const newDocId = newId("doc");
    ctx.db.write.insert(documents).values({
      id: newDocId, organizationId: orgId, formKey: from.formKey, title: from.title, status: "DRAFT", canonical, rootId: from.rootId,
      parentId: from.id, version, dealId: from.dealId, createdBy: principal.userId ?? null, createdAt: now, updatedAt: now,
    }).run();
    setPeople(ctx, orgId, newDocId, peopleOf(ctx, orgId, [from.id], ctx.db.write).get(from.id)!);
    timeline(ctx, orgId, { ...from, id: newDocId }, "document_versioned", `Version ${version} started from version ${from.version}`, principal.userId);
    emit(ctx.db, ctx.clock, orgId, "DOCUMENT_CREATED", { documentId: newDocId, formKey: from.formKey, dealId: from.dealId, version, parentId: from.id });
    return getDocument(ctx, orgId, newDocId, ctx.db.write);
  }).immediate();
  ctx.events.kick();
  return doc;
}

export interface DocumentFilter {
  dealId?: string;
  personId?: string;
  formKey?: string;
  status?: DocumentStatus;
  page: number;
  limit: number;
}

export function listDocuments(ctx: AppContext, orgId: string, f: DocumentFilter) {
  const where = and(
    eq(documents.organizationId, orgId),
    f.dealId ? eq(documents.dealId, f.dealId) : undefined,
    f.formKey ? eq(documents.formKey, f.formKey) : undefined,
    f.status ? eq(documents.status, f.status) : undefined,
    f.personId
      ? inArray(documents.id, ctx.db.read.select({ id: documentPeople.documentId }).from(documentPeople)
        .where(and(eq(documentPeople.personId, f.personId), eq(documentPeople.organizationId, orgId))))
      : undefined,
  );
  // The list never loads PDF bytes.
  const rows = ctx.db.read.select(summaryColumns).from(documents).where(where)
    .orderBy(desc(documents.createdAt), desc(sql`rowid`)).limit(f.limit).offset((f.page - 1) * f.limit).all();
  const total = ctx.db.read.select({ n: count() }).from(documents).where(where).get()!.n;
  return { rows, total };
}

/** Every column but the PDF bytes and the canonical: what lists need. */
const summaryColumns = {
  id: documents.id, organizationId: documents.organizationId, formKey: documents.formKey, title: documents.title, status: documents.status,
  rootId: documents.rootId, parentId: documents.parentId, version: documents.version, dealId: documents.dealId, pdfSha256: documents.pdfSha256,
  contentSha256: documents.contentSha256, pages: documents.pages, generatedAt: documents.generatedAt, generatedBy: documents.generatedBy,
  createdBy: documents.createdBy, createdAt: documents.createdAt, updatedAt: documents.updatedAt,
};
export type DocumentSummary = Omit<DocumentRow, "pdf" | "canonical" | "signatureBlocks">;

/** The version chain the document belongs to, oldest first. */
export function versionsOf(ctx: AppContext, orgId: string, doc: Pick<DocumentRow, "rootId">): DocumentSummary[] {
  return ctx.db.read.select(summaryColumns).from(documents)
    .where(and(eq(documents.rootId, doc.rootId), eq(documents.organizationId, orgId))).orderBy(documents.version).all();
}

export function documentPdf(ctx: AppContext, orgId: string, id: string): { bytes: Uint8Array; sha256: string; title: string } {
  const d = getDocument(ctx, orgId, id);
  if (d.status !== "GENERATED" || !d.pdf) throw conflict("not_generated", `Document ${id} has no PDF yet; generate it first`);
  return { bytes: new Uint8Array(d.pdf), sha256: d.pdfSha256!, title: d.title };
}

export function documentJson(d: DocumentSummary, personIds: string[]) {
  return {
    id: d.id, formKey: d.formKey, title: d.title, status: d.status, version: d.version, rootId: d.rootId, parentId: d.parentId,
    dealId: d.dealId, personIds,
    pdf: d.status === "GENERATED" ? { sha256: d.pdfSha256!, contentSha256: d.contentSha256!, pages: d.pages!, url: `/api/documents/${d.id}/pdf` } : null,
    generatedAt: d.generatedAt, createdBy: d.createdBy, createdAt: d.createdAt, updatedAt: d.updatedAt,
  };
}

/** The summary plus the canonical, what generation still needs, and the version chain. */
export function documentDetailJson(ctx: AppContext, d: DocumentRow) {
  return {
    ...documentJson(d, peopleOf(ctx, d.organizationId, [d.id]).get(d.id)!),
    canonical: d.canonical,
    missing: d.status === "DRAFT" ? missingForGeneration(d.canonical) : [],
    versions: versionsOf(ctx, d.organizationId, d).map((v) => ({ id: v.id, version: v.version, status: v.status, createdAt: v.createdAt, generatedAt: v.generatedAt })),
  };
}
