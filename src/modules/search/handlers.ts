// Outbox handlers that keep the search index current. A document is indexed when it is created
// (drafts are searchable: an agent looks for the lease they started yesterday), when a draft is
// edited, and when it is generated (its final text). Each runs inside the dispatcher's write transaction, so it only
// writes rows: the FTS row, and chunks marked pending; embedding happens in the background runner.
import type { AppContext } from "../../context";
import { indexDocument, loadDocument } from "./indexer";
import { wakeEmbeddings } from "./runner";

export function registerSearchHandlers(ctx: AppContext): void {
  ctx.events.on("search.index-document", ["DOCUMENT_CREATED", "DOCUMENT_UPDATED", "DOCUMENT_GENERATED"], (ev) => {
    const id = ev.payload.documentId;
    if (typeof id !== "string") return;
    const doc = loadDocument(ctx.db.writer, ev.organizationId, id);
    if (!doc) return; // nothing to index for a document that is not there
    // The runner's first turn comes after this transaction commits (SerialRunner kicks on a timer).
    if (indexDocument(ctx, doc) > 0) wakeEmbeddings(ctx);
  });
}
