// Reactions to events that change deals. Each runs inside the dispatcher's write transaction.
import type { AppContext } from "../../context";
import type { DealStage } from "../../db/schema";
import type { StoredEvent } from "../events/service";
import { getDeal, moveStage, spawnChecklist } from "./service";

/**
 * An agreement signed on an offer or conditional deal moves it on: an accepted offer becomes
 * conditional when the signed document says it has conditions, firm otherwise; a conditional
 * deal becomes firm (the waiver or amendment was signed).
 */
export function stageAfterSigning(stage: DealStage, hasConditions: boolean): DealStage | null {
  if (stage === "offer") return hasConditions ? "conditional" : "firm";
  if (stage === "conditional") return "firm";
  return null;
}

function dealOf(ctx: AppContext, ev: StoredEvent) {
  const dealId = ev.payload.dealId;
  if (typeof dealId !== "string") return undefined;
  try {
    return getDeal(ctx, ev.organizationId, dealId, ctx.db.write);
  } catch {
    return undefined; // a deal that no longer exists has nothing to advance
  }
}

export function registerDealHandlers(ctx: AppContext): void {
  ctx.events
    .on("deals.advance-on-signature", ["DOCUMENT_SIGNED"], (ev) => {
      const deal = dealOf(ctx, ev);
      if (!deal) return;
      const next = stageAfterSigning(deal.stage, ev.payload.hasConditions === true);
      if (next) moveStage(ctx, ev.organizationId, deal.id, next, null, `document ${String(ev.payload.documentId ?? "")} signed`.trim());
    })
    .on("deals.closing-checklist", ["DOCUMENT_SIGNED", "DEAL_STAGE_CHANGED"], (ev) => {
      const deal = dealOf(ctx, ev);
      // The event's own "to" counts: a retried handler may find the deal already closed.
      if (deal && (deal.stage === "firm" || ev.payload.to === "firm")) spawnChecklist(ctx, ev.organizationId, deal.id);
    });
}
