// Chunk vectors in sqlite-vec. One vec0 table per embedding dimension, made the first time a
// vector of that size arrives (a migration cannot know the model's dimension):
//   document_vectors_<dim>(organization_id text partition key, embedding float[<dim>] distance_metric=cosine)
// with rowid = document_chunks.id. The organization is the partition key, so a KNN query with
// `organization_id = ?` searches that organization's vectors only: it neither sees another
// organization's chunks nor loses its own k nearest to them.
import type { Database } from "bun:sqlite";

const MAX_DIMENSION = 8192;
/** sqlite-vec refuses k above 4096. */
export const MAX_K = 4096;

export function vectorTable(dim: number): string {
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_DIMENSION) throw new Error(`embedding dimension ${dim} is not between 1 and ${MAX_DIMENSION}`);
  return `document_vectors_${dim}`;
}

/** The vec0 tables that exist (one per dimension ever used). */
export function vectorTables(conn: Database): string[] {
  return (conn.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'document_vectors_[0-9]*' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
    .all() as { name: string }[]).map((r) => r.name);
}

export function ensureVectorTable(conn: Database, dim: number): string {
  const table = vectorTable(dim);
  conn.run(`CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING vec0(organization_id text partition key, embedding float[${dim}] distance_metric=cosine)`);
  return table;
}

/** Removes the chunks' vectors, whatever dimension (model) made them. */
export function deleteVectors(conn: Database, chunkIds: number[], tables = vectorTables(conn)): void {
  for (const table of tables) {
    const del = conn.query(`DELETE FROM ${table} WHERE rowid = ?`);
    for (const id of chunkIds) del.run(id);
  }
}

export function insertVector(conn: Database, table: string, chunkId: number, orgId: string, vector: Float32Array): void {
  conn.query(`INSERT INTO ${table}(rowid, organization_id, embedding) VALUES (?, ?, ?)`).run(chunkId, orgId, vector);
}

export interface VectorHit {
  documentId: string;
  /** Cosine distance of the document's nearest chunk: 0 same direction, 1 unrelated, 2 opposite. */
  distance: number;
}

/**
 * The organization's documents nearest to the vector, by their best chunk, nearest first. Only
 * chunks embedded by `model` count (during a model change the table also holds the old model's
 * vectors of the same size). KNN cost grows with k (sqlite-vec keeps a sorted top k while it scans
 * every vector of the partition), so k starts a little above `limit` (documents average one to
 * two chunks) and grows fourfold only while the nearest chunks name too few documents.
 */
export function nearestDocuments(conn: Database, orgId: string, vector: Float32Array, model: string, limit: number): VectorHit[] {
  const table = vectorTable(vector.length);
  if (!vectorTables(conn).includes(table)) return [];
  const knn = conn.query(`SELECT c.document_id AS documentId, knn.distance, c.embedded_model AS model
    FROM (SELECT rowid AS id, distance FROM ${table} WHERE embedding MATCH ? AND k = ? AND organization_id = ?) knn
    LEFT JOIN document_chunks c ON c.id = knn.id AND c.organization_id = ?
    ORDER BY knn.distance`);
  for (let k = Math.min(MAX_K, Math.ceil(limit * 1.5) + 5); ; k = Math.min(MAX_K, k * 4)) {
    const rows = knn.all(vector, k, orgId, orgId) as { documentId: string | null; distance: number; model: string | null }[];
    const best = new Map<string, number>();
    for (const r of rows) if (r.documentId && r.model === model && !best.has(r.documentId)) best.set(r.documentId, r.distance);
    if (best.size >= limit || rows.length < k || k === MAX_K) {
      return [...best].slice(0, limit).map(([documentId, distance]) => ({ documentId, distance }));
    }
  }
}
