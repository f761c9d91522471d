// Obligations: the deadlines of a GENERATED document, derived from its pack's rules and kept in
// step with its version chain. Rows are keyed by (rootId, ruleKey): a new version updates them in
// place, a rule that disappears supersedes its row, and what a broker did by hand (done, waived,
// a moved date, a note) survives every re-sync. Urgency is computed from the clock, never stored.
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, min, or, sql, type SQL } from "drizzle-orm";
import type { AppContext } from "../../context";
import type { Drizzle } from "../../db/client";
import { deals, documents, obligations, organizations, signatureEnvelopes, OBLIGATION_STATUSES, OBLIGATION_TYPES } from "../../db/schema";
import { badRequest, conflict, notFound } from "../../http/errors";
import type { Principal } from "../../http/principal";
import { DAY, HOUR } from "../../lib/clock";
import { newId } from "../../lib/ids";
import { zonedToInstant } from "../../lib/timezone";
import { orgTimeZone } from "../documents/usage";
import { packFor } from "../forms/registry";
import type { DeadlineRule } from "../forms/types";
import { recordActivity } from "../people/activity";

export type ObligationRow = typeof obligations.$inferSelect;
export type ObligationType = (typeof OBLIGATION_TYPES)[number];
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];
export const URGENCIES = ["pending", "due_soon", "overdue"] as const;
export type Urgency = (typeof URGENCIES)[number];

export const TYPE_LABELS: Record<ObligationType, string> = {
  closing: "Closing", condition_waiver: "Condition waiver", deposit_due: "Deposit due", expiry: "Expiry", renewal: "Renewal",
};
export const URGENCY_LABELS: Record<Urgency, string> = { overdue: "Overdue", due_soon: "Due soon", pending: "Pending" };

export const DEFAULT_DUE_SOON_DAYS = 7;
/**
 * A rule with a date and no time is due at 17:00 local: a deadline "on" a day is met by the end of
 * that business day (lawyers' and brokerages' offices close then; a deposit cheque delivered at
 * 23:00 is not delivered that day), so reminders and urgency must not wait until midnight.
 */
export const END_OF_BUSINESS = { hour: 17, minute: 0 };

/** overdue once the instant has passed; due_soon from now through now + dueSoonDays (inclusive). */
export function urgencyOf(dueAt: string, now: Date, dueSoonDays: number): Urgency {
  const t = Date.parse(dueAt);
  if (t < now.getTime()) return "overdue";
  return t <= now.getTime() + dueSoonDays * DAY ? "due_soon" : "pending";
}

/** organizations.settings.dueSoonDays (1..60), else 7. */
export function dueSoonDaysOf(ctx: AppContext, orgId: string): number {
  const org = ctx.db.read.select({ settings: organizations.settings }).from(organizations).where(eq(organizations.id, orgId)).get();
  const v = org?.settings?.dueSoonDays;
  return typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 60 ? v : DEFAULT_DUE_SOON_DAYS;
}

/** The rule's instant as ISO UTC; null while an "after" rule waits for its event. */
export function dueAtOf(rule: DeadlineRule, timeZone: string, completedAt: string | null): string | null {
  if (rule.on) {
    const [hour, minute] = rule.on.time ? rule.on.time.split(":").map(Number) : [END_OF_BUSINESS.hour, END_OF_BUSINESS.minute];
    return zonedToInstant(rule.on.date.year, rule.on.date.month, rule.on.date.day, timeZone, hour, minute).toISOString();
  }
  if (rule.after && completedAt) return new Date(Date.parse(completedAt) + rule.after.hours * HOUR).toISOString();
  return null;
}

type ChainDoc = Pick<typeof documents.$inferSelect, "id" | "organizationId" | "formKey" | "title" | "status" | "canonical" | "rootId" | "version" | "dealId">;
const chainColumns = {
  id: documents.id, organizationId: documents.organizationId, formKey: documents.formKey, title: documents.title, status: documents.status,
  canonical: documents.canonical, rootId: documents.rootId, version: documents.version, dealId: documents.dealId,
};

/** The newest GENERATED version of the document's chain: obligations always follow it. */
function newestGenerated(db: Drizzle, orgId: string, documentId: string): ChainDoc | undefined {
  const doc = db.select({ rootId: documents.rootId }).from(documents).where(and(eq(documents.id, documentId), eq(documents.organizationId, orgId))).get();
  if (!doc) return undefined;
  return db.select(chainColumns).from(documents)
    .where(and(eq(documents.organizationId, orgId), eq(documents.rootId, doc.rootId), eq(documents.status, "GENERATED")))
    .orderBy(desc(documents.version)).limit(1).get();
}

