// `winnerr reindex`: rebuilds the keyword index of every document and, with an embedding model
// configured, re-chunks and re-embeds everything, showing progress on stderr. Safe beside a
// running server: each batch of documents is one short write transaction.
import { embeddingsConfigured } from "./embeddings";
import { documentsAfter, indexDocument, type SearchDeps } from "./indexer";
import { embedPending, pendingChunks } from "./runner";
import { deleteVectors, vectorTables } from "./vectors";

const BATCH = 500;
const BAR_WIDTH = 20;

const n = (x: number) => x.toLocaleString("en-CA");

/** "[##########----------]  50% 5,000/10,000 documents" */
export function progressBar(done: number, total: number, unit: string): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * BAR_WIDTH);
  return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${n(done)}/${n(total)} ${unit}`;
}

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/**
 * A progress bar on a stream: redrawn in place (\r) on a terminal; on a pipe or file, one line
 * each time another tenth is done, so logs stay short.
 */
export function progressPrinter(out: ProgressStream, unit: string) {
  let lastTenth = -1;
  let drawn = false;
  return {
    update(done: number, total: number) {
      const line = progressBar(done, total, unit);
      if (out.isTTY) {
        out.write(`\r${line}`);
        drawn = true;
        return;
      }
      const tenth = total > 0 ? Math.floor((Math.min(done, total) / total) * 10) : 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        out.write(`${line}\n`);
      }
    },
    finish() {
      if (drawn) out.write("\n");
      drawn = false;
    },
  };
}

export interface ReindexReport {
  documents: number;
  /** Chunks embedded (0 without an embedding model). */
  embedded: number;
  model: string | null;
  /** Why embedding stopped early (the gateway failed); the rest stays pending for the server's runner. */
  embedError?: string;
  ms: number;
}

/** Rebuilds the index; `progress` receives each phase's counts. */
export async function reindexAll(deps: SearchDeps, progress: (phase: "documents" | "chunks", done: number, total: number) => void = () => {}): Promise<ReindexReport> {
  const started = performance.now();
  const { writer } = deps.db;
  const total = (writer.query("SELECT count(*) AS n FROM documents").get() as { n: number }).n;
  const withVectors = embeddingsConfigured(deps.config.ai);
  const tables = vectorTables(writer);
  let done = 0;
  progress("documents", 0, total);
  for (let after = 0; ;) {
    const batch = documentsAfter(writer, after, BATCH);
    if (!batch.length) break;
    writer.transaction(() => {
      for (const doc of batch) indexDocument(deps, doc, { reembed: true, tables });
    }).immediate();
    after = batch.at(-1)!.rowid;
    done += batch.length;
    progress("documents", done, total);
  }
  // Rows of documents that are gone, or whose rowid now belongs to another document (and, with a
  // model, chunks of documents that are gone, with their vectors).
  writer.transaction(() => {
    writer.run("DELETE FROM document_search WHERE document_id IS NOT (SELECT id FROM documents WHERE documents.rowid = document_search.rowid)");
    if (!withVectors) return;
    const orphans = (writer.query("SELECT id FROM document_chunks WHERE document_id NOT IN (SELECT id FROM documents)").all() as { id: number }[]).map((r) => r.id);
    deleteVectors(writer, orphans, tables);
    for (const id of orphans) writer.query("DELETE FROM document_chunks WHERE id = ?").run(id);
  }).immediate();

  const report: ReindexReport = { documents: done, embedded: 0, model: withVectors ? deps.config.ai.embeddingModel : null, ms: 0 };
  if (withVectors) {
    const pending = pendingChunks(deps);
    progress("chunks", 0, pending);
    try {
      report.embedded = await embedPending(deps, undefined, (embedded) => progress("chunks", embedded, pending));
    } catch (e) {
      report.embedError = (e as Error).message;
    }
  }
  report.ms = performance.now() - started;
  return report;
}

/** The command: progress bars on `err`, the summary on `out`; false when embedding failed. */
export async function runReindex(deps: SearchDeps, err: ProgressStream, out: ProgressStream): Promise<boolean> {
  const bars = { documents: progressPrinter(err, "documents"), chunks: progressPrinter(err, "chunks embedded") };
  let phase: keyof typeof bars | undefined;
  const report = await reindexAll(deps, (p, done, total) => {
    if (phase && phase !== p) bars[phase].finish();
    phase = p;
    bars[p].update(done, total);
  });
  if (phase) bars[phase].finish();
  const secs = (report.ms / 1000).toFixed(1);
  const vectors = report.model
    ? `; ${n(report.embedded)} chunks embedded with ${report.model}`
    : "; no embedding model configured (AI_BASE_URL, AI_EMBEDDING_MODEL), so keyword search only";
  out.write(`reindexed ${n(report.documents)} documents in ${secs} s: keyword index rebuilt${vectors}\n`);
  if (report.embedError) {
    err.write(`embedding stopped: ${report.embedError}. The keyword index is complete; the server embeds the remaining chunks when the gateway answers.\n`);
    return false;
  }
  return true;
}
