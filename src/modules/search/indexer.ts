// Keeps a document's search rows current: its FTS5 row (keyword search, always) and, with an
// embedding model configured, its chunks (embedding pending until the background runner has
// embedded them). Synchronous and quick (no network): it runs inside the event handler's write
// transaction, and in `winnerr reindex`'s batches.
import type { Database } from "bun:sqlite";
import type { AppContext } from "../../context";
import { packFor } from "../forms/registry";
import { embeddingsConfigured } from "./embeddings";
import { chunkText, documentText, type SearchText } from "./text";
import { deleteVectors, vectorTables } from "./vectors";

/** What search needs from the context; `winnerr reindex` builds it without the whole app. */
export type SearchDeps = Pick<AppContext, "db" | "config" | "clock" | "logger">;

export interface IndexableDocument {
  rowid: number;
  id: string;
  organizationId: string;
  formKey: string;
  title: string;
  canonical: Record<string, unknown>;
}

const SELECT_DOCUMENT = "SELECT rowid, id, organization_id AS organizationId, form_key AS formKey, title, canonical FROM documents";

function parsed(row: Omit<IndexableDocument, "canonical"> & { canonical: string }): IndexableDocument {
  return { ...row, canonical: JSON.parse(row.canonical) };
}

export function loadDocument(conn: Database, orgId: string, id: string): IndexableDocument | null {
  const row = conn.query(`${SELECT_DOCUMENT} WHERE id = ? AND organization_id = ?`).get(id, orgId) as (Omit<IndexableDocument, "canonical"> & { canonical: string }) | null;
  return row ? parsed(row) : null;
}

/** Up to `limit` documents after `afterRowid`, in rowid order (reindex walks the table with this). */
export function documentsAfter(conn: Database, afterRowid: number, limit: number): IndexableDocument[] {
  return (conn.query(`${SELECT_DOCUMENT} WHERE rowid > ? ORDER BY rowid LIMIT ?`).all(afterRowid, limit) as (Omit<IndexableDocument, "canonical"> & { canonical: string })[]).map(parsed);
}

export const textOf = (doc: IndexableDocument): SearchText => documentText(packFor(doc.formKey), doc);

/** Replaces the document's FTS row (rowid = the document's rowid). */
export function writeKeywordRow(conn: Database, doc: Pick<IndexableDocument, "rowid" | "id" | "organizationId">, text: SearchText): void {
  conn.query("DELETE FROM document_search WHERE rowid = ?").run(doc.rowid);
  conn.query("INSERT INTO document_search(rowid, document_id, organization_id, title, body) VALUES (?, ?, ?, ?, ?)")
    .run(doc.rowid, doc.id, doc.organizationId, text.title, text.body);
}

/**
 * Makes the document's chunks the given texts. A chunk whose text is unchanged keeps its vector
 * (unless `reembed`); a changed one loses it and waits for the runner (embedded_model NULL).
 * Returns how many of the document's chunks now wait for an embedding by `model`.
 */
export function writeChunks(conn: Database, doc: Pick<IndexableDocument, "id" | "organizationId">, texts: string[], model: string, reembed = false, tables = vectorTables(conn)): number {
  const existing = conn.query("SELECT id, chunk_index AS i, text, embedded_model AS model FROM document_chunks WHERE document_id = ? ORDER BY chunk_index")
    .all(doc.id) as { id: number; i: number; text: string; model: string | null }[];
  const stale: number[] = [];
  let pending = 0;
  texts.forEach((text, i) => {
    const old = existing[i];
    if (!old) {
      conn.query("INSERT INTO document_chunks(organization_id, document_id, chunk_index, text) VALUES (?, ?, ?, ?)").run(doc.organizationId, doc.id, i, text);
      pending++;
    } else if (reembed || old.text !== text) {
      conn.query("UPDATE document_chunks SET text = ?, embedded_model = NULL, embedded_at = NULL WHERE id = ?").run(text, old.id);
      stale.push(old.id);
      pending++;
    } else if (old.model !== model) pending++;
  });
  const extra = existing.slice(texts.length).map((c) => c.id);
  for (const id of extra) conn.query("DELETE FROM document_chunks WHERE id = ?").run(id);
  deleteVectors(conn, [...stale, ...extra], tables);
  return pending;
}

/**
 * Indexes one document: its FTS row, and its chunks when an embedding model is configured.
 * Returns how many chunks wait for an embedding (0 without a model).
 */
export function indexDocument(deps: SearchDeps, doc: IndexableDocument, opts: { reembed?: boolean; tables?: string[] } = {}): number {
  const text = textOf(doc);
  writeKeywordRow(deps.db.writer, doc, text);
  const ai = deps.config.ai;
  if (!embeddingsConfigured(ai)) return 0;
  return writeChunks(deps.db.writer, doc, chunkText(text.body, text.title), ai.embeddingModel!, opts.reembed, opts.tables);
}
