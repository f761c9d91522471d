// Document search. The keyword index is an FTS5 table (created in the migration's SQL: drizzle
// has no virtual tables); chunks carry the text that is embedded when a model is configured; the
// vectors live in a sqlite-vec vec0 table made at run time once the model's dimension is known.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations } from "./identity";

export const documentChunks = sqliteTable(
  "document_chunks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }), // the vec0 rowid
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    documentId: text("document_id").notNull(),
    chunkIndex: integer("chunk_index").notNull(),
    text: text("text").notNull(),
    /** The embedding model that produced this chunk's vector; null until embedded. */
    embeddedModel: text("embedded_model"),
    embeddedAt: text("embedded_at"),
  },
  (t) => [uniqueIndex("document_chunks_doc").on(t.documentId, t.chunkIndex), index("document_chunks_pending").on(t.embeddedModel)],
);
