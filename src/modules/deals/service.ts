// Deals through the pipeline: lead → showing → offer → conditional → firm → closed (or lost).
// Parties are people of the same organization; every stage change is kept in the history, the
// timeline and an event, and becoming firm spawns the closing checklist (a handler).
import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { AppContext } from "../../context";
import type { Drizzle } from "../../db/client";
import {
  activities, DEAL_KINDS, DEAL_STAGES, dealParties, deals, dealStageHistory, dealTasks, PARTY_ROLES, people, users,
  type Address, type CalendarDate, type DealStage,
} from "../../db/schema";
import { badRequest, notFound, type FieldError } from "../../http/errors";
import type { Principal } from "../../http/principal";
import { newId, newUuid } from "../../lib/ids";
import { emit } from "../events/service";
import { recordActivity } from "../people/activity";
import { fullName } from "../people/service";
import { addDays, DEFAULT_CHECKLIST } from "./checklist";

export type DealRow = typeof deals.$inferSelect;
export type PartyRole = (typeof PARTY_ROLES)[number];

export interface PartyInput {
  personId: string;
  role: PartyRole;
}

export interface DealInput {
  kind?: (typeof DEAL_KINDS)[number];
  title?: string;
  address?: Address;
  amountCents?: number | null;
  stage?: DealStage;
  agentUserId?: string | null;
  keyDates?: Record<string, CalendarDate>;
  parties?: PartyInput[];
}

function validDate(d: CalendarDate): boolean {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return t.getUTCFullYear() === d.year && t.getUTCMonth() === d.month - 1 && t.getUTCDate() === d.day;
}

/** Checks references against the organization: parties must be its live people, the agent its active user. */
function checkDeal(ctx: AppContext, db: Drizzle, orgId: string, input: DealInput): void {
  const fields: FieldError[] = [];
  // The API's schema says the same; pages and imports come through here without it.
  if (input.kind !== undefined && !DEAL_KINDS.includes(input.kind)) fields.push({ field: "kind", message: `kind must be one of: ${DEAL_KINDS.join(", ")}` });
  if (input.title !== undefined && input.title.trim().length > 200) fields.push({ field: "title", message: "title is at most 200 characters" });
  if (input.address) {
    const limits = { street: 200, unit: 20, city: 100, province: 2, postalCode: 7 } as const;
    for (const [k, max] of Object.entries(limits)) {
      const v = (input.address as unknown as Record<string, string | undefined>)[k];
      if (v !== undefined && v.length > max) fields.push({ field: `address.${k}`, message: `${k} is at most ${max} characters` });
    }
  }
  (input.parties ?? []).forEach((p, i) => {
    if (!PARTY_ROLES.includes(p.role)) fields.push({ field: `parties.${i}.role`, message: `role must be one of: ${PARTY_ROLES.join(", ")}` });
  });
  for (const [k, d] of Object.entries(input.keyDates ?? {})) {
    if (!validDate(d)) fields.push({ field: `keyDates.${k}`, message: `${d.year}-${d.month}-${d.day} is not a calendar date` });
  }
  if (input.agentUserId) {
    const agent = db.select({ id: users.id }).from(users)
      .where(and(eq(users.id, input.agentUserId), eq(users.organizationId, orgId), eq(users.status, "active"), isNull(users.deletedAt))).get();
    if (!agent) fields.push({ field: "agentUserId", message: "Agent must be an active user of your organization" });
  }
  (input.parties ?? []).forEach((p, i) => {
    const person = db.select({ id: people.id }).from(people)
      .where(and(eq(people.id, p.personId), eq(people.organizationId, orgId), isNull(people.deletedAt))).get();
    if (!person) fields.push({ field: `parties.${i}.personId`, message: `No person ${p.personId} in your organization` });
  });
  if (fields.length) throw badRequest("Validation failed", fields);
}

function defaultTitle(input: DealInput): string {
  const a = input.address!;
  const kind = input.kind === "lease" ? "Lease" : input.kind === "sale" ? "Sale" : "Purchase";
  return `${kind}: ${a.unit ? `${a.unit}-` : ""}${a.street}, ${a.city}`;
}

export function getDeal(ctx: AppContext, orgId: string, id: string, db: Drizzle = ctx.db.read): DealRow {
  const d = db.select().from(deals).where(and(eq(deals.id, id), eq(deals.organizationId, orgId))).get();
  if (!d) throw notFound(`Deal ${id} not found`);
  return d;
}

function replaceParties(ctx: AppContext, orgId: string, dealId: string, parties: PartyInput[]): void {
  ctx.db.write.delete(dealParties).where(and(eq(dealParties.dealId, dealId), eq(dealParties.organizationId, orgId))).run();
  const unique = new Map(parties.map((p) => [`${p.personId}|${p.role}`, p]));
  for (const p of unique.values()) ctx.db.write.insert(dealParties).values({ organizationId: orgId, dealId, personId: p.personId, role: p.role }).run();
}

