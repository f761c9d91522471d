// People: leads, clients and others. Emails are normalized, phones stored in E.164, and a second
// live person with the same email or phone in an organization is a 409 naming the first.
import { and, asc, count, desc, eq, inArray, isNull, like, or, sql } from "drizzle-orm";
import type { AppContext } from "../../context";
import { activities, dealParties, people, PERSON_TYPES } from "../../db/schema";
import { badRequest, HttpError, notFound, type FieldError } from "../../http/errors";
import type { Principal } from "../../http/principal";
import { newId } from "../../lib/ids";
import { toE164 } from "../../lib/phone";
import { emit } from "../events/service";
import { recordActivity } from "./activity";

export type PersonRow = typeof people.$inferSelect;
export type PersonType = (typeof PERSON_TYPES)[number];

export function personJson(p: PersonRow) {
  return {
    id: p.id, type: p.type, firstName: p.firstName, lastName: p.lastName, name: fullName(p),
    email: p.email, phone: p.phone, tags: p.tags, notes: p.notes, createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}

export const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`.trim();

export interface PersonInput {
  type?: PersonType;
  firstName?: string;
  lastName?: string;
  email?: string | null;
  phone?: string | null;
  tags?: string[];
  notes?: string | null;
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** Normalizes and checks a create or update; every problem is reported at once. */
export function cleanPerson(input: PersonInput, creating: boolean): PersonInput {
  const fields: FieldError[] = [];
  const out: PersonInput = {};
  if (input.type !== undefined) {
    if (!PERSON_TYPES.includes(input.type)) fields.push({ field: "type", message: "type must be lead, client or other" });
    out.type = input.type;
  }
  if (input.firstName !== undefined || creating) {
    const f = (input.firstName ?? "").trim();
    if (!f || f.length > 100) fields.push({ field: "firstName", message: "First name is required (at most 100 characters)" });
    out.firstName = f;
  }
  if (input.lastName !== undefined) out.lastName = input.lastName.trim().slice(0, 100);
  if (input.email !== undefined) {
    const e = input.email?.trim().toLowerCase() || null;
    if (e && (e.length > 254 || !EMAIL.test(e))) fields.push({ field: "email", message: "Invalid email format" });
    out.email = e;
  }
  if (input.phone !== undefined) {
    const raw = input.phone?.trim() || null;
    const e164 = raw ? toE164(raw) : null;
    if (raw && !e164) fields.push({ field: "phone", message: "Phone must be a valid number, e.g. +14165550100 or (416) 555-0100" });
    out.phone = e164;
  }
  if (input.tags !== undefined) {
    const tags = [...new Set(input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
    if (tags.some((t) => t.length > 40) || tags.length > 30) fields.push({ field: "tags", message: "At most 30 tags of at most 40 characters" });
    out.tags = tags;
  }
  if (input.notes !== undefined) out.notes = input.notes?.slice(0, 10_000) ?? null;
  if (fields.length) throw badRequest("Validation failed", fields);
  return out;
}

/** 409 when another live person of the organization already has this email or phone. */
function assertNoDuplicate(ctx: AppContext, orgId: string, p: PersonInput, exceptId?: string): void {
  for (const key of ["email", "phone"] as const) {
    const value = p[key];
    if (!value) continue;
    const other = ctx.db.write.select({ id: people.id }).from(people)
      .where(and(eq(people.organizationId, orgId), eq(people[key], value), isNull(people.deletedAt))).get();
    if (other && other.id !== exceptId) {
      throw new HttpError(409, "duplicate_person", `A person with this ${key} already exists (${other.id})`, [{ field: key, message: `Already used by ${other.id}` }]);
    }
  }
}

export function getPerson(ctx: AppContext, orgId: string, id: string, db = ctx.db.read): PersonRow {
  const p = db.select().from(people).where(and(eq(people.id, id), eq(people.organizationId, orgId), isNull(people.deletedAt))).get();
  if (!p) throw notFound(`Person ${id} not found`);
  return p;
}

/** Inserts without a transaction of its own: createPerson and the CSV import wrap it. */
export function insertPerson(ctx: AppContext, principal: Principal, input: PersonInput): PersonRow {
  const orgId = principal.orgId!;
  const clean = cleanPerson(input, true);
  assertNoDuplicate(ctx, orgId, clean);
  const now = ctx.clock.now().toISOString();
  const id = newId("person");
  ctx.db.write.insert(people).values({
    id, organizationId: orgId, type: clean.type ?? "lead", firstName: clean.firstName!, lastName: clean.lastName ?? "",
    email: clean.email ?? null, phone: clean.phone ?? null, tags: clean.tags ?? [], notes: clean.notes ?? null,
    createdBy: principal.userId ?? null, createdAt: now, updatedAt: now,
  }).run();
  const row = getPerson(ctx, orgId, id, ctx.db.write);
  recordActivity(ctx, orgId, { personId: id, kind: "person_created", body: `${fullName(row)} added as ${row.type}`, actorUserId: principal.userId });
  emit(ctx.db, ctx.clock, orgId, "PERSON_CREATED", { personId: id });
  return row;
}

export function createPerson(ctx: AppContext, principal: Principal, input: PersonInput): PersonRow {
  const row = ctx.db.writer.transaction(() => insertPerson(ctx, principal, input)).immediate();
  ctx.events.kick();
  return row;
}

export function updatePerson(ctx: AppContext, principal: Principal, id: string, input: PersonInput): PersonRow {
  const orgId = principal.orgId!;
  const row = ctx.db.writer.transaction(() => {
    getPerson(ctx, orgId, id, ctx.db.write);
    const clean = cleanPerson(input, false);
    assertNoDuplicate(ctx, orgId, clean, id);
    ctx.db.write.update(people).set({ ...clean, updatedAt: ctx.clock.now().toISOString() }).where(and(eq(people.id, id), eq(people.organizationId, orgId))).run();
    emit(ctx.db, ctx.clock, orgId, "PERSON_UPDATED", { personId: id, fields: Object.keys(clean) });
    return getPerson(ctx, orgId, id, ctx.db.write);
  }).immediate();
  ctx.events.kick();
  return row;
}

/** Soft delete: the person leaves lists and searches; deals and timelines keep their history. */
export function deletePerson(ctx: AppContext, principal: Principal, id: string): void {
  const orgId = principal.orgId!;
  ctx.db.writer.transaction(() => {
    getPerson(ctx, orgId, id, ctx.db.write);
    const now = ctx.clock.now().toISOString();
    ctx.db.write.update(people).set({ deletedAt: now, updatedAt: now }).where(and(eq(people.id, id), eq(people.organizationId, orgId))).run();
    emit(ctx.db, ctx.clock, orgId, "PERSON_DELETED", { personId: id });
  }).immediate();
  ctx.events.kick();
}

export interface PeopleQuery {
  q?: string;
  type?: PersonType;
  tag?: string;
  page: number;
  limit: number;
}

export function listPeople(ctx: AppContext, orgId: string, query: PeopleQuery) {
  const conds = [eq(people.organizationId, orgId), isNull(people.deletedAt)];
  if (query.type) conds.push(eq(people.type, query.type));
  if (query.tag) conds.push(sql`EXISTS (SELECT 1 FROM json_each(${people.tags}) WHERE value = ${query.tag.trim().toLowerCase()})`);
  const q = query.q?.trim();
  if (q) {
    const term = `%${q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const digits = q.replace(/\D/g, "");
    const match = [
      sql`lower(${people.firstName} || ' ' || ${people.lastName}) LIKE ${term} ESCAPE '\\'`,
      sql`${people.email} LIKE ${term} ESCAPE '\\'`,
    ];
    if (digits.length >= 3) match.push(like(people.phone, `%${digits}%`));
    conds.push(or(...match)!);
  }
  const where = and(...conds);
  const total = ctx.db.read.select({ n: count() }).from(people).where(where).get()!.n;
  const rows = ctx.db.read.select().from(people).where(where)
    .orderBy(asc(sql`lower(${people.lastName})`), asc(sql`lower(${people.firstName})`), asc(people.id))
    .limit(query.limit).offset((query.page - 1) * query.limit).all();
  return { people: rows.map(personJson), pagination: { page: query.page, limit: query.limit, total, totalPages: Math.ceil(total / query.limit) } };
}

/** A person's timeline: their own activity and that of every deal they are a party to. */
export function personTimeline(ctx: AppContext, orgId: string, personId: string, limit = 100) {
  getPerson(ctx, orgId, personId);
  const dealIds = ctx.db.read.selectDistinct({ id: dealParties.dealId }).from(dealParties)
    .where(and(eq(dealParties.organizationId, orgId), eq(dealParties.personId, personId))).all().map((r) => r.id);
  const who = dealIds.length ? or(eq(activities.personId, personId), inArray(activities.dealId, dealIds)) : eq(activities.personId, personId);
  return ctx.db.read.select().from(activities).where(and(eq(activities.organizationId, orgId), who))
    .orderBy(desc(activities.createdAt), desc(sql`${activities}.rowid`)).limit(limit).all();
}