/** Acceptance: the first completed signature envelope of any version in the chain. */
function acceptedAt(db: Drizzle, orgId: string, rootId: string): string | null {
  const row = db.select({ at: min(signatureEnvelopes.completedAt) }).from(signatureEnvelopes)
    .innerJoin(documents, eq(documents.id, signatureEnvelopes.documentId))
    .where(and(eq(signatureEnvelopes.organizationId, orgId), eq(documents.rootId, rootId), eq(signatureEnvelopes.status, "completed"))).get();
  return row?.at ?? null;
}

export interface SyncOptions {
  /** When the envelope completed (DOCUMENT_SIGNED); the chain's own envelopes are consulted too. */
  completedAt?: string | null;
  actorUserId?: string | null;
}

export interface SyncResult {
  documentId: string;
  created: string[];
  updated: string[];
  superseded: string[];
}

/**
 * Brings the obligations of the document's version chain in line with its newest GENERATED
 * version. A chain with no generated version (a DRAFT) has none. Runs in the caller's write
 * transaction when there is one (an outbox handler), else in its own.
 */
export function syncDocument(ctx: AppContext, orgId: string, documentId: string, opts: SyncOptions = {}): SyncResult | null {
  const tx = ctx.db.writer.transaction((): SyncResult | null => {
    const db = ctx.db.write;
    const doc = newestGenerated(db, orgId, documentId);
    const pack = doc && packFor(doc.formKey);
    if (!doc || !pack) return null;
    const tz = orgTimeZone(ctx, orgId);
    const completedAt = [opts.completedAt, acceptedAt(db, orgId, doc.rootId)].filter((x): x is string => !!x).sort()[0] ?? null;
    const now = ctx.clock.now().toISOString();
    const existing = new Map(db.select().from(obligations).where(and(eq(obligations.organizationId, orgId), eq(obligations.rootId, doc.rootId))).all().map((o) => [o.ruleKey, o]));
    const result: SyncResult = { documentId: doc.id, created: [], updated: [], superseded: [] };
    const rules: DeadlineRule[] = pack.deadlines(doc.canonical);

    for (const rule of rules) {
      const derived = {
        documentId: doc.id, dealId: doc.dealId, type: rule.type, description: rule.description, amountCents: rule.amountCents ?? null,
        dueAt: dueAtOf(rule, tz, completedAt),
      };
      const row = existing.get(rule.key);
      existing.delete(rule.key);
      if (!row) {
        const id = newId("obl");
        db.insert(obligations).values({ id, organizationId: orgId, rootId: doc.rootId, ruleKey: rule.key, ...derived, status: "open", createdAt: now, updatedAt: now }).run();
        result.created.push(id);
        continue;
      }
      const set: Partial<ObligationRow> = {};
      for (const k of ["documentId", "dealId", "type", "description", "amountCents", "dueAt"] as const) {
        if (k === "dueAt" && row.dueAtOverridden) continue; // a broker's date wins
        if (row[k] !== derived[k]) (set as Record<string, unknown>)[k] = derived[k];
      }
      if (row.status === "superseded") set.status = "open"; // the rule is back
      if (!Object.keys(set).length) continue;
      db.update(obligations).set({ ...set, updatedAt: now }).where(eq(obligations.id, row.id)).run();
      if (Object.keys(set).some((k) => k !== "documentId")) result.updated.push(row.id); // a new version alone is no news
    }
    // Rules the newest version no longer has; what a broker closed stays closed.
    for (const row of existing.values()) {
      if (row.status !== "open") continue;
      db.update(obligations).set({ status: "superseded", documentId: doc.id, updatedAt: now }).where(eq(obligations.id, row.id)).run();
      result.superseded.push(row.id);
    }

    const parts = ([["created", result.created], ["updated", result.updated], ["superseded", result.superseded]] as const)
      .filter(([, ids]) => ids.length).map(([what, ids]) => `${ids.length} ${what}`);
    if (doc.dealId && parts.length) {
      recordActivity(ctx, orgId, {
        dealId: doc.dealId, kind: "obligations_synced", body: `Obligations from ${doc.title} (version ${doc.version}): ${parts.join(", ")}`,
        data: { ...result }, actorUserId: opts.actorUserId ?? null,
      });
    }
    return result;
  });
  return ctx.db.writer.inTransaction ? tx() : tx.immediate();
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface ObligationView {
  o: ObligationRow;
  dealTitle: string | null;
  agentUserId: string | null;
  documentTitle: string;
}

export interface ObligationQuery {
  ids?: string[];
  statuses?: ObligationStatus[];
  dealId?: string;
  type?: ObligationType;
  urgency?: Urgency;
  /** Only dated obligations due at or before now + withinDays (overdue included). */
  withinDays?: number;
  /** Only dated ones (the list, feeds, digests); undated wait for an event. */
  dated?: boolean;
  /** From this instant (inclusive) to `to` (exclusive): a calendar month. */
  from?: string;
  to?: string;
  /** A member's view: their deals' obligations and those on no deal. */
  visibleTo?: { userId: string; all: boolean };
  limit?: number;
}

export function queryObligations(ctx: AppContext, orgId: string, q: ObligationQuery): ObligationView[] {
  const now = ctx.clock.now();
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const soon = dueSoonDaysOf(ctx, orgId) * DAY;
  const urgency: Record<Urgency, SQL | undefined> = {
    overdue: lt(obligations.dueAt, now.toISOString()),
    due_soon: and(gte(obligations.dueAt, now.toISOString()), lte(obligations.dueAt, at(soon))),
    pending: gt(obligations.dueAt, at(soon)),
  };
  const where = and(
    eq(obligations.organizationId, orgId),
    q.ids ? inArray(obligations.id, q.ids) : undefined,
    q.statuses ? inArray(obligations.status, q.statuses) : undefined,
    q.dealId ? eq(obligations.dealId, q.dealId) : undefined,
    q.type ? eq(obligations.type, q.type) : undefined,
    q.urgency ? urgency[q.urgency] : undefined,
    q.dated || q.withinDays !== undefined ? isNotNull(obligations.dueAt) : undefined,
    q.withinDays !== undefined ? lte(obligations.dueAt, at(q.withinDays * DAY)) : undefined,
    q.from ? gte(obligations.dueAt, q.from) : undefined,
    q.to ? lt(obligations.dueAt, q.to) : undefined,
    q.visibleTo && !q.visibleTo.all ? or(isNull(obligations.dealId), eq(deals.agentUserId, q.visibleTo.userId)) : undefined,
  );
  const base = ctx.db.read.select({ o: obligations, dealTitle: deals.title, agentUserId: deals.agentUserId, documentTitle: documents.title })
    .from(obligations)
    .leftJoin(deals, and(eq(deals.id, obligations.dealId), eq(deals.organizationId, orgId)))
    .innerJoin(documents, eq(documents.id, obligations.documentId))
    .where(where)
    // Soonest first; undated (waiting for an event) last.
    .orderBy(sql`${obligations.dueAt} IS NULL`, asc(obligations.dueAt), asc(obligations.createdAt), asc(obligations.id));
  return (q.limit ? base.limit(q.limit) : base).all();
}

/** The spec's list: open, dated, due within withinDays (overdue included), soonest first. */
export function upcomingObligations(ctx: AppContext, orgId: string, withinDays: number) {
  const now = ctx.clock.now();
  const soonDays = dueSoonDaysOf(ctx, orgId);
  return queryObligations(ctx, orgId, { statuses: ["open"], withinDays }).map(({ o }) => ({
    id: o.id, documentId: o.documentId, dealId: o.dealId, type: o.type, description: o.description, dueDate: o.dueAt!, amountCents: o.amountCents,
    urgency: urgencyOf(o.dueAt!, now, soonDays),
  }));
}

/** Everything about one obligation (the additional routes). */
export function obligationJson(ctx: AppContext, o: ObligationRow, soonDays = dueSoonDaysOf(ctx, o.organizationId)) {
  return {
    id: o.id, documentId: o.documentId, rootId: o.rootId, dealId: o.dealId, ruleKey: o.ruleKey, type: o.type, description: o.description,
    dueDate: o.dueAt, dueDateOverridden: o.dueAtOverridden, amountCents: o.amountCents, status: o.status,
    urgency: o.status === "open" && o.dueAt ? urgencyOf(o.dueAt, ctx.clock.now(), soonDays) : null,
    note: o.note, doneAt: o.doneAt, doneBy: o.doneBy, createdAt: o.createdAt, updatedAt: o.updatedAt,
  };
}

export function getObligation(ctx: AppContext, orgId: string, id: string, db: Drizzle = ctx.db.read): ObligationRow {
  const o = db.select().from(obligations).where(and(eq(obligations.id, id), eq(obligations.organizationId, orgId))).get();
  if (!o) throw notFound(`Obligation ${id} not found`);
  return o;
}

// ---------------------------------------------------------------------------------------------
// What brokers do

function timeline(ctx: AppContext, orgId: string, o: ObligationRow, kind: string, body: string, actor: string | null) {
  if (o.dealId) recordActivity(ctx, orgId, { dealId: o.dealId, kind, body: `${body}: ${o.description ?? o.type}`, data: { obligationId: o.id, documentId: o.documentId }, actorUserId: actor });
}

function change(ctx: AppContext, principal: Principal, id: string, fn: (o: ObligationRow, now: string) => Partial<ObligationRow>, log: (o: ObligationRow) => [string, string]): ObligationRow {
  const orgId = principal.orgId!;
  return ctx.db.writer.transaction(() => {
    const o = getObligation(ctx, orgId, id, ctx.db.write);
    const now = ctx.clock.now().toISOString();
    const set = fn(o, now);
    if (!Object.keys(set).length) return o; // nothing to change, nothing to record
    ctx.db.write.update(obligations).set({ ...set, updatedAt: now }).where(eq(obligations.id, o.id)).run();
    const [kind, body] = log({ ...o, ...set });
    timeline(ctx, orgId, o, kind, body, principal.userId ?? null);
    return getObligation(ctx, orgId, id, ctx.db.write);
  }).immediate();
}

const noteSuffix = (note: string | null | undefined) => (note ? ` (${note})` : "");

/** done or waived: recorded with who and when; off the upcoming list. Only an open obligation. */
export function resolveObligation(ctx: AppContext, principal: Principal, id: string, status: "done" | "waived", note?: string | null): ObligationRow {
  return change(ctx, principal, id, (o, now) => {
    if (o.status !== "open") throw conflict("obligation_not_open", `Obligation ${id} is ${o.status}; only an open obligation can be marked ${status}`);
    return { status, doneAt: now, doneBy: principal.userId ?? null, ...(note?.trim() ? { note: note.trim() } : {}) };
  }, (o) => [`obligation_${status}`, `${status === "done" ? "Done" : "Waived"}${noteSuffix(o.note)}`]);
}

export function reopenObligation(ctx: AppContext, principal: Principal, id: string): ObligationRow {
  return change(ctx, principal, id, (o) => {
    if (o.status !== "done" && o.status !== "waived") throw conflict("obligation_not_closed", `Obligation ${id} is ${o.status}; only a done or waived obligation can be reopened`);
    return { status: "open", doneAt: null, doneBy: null };
  }, () => ["obligation_reopened", "Reopened"]);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A broker moves the date (kept through re-syncs) or writes a note. dueDate null drops the
 * override: the date comes from the document again.
 */
export function updateObligation(ctx: AppContext, principal: Principal, id: string, patch: { dueDate?: string | null; note?: string | null }): ObligationRow {
  let dueAt: string | undefined;
  if (typeof patch.dueDate === "string") {
    if (!ISO_INSTANT.test(patch.dueDate) || Number.isNaN(Date.parse(patch.dueDate))) {
      throw badRequest("Validation failed", [{ field: "dueDate", message: "dueDate must be an ISO 8601 instant such as 2026-07-17T22:00:00.000Z" }]);
    }
    dueAt = new Date(patch.dueDate).toISOString();
  }
  const updated = change(ctx, principal, id, (o) => {
    const set: Partial<ObligationRow> = {};
    if (dueAt) Object.assign(set, { dueAt, dueAtOverridden: true });
    if (patch.dueDate === null) set.dueAtOverridden = false;
    if (patch.note !== undefined) set.note = patch.note?.trim() || null;
    if (o.status === "superseded" && dueAt) throw conflict("obligation_superseded", `Obligation ${id} no longer applies to the document`);
    return set;
  }, (o) => dueAt ? ["obligation_rescheduled", `Due date moved to ${dueAt}`] : patch.dueDate === null ? ["obligation_rescheduled", "Due date back to the document's"] : ["obligation_noted", `Note${noteSuffix(o.note)}`]);
  if (patch.dueDate === null) {
    syncDocument(ctx, principal.orgId!, updated.documentId, { actorUserId: principal.userId });
    return getObligation(ctx, principal.orgId!, id, ctx.db.write);
  }
  return updated;
}