export function createDeal(ctx: AppContext, principal: Principal, input: DealInput): DealRow {
  const orgId = principal.orgId!;
  const deal = ctx.db.writer.transaction(() => {
    checkDeal(ctx, ctx.db.write, orgId, input);
    const now = ctx.clock.now().toISOString();
    const id = newId("deal");
    const stage = input.stage ?? "lead";
    ctx.db.write.insert(deals).values({
      id, organizationId: orgId, kind: input.kind!, title: input.title?.trim() || defaultTitle(input), address: input.address!,
      amountCents: input.amountCents ?? null, stage, agentUserId: input.agentUserId ?? principal.userId ?? null, keyDates: input.keyDates ?? {},
      createdBy: principal.userId ?? null, createdAt: now, updatedAt: now, stageChangedAt: now,
    }).run();
    replaceParties(ctx, orgId, id, input.parties ?? []);
    ctx.db.write.insert(dealStageHistory).values({ id: newUuid(), organizationId: orgId, dealId: id, fromStage: null, toStage: stage, changedBy: principal.userId ?? null, changedAt: now }).run();
    const row = getDeal(ctx, orgId, id, ctx.db.write);
    recordActivity(ctx, orgId, { dealId: id, kind: "deal_created", body: `Deal created at stage ${stage}`, actorUserId: principal.userId });
    emit(ctx.db, ctx.clock, orgId, "DEAL_CREATED", { dealId: id, stage });
    if (stage === "firm") emit(ctx.db, ctx.clock, orgId, "DEAL_STAGE_CHANGED", { dealId: id, from: null, to: stage });
    return row;
  }).immediate();
  ctx.events.kick();
  return deal;
}

export function updateDeal(ctx: AppContext, principal: Principal, id: string, input: Omit<DealInput, "stage" | "kind">): DealRow {
  const orgId = principal.orgId!;
  const deal = ctx.db.writer.transaction(() => {
    getDeal(ctx, orgId, id, ctx.db.write);
    checkDeal(ctx, ctx.db.write, orgId, input);
    const set: Partial<typeof deals.$inferInsert> = { updatedAt: ctx.clock.now().toISOString() };
    if (input.title !== undefined) set.title = input.title.trim() || defaultTitle({ ...getDeal(ctx, orgId, id, ctx.db.write), ...input });
    if (input.address !== undefined) set.address = input.address;
    if (input.amountCents !== undefined) set.amountCents = input.amountCents;
    if (input.agentUserId !== undefined) set.agentUserId = input.agentUserId;
    if (input.keyDates !== undefined) set.keyDates = input.keyDates;
    ctx.db.write.update(deals).set(set).where(and(eq(deals.id, id), eq(deals.organizationId, orgId))).run();
    if (input.parties !== undefined) replaceParties(ctx, orgId, id, input.parties);
    emit(ctx.db, ctx.clock, orgId, "DEAL_UPDATED", { dealId: id, fields: Object.keys(input) });
    return getDeal(ctx, orgId, id, ctx.db.write);
  }).immediate();
  ctx.events.kick();
  return deal;
}

/** Moves the deal; call inside a write transaction (routes use changeStage, handlers this). */
export function moveStage(ctx: AppContext, orgId: string, id: string, to: DealStage, actorUserId: string | null, reason?: string): DealRow {
  const deal = getDeal(ctx, orgId, id, ctx.db.write);
  if (deal.stage === to) return deal;
  const now = ctx.clock.now().toISOString();
  ctx.db.write.update(deals).set({ stage: to, stageChangedAt: now, updatedAt: now }).where(and(eq(deals.id, id), eq(deals.organizationId, orgId))).run();
  ctx.db.write.insert(dealStageHistory).values({ id: newUuid(), organizationId: orgId, dealId: id, fromStage: deal.stage, toStage: to, reason: reason ?? null, changedBy: actorUserId, changedAt: now }).run();
  recordActivity(ctx, orgId, { dealId: id, kind: "stage_changed", body: `Stage ${deal.stage} → ${to}${reason ? ` (${reason})` : ""}`, data: { from: deal.stage, to }, actorUserId });
  emit(ctx.db, ctx.clock, orgId, "DEAL_STAGE_CHANGED", { dealId: id, from: deal.stage, to });
  return getDeal(ctx, orgId, id, ctx.db.write);
}

export function changeStage(ctx: AppContext, principal: Principal, id: string, to: DealStage, reason?: string): DealRow {
  if (!DEAL_STAGES.includes(to)) throw badRequest("Validation failed", [{ field: "stage", message: `stage must be one of ${DEAL_STAGES.join(", ")}` }]);
  const deal = ctx.db.writer.transaction(() => moveStage(ctx, principal.orgId!, id, to, principal.userId ?? null, reason?.trim() || undefined)).immediate();
  ctx.events.kick();
  return deal;
}

