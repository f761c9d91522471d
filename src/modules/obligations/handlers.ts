// Outbox handlers of the obligations tracker. Each runs inside the dispatcher's write transaction:
// a generated document (or a new version) re-syncs its chain's obligations; a signed one re-syncs
// with the completion time, so "within 24 hours of acceptance" gets its date.
import type { AppContext } from "../../context";
import type { StoredEvent } from "../events/service";
import { syncDocument } from "./service";

function sync(ctx: AppContext, ev: StoredEvent, completedAt?: unknown) {
  const documentId = ev.payload.documentId;
  if (typeof documentId !== "string") return;
  syncDocument(ctx, ev.organizationId, documentId, { completedAt: typeof completedAt === "string" ? completedAt : null });
}

export function registerObligationHandlers(ctx: AppContext): void {
  ctx.events
    .on("obligations.sync-generated", ["DOCUMENT_GENERATED"], (ev) => sync(ctx, ev))
    .on("obligations.sync-signed", ["DOCUMENT_SIGNED"], (ev) => sync(ctx, ev, ev.payload.completedAt));
}
