// The background embedding runner: embeds pending chunks (embedded_model NULL, or another model
// than the configured one) in batches of EMBED_BATCH per gateway request and stores the vectors.
// Never on a request path and never inside an event handler: handlers mark chunks pending and
// wake the runner, which runs after their transaction has committed, one run at a time.
//
// The runner lives beside the context (a WeakMap keyed by it) rather than in it, is created and
// started on first use (a document indexed with chunks, or a search), retries every
// RETRY_INTERVAL while the gateway fails, and stops with the server (stopSearch).
import { SerialRunner } from "../../lib/serial-runner";
import { EMBED_BATCH, embeddingsConfigured, embedTexts } from "./embeddings";
import type { SearchDeps } from "./indexer";
import { deleteVectors, ensureVectorTable, insertVector, vectorTables } from "./vectors";

export const RETRY_INTERVAL = 60_000;
/** A wake waits this long, so a burst of documents (an import, a busy minute) shares gateway requests. */
export const WAKE_DELAY = 200;

interface State {
  runner: SerialRunner;
  retry?: ReturnType<typeof setInterval>;
  wake?: ReturnType<typeof setTimeout>;
  stopped?: boolean;
}
const states = new WeakMap<object, State>();

function stateOf(deps: SearchDeps): State {
  let state = states.get(deps);
  if (!state) {
    state = { runner: new SerialRunner("embedding runner", deps.logger, (signal) => embedPending(deps, signal)) };
    states.set(deps, state);
  }
  return state;
}

/** The context's runner (made on first call, not started): tests `await embeddingRunner(ctx).run()`. */
export function embeddingRunner(deps: SearchDeps): SerialRunner {
  return stateOf(deps).runner;
}

/**
 * A run in WAKE_DELAY ms; the first wake also starts the retry timer (chunks the gateway failed
 * on, or that an earlier process left). Does nothing once stopped or without an embedding model.
 */
export function wakeEmbeddings(deps: SearchDeps): void {
  if (!embeddingsConfigured(deps.config.ai)) return;
  const state = stateOf(deps);
  if (state.stopped || state.wake) return;
  state.retry ??= setInterval(() => state.runner.kick(), RETRY_INTERVAL);
  state.retry.unref();
  state.wake = setTimeout(() => {
    state.wake = undefined;
    state.runner.kick();
  }, WAKE_DELAY);
  state.wake.unref();
}

/** Starts the runner unless it has been (a search does this: chunks an earlier process left get embedded). */
export function startEmbeddings(deps: SearchDeps): void {
  if (!states.get(deps)?.retry) wakeEmbeddings(deps);
}

/** Stops the runner (abandoning a gateway request in flight; its chunks stay pending) and waits for it. */
export async function stopSearch(deps: SearchDeps): Promise<void> {
  const state = stateOf(deps);
  state.stopped = true;
  clearInterval(state.retry);
  clearTimeout(state.wake);
  state.runner.stop();
  await state.runner.idle();
}

interface PendingChunk {
  id: number;
  organizationId: string;
  text: string;
}

/**
 * Chunks waiting for an embedding by `model`: none yet (NULL), or another model's. Three searches
 * of the embedded_model index, so finding a few pending among millions of embedded chunks stays
 * cheap whatever the planner's statistics say.
 */
const pendingWhere = (columns: string) => ["embedded_model IS NULL", "embedded_model < ?1", "embedded_model > ?1"]
  .map((cond) => `SELECT ${columns} FROM document_chunks INDEXED BY document_chunks_pending WHERE ${cond}`).join(" UNION ALL ");

/** How many chunks wait for an embedding by the configured model. */
export function pendingChunks(deps: SearchDeps): number {
  const model = deps.config.ai.embeddingModel;
  if (!model) return 0;
  return (deps.db.reader.query(`SELECT count(*) AS n FROM (${pendingWhere("1")})`).get(model) as { n: number }).n;
}

/**
 * Embeds pending chunks until none is left, the signal aborts, or the gateway fails (the error is
 * thrown; the chunks stay pending for the next run). Returns how many chunks it embedded.
 */
export async function embedPending(deps: SearchDeps, signal?: AbortSignal, onBatch?: (embedded: number) => void): Promise<number> {
  const ai = deps.config.ai;
  if (!embeddingsConfigured(ai)) return 0;
  const model = ai.embeddingModel!;
  const { writer } = deps.db;
  let embedded = 0;
  while (!signal?.aborted) {
    // On the writer: it sees what handlers committed a moment ago.
    const batch = writer.query(`${pendingWhere("id, organization_id AS organizationId, text")} LIMIT ?2`).all(model, EMBED_BATCH) as PendingChunk[];
    if (!batch.length) break;
    const vectors = await embedTexts(ai, batch.map((c) => c.text), signal);
    if (signal?.aborted) break;
    const now = deps.clock.now().toISOString();
    embedded += writer.transaction(() => {
      const table = ensureVectorTable(writer, vectors[0].length);
      const tables = vectorTables(writer);
      let n = 0;
      batch.forEach((chunk, i) => {
        // The chunk may have changed or gone while the gateway worked: then this vector is not its.
        const current = writer.query("SELECT text FROM document_chunks WHERE id = ?").get(chunk.id) as { text: string } | null;
        if (current?.text !== chunk.text) return;
        deleteVectors(writer, [chunk.id], tables);
        insertVector(writer, table, chunk.id, chunk.organizationId, vectors[i]);
        writer.query("UPDATE document_chunks SET embedded_model = ?, embedded_at = ? WHERE id = ?").run(model, now, chunk.id);
        n++;
      });
      return n;
    }).immediate();
    onBatch?.(embedded);
  }
  return embedded;
}