/** Spawns the default closing checklist once per deal (template keys are unique per deal). */
export function spawnChecklist(ctx: AppContext, orgId: string, dealId: string): number {
  const deal = getDeal(ctx, orgId, dealId, ctx.db.write);
  const closing = deal.keyDates.closing;
  const now = ctx.clock.now().toISOString();
  let added = 0;
  const rows = ctx.db.write.select({ key: dealTasks.templateKey, position: dealTasks.position }).from(dealTasks).where(eq(dealTasks.dealId, dealId)).all();
  const existing = new Set(rows.map((r) => r.key));
  const after = rows.reduce((m, r) => Math.max(m, r.position), -1) + 1; // after tasks added by hand
  DEFAULT_CHECKLIST.filter((t) => t.kinds.includes(deal.kind)).forEach((t, i) => {
    if (existing.has(t.key)) return;
    ctx.db.write.insert(dealTasks).values({
      id: newId("task"), organizationId: orgId, dealId, title: t.title, templateKey: t.key, position: after + i,
      dueDate: closing && t.closingOffsetDays !== null ? addDays(closing, t.closingOffsetDays) : null, createdAt: now,
    }).run();
    added++;
  });
  if (added) recordActivity(ctx, orgId, { dealId, kind: "checklist_spawned", body: `Closing checklist created (${added} tasks)` });
  return added;
}

export function partiesOf(ctx: AppContext, orgId: string, dealId: string) {
  return ctx.db.read.select({ personId: dealParties.personId, role: dealParties.role, firstName: people.firstName, lastName: people.lastName, email: people.email, phone: people.phone })
    .from(dealParties).innerJoin(people, eq(people.id, dealParties.personId))
    .where(and(eq(dealParties.dealId, dealId), eq(dealParties.organizationId, orgId))).orderBy(asc(dealParties.role)).all()
    .map((p) => ({ personId: p.personId, role: p.role, name: fullName(p), email: p.email, phone: p.phone }));
}

export function dealTasksOf(ctx: AppContext, orgId: string, dealId: string) {
  return ctx.db.read.select().from(dealTasks).where(and(eq(dealTasks.dealId, dealId), eq(dealTasks.organizationId, orgId)))
    .orderBy(asc(dealTasks.position), asc(dealTasks.createdAt)).all()
    .map((t) => ({ id: t.id, title: t.title, dueDate: t.dueDate, done: !!t.doneAt, doneAt: t.doneAt, doneBy: t.doneBy }));
}

export function dealJson(ctx: AppContext, d: DealRow) {
  return {
    id: d.id, kind: d.kind, title: d.title, address: d.address, amountCents: d.amountCents, stage: d.stage,
    agentUserId: d.agentUserId, keyDates: d.keyDates, parties: partiesOf(ctx, d.organizationId, d.id),
    createdAt: d.createdAt, updatedAt: d.updatedAt, stageChangedAt: d.stageChangedAt,
  };
}

export interface DealQuery {
  stage?: DealStage;
  kind?: (typeof DEAL_KINDS)[number];
  agentUserId?: string;
  personId?: string;
  q?: string;
  page: number;
  limit: number;
}

export function listDeals(ctx: AppContext, orgId: string, query: DealQuery) {
  const conds = [eq(deals.organizationId, orgId)];
  if (query.stage) conds.push(eq(deals.stage, query.stage));
  if (query.kind) conds.push(eq(deals.kind, query.kind));
  if (query.agentUserId) conds.push(eq(deals.agentUserId, query.agentUserId));
  if (query.personId) conds.push(sql`EXISTS (SELECT 1 FROM deal_parties dp WHERE dp.deal_id = ${deals.id} AND dp.person_id = ${query.personId})`);
  if (query.q?.trim()) {
    const term = `%${query.q.trim().toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(lower(${deals.title}) LIKE ${term} ESCAPE '\\' OR lower(${deals.address}) LIKE ${term} ESCAPE '\\')`);
  }
  const where = and(...conds);
  const total = ctx.db.read.select({ n: count() }).from(deals).where(where).get()!.n;
  const rows = ctx.db.read.select().from(deals).where(where).orderBy(desc(deals.updatedAt), desc(deals.id)).limit(query.limit).offset((query.page - 1) * query.limit).all();
  return { deals: rows.map((d) => dealJson(ctx, d)), pagination: { page: query.page, limit: query.limit, total, totalPages: Math.ceil(total / query.limit) } };
}

