// Document OS: documents drafted from a form pack's canonical, their generated PDFs (kept in the
// database so one backup holds everything), the people they concern, and the render log the
// usage meter counts. Every row carries organization_id; every query filters by it.
import { index, integer, primaryKey, sqliteTable, text, blob } from "drizzle-orm/sqlite-core";
import { organizations } from "./identity";
import { deals, people } from "./crm";

/** Where a party signs in a generated PDF (renderPdf draws it; sealing stamps there). */
export interface SignatureBlockPosition {
  role: string;
  name: string;
  email: string | null;
  /** 0-based page index. */
  page: number;
  /** Left end of the signature line. */
  x: number;
  /** The signature line's y, in PDF points from the bottom of the page; the date line shares it. */
  y: number;
  /** Length of the signature line. */
  width: number;
  /** Left end of the date line. */
  dateX: number;
}

export const DOCUMENT_STATUSES = ["DRAFT", "GENERATED"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const documents = sqliteTable(
  "documents",
  {
    id: text("id").primaryKey(), // doc_…
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    formKey: text("form_key").notNull(),
    title: text("title").notNull(),
    status: text("status", { enum: DOCUMENT_STATUSES }).notNull().default("DRAFT"),
    canonical: text("canonical", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Versions share a root (the first version's id); version counts from 1 within it. */
    rootId: text("root_id").notNull(),
    parentId: text("parent_id"),
    version: integer("version").notNull().default(1),
    dealId: text("deal_id").references(() => deals.id),
    pdf: blob("pdf", { mode: "buffer" }),
    pdfSha256: text("pdf_sha256"),
    /** SHA-256 of the canonical as rendered: the reference printed in the PDF's footer. */
    contentSha256: text("content_sha256"),
    pages: integer("pages"),
    /** Where each party's signature line is in the PDF: sealing stamps signatures there. */
    signatureBlocks: text("signature_blocks", { mode: "json" }).$type<SignatureBlockPosition[]>(),
    generatedAt: text("generated_at"),
    generatedBy: text("generated_by"),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("documents_org_created").on(t.organizationId, t.createdAt),
    index("documents_org_deal").on(t.organizationId, t.dealId),
    index("documents_root").on(t.rootId, t.version),
  ],
);

export const documentPeople = sqliteTable(
  "document_people",
  {
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    documentId: text("document_id").notNull().references(() => documents.id, { onDelete: "cascade" }),
    personId: text("person_id").notNull().references(() => people.id),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.personId] }), index("document_people_person").on(t.personId)],
);

/** One row per generation: the usage meter counts these by calendar month in the org's time zone. */
export const documentRenders = sqliteTable(
  "document_renders",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    documentId: text("document_id").notNull(),
    renderedAt: text("rendered_at").notNull(),
  },
  (t) => [index("document_renders_org_time").on(t.organizationId, t.renderedAt)],
);
