// The activity timeline: one row per thing that happened to a person or a deal. Writers call
// recordActivity inside their own transaction; later areas (documents, calls) add their kinds.
import type { AppContext } from "../../context";
import { activities } from "../../db/schema";
import { newUuid } from "../../lib/ids";

export interface ActivityInput {
  dealId?: string | null;
  personId?: string | null;
  kind: string;
  body: string;
  data?: Record<string, unknown>;
  actorUserId?: string | null;
}

export function recordActivity(ctx: AppContext, orgId: string, a: ActivityInput): string {
  const id = newUuid();
  ctx.db.write.insert(activities).values({
    id, organizationId: orgId, dealId: a.dealId ?? null, personId: a.personId ?? null, kind: a.kind, body: a.body,
    data: a.data ?? null, actorUserId: a.actorUserId ?? null, createdAt: ctx.clock.now().toISOString(),
  }).run();
  return id;
}

export type ActivityRow = typeof activities.$inferSelect;

export function activityJson(a: ActivityRow) {
  return { id: a.id, kind: a.kind, body: a.body, data: a.data, dealId: a.dealId, personId: a.personId, actorUserId: a.actorUserId, createdAt: a.createdAt };
}