export function stageHistory(ctx: AppContext, orgId: string, dealId: string) {
  getDeal(ctx, orgId, dealId);
  return ctx.db.read.select().from(dealStageHistory).where(and(eq(dealStageHistory.dealId, dealId), eq(dealStageHistory.organizationId, orgId)))
    .orderBy(asc(dealStageHistory.changedAt), asc(sql`${dealStageHistory}.rowid`)).all()
    .map((h) => ({ from: h.fromStage, to: h.toStage, reason: h.reason, changedBy: h.changedBy, changedAt: h.changedAt }));
}

export function dealTimeline(ctx: AppContext, orgId: string, dealId: string, limit = 100) {
  getDeal(ctx, orgId, dealId);
  return ctx.db.read.select().from(activities).where(and(eq(activities.organizationId, orgId), eq(activities.dealId, dealId)))
    .orderBy(desc(activities.createdAt), desc(sql`${activities}.rowid`)).limit(limit).all();
}

export function addNote(ctx: AppContext, principal: Principal, target: { dealId?: string; personId?: string }, body: string): string {
  const text = body.trim();
  if (!text || text.length > 10_000) throw badRequest("Validation failed", [{ field: "body", message: "A note needs 1 to 10000 characters" }]);
  const orgId = principal.orgId!;
  const id = ctx.db.writer.transaction(() => {
    if (target.dealId) getDeal(ctx, orgId, target.dealId, ctx.db.write);
    if (target.personId) {
      const p = ctx.db.write.select({ id: people.id }).from(people).where(and(eq(people.id, target.personId), eq(people.organizationId, orgId), isNull(people.deletedAt))).get();
      if (!p) throw notFound(`Person ${target.personId} not found`);
    }
    const activityId = recordActivity(ctx, orgId, { ...target, kind: "note", body: text, actorUserId: principal.userId });
    emit(ctx.db, ctx.clock, orgId, "NOTE_ADDED", { activityId, ...target });
    return activityId;
  }).immediate();
  ctx.events.kick();
  return id;
}

export function addTask(ctx: AppContext, principal: Principal, dealId: string, input: { title: string; dueDate?: string | null }) {
  const orgId = principal.orgId!;
  const title = input.title.trim();
  const fields: FieldError[] = [];
  if (!title || title.length > 300) fields.push({ field: "title", message: "A task needs a title of at most 300 characters" });
  if (input.dueDate) {
    const [year, month, day] = input.dueDate.split("-").map(Number);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate) || !validDate({ year, month, day })) fields.push({ field: "dueDate", message: "dueDate must be a real date, YYYY-MM-DD" });
  }
  if (fields.length) throw badRequest("Validation failed", fields);
  return ctx.db.writer.transaction(() => {
    getDeal(ctx, orgId, dealId, ctx.db.write);
    const max = ctx.db.write.select({ n: sql<number>`coalesce(max(${dealTasks.position}), -1)` }).from(dealTasks).where(eq(dealTasks.dealId, dealId)).get()!.n;
    const id = newId("task");
    ctx.db.write.insert(dealTasks).values({ id, organizationId: orgId, dealId, title, dueDate: input.dueDate ?? null, position: max + 1, createdAt: ctx.clock.now().toISOString() }).run();
    return id;
  }).immediate();
}

export function setTaskDone(ctx: AppContext, principal: Principal, dealId: string, taskId: string, done: boolean) {
  const orgId = principal.orgId!;
  ctx.db.writer.transaction(() => {
    const t = ctx.db.write.select().from(dealTasks).where(and(eq(dealTasks.id, taskId), eq(dealTasks.dealId, dealId), eq(dealTasks.organizationId, orgId))).get();
    if (!t) throw notFound(`Task ${taskId} not found`);
    if (!!t.doneAt === done) return;
    const now = ctx.clock.now().toISOString();
    ctx.db.write.update(dealTasks).set(done ? { doneAt: now, doneBy: principal.userId ?? null } : { doneAt: null, doneBy: null }).where(eq(dealTasks.id, taskId)).run();
    recordActivity(ctx, orgId, { dealId, kind: done ? "task_done" : "task_reopened", body: `${done ? "Done" : "Reopened"}: ${t.title}`, actorUserId: principal.userId });
    if (done) emit(ctx.db, ctx.clock, orgId, "TASK_COMPLETED", { dealId, taskId });
  }).immediate();
  ctx.events.kick();
}

/** Deals per stage, for the dashboard chart. */
export function stageCounts(ctx: AppContext, orgId: string): Record<DealStage, number> {
  const rows = ctx.db.read.select({ stage: deals.stage, n: count() }).from(deals).where(eq(deals.organizationId, orgId)).groupBy(deals.stage).all();
  const out = Object.fromEntries(DEAL_STAGES.map((s) => [s, 0])) as Record<DealStage, number>;
  for (const r of rows) out[r.stage] = r.n;
  return out;
}
