// Appends to an envelope's evidence log inside the caller's write transaction, chaining each
// entry to the one before (see chain.ts).
import { and, asc, desc, eq } from "drizzle-orm";
import type { AppContext } from "../../context";
import { signatureEvents } from "../../db/schema";
import { newUuid } from "../../lib/ids";
import { entryHash, GENESIS, verifyChain, type ChainCheck } from "./chain";

/** Who did it, from where: what a court would ask about each event. */
export interface Meta {
  ip: string | null;
  userAgent: string | null;
}

export const SYSTEM: Meta = { ip: null, userAgent: null };

export function appendEvent(ctx: AppContext, orgId: string, envelopeId: string, e: {
  type: string; signerId?: string | null; meta?: Meta; authMethod?: string | null; data?: Record<string, unknown> | null; at?: string;
}): string {
  const last = ctx.db.write.select({ seq: signatureEvents.seq, hash: signatureEvents.hash }).from(signatureEvents)
    .where(eq(signatureEvents.envelopeId, envelopeId)).orderBy(desc(signatureEvents.seq)).limit(1).get();
  const entry = {
    envelopeId, seq: (last?.seq ?? 0) + 1, signerId: e.signerId ?? null, type: e.type, at: e.at ?? ctx.clock.now().toISOString(),
    ip: e.meta?.ip ?? null, userAgent: e.meta?.userAgent?.slice(0, 500) ?? null, authMethod: e.authMethod ?? null, data: e.data ?? null,
  };
  const prevHash = last?.hash ?? GENESIS;
  const hash = entryHash(prevHash, entry);
  ctx.db.write.insert(signatureEvents).values({ id: newUuid(), organizationId: orgId, ...entry, prevHash, hash }).run();
  return hash;
}

export function eventsOf(ctx: AppContext, orgId: string, envelopeId: string, db = ctx.db.read) {
  return db.select().from(signatureEvents)
    .where(and(eq(signatureEvents.envelopeId, envelopeId), eq(signatureEvents.organizationId, orgId))).orderBy(asc(signatureEvents.seq)).all();
}

export function checkChain(ctx: AppContext, orgId: string, envelopeId: string): ChainCheck {
  return verifyChain(eventsOf(ctx, orgId, envelopeId));
}
