// Clickwrap: versioned agreement texts published by key, and immutable acceptances that name the
// exact version accepted (its number and the SHA-256 of its body). No HTTP here: the app routes,
// the public routes and the pages all call these functions.
//
// Publishing rules (docs/clickwrap.md):
// - a new key creates the agreement at version 1;
// - the same body again is idempotent: same id, same versionHash, no new version;
// - a title-only change updates the display title, without a new version (the hash covers the
//   body, which is what a person accepts);
// - a changed body makes version n+1 with versionHash = SHA-256 hex of the body (UTF-8), even if
//   the text returns to an earlier one (the history says what was shown when);
// - publishing never changes whether the agreement is active.
import { and, asc, count, desc, eq, getTableColumns, gt, isNull, or, sql } from "drizzle-orm";
import type { AppContext } from "../../context";
import { clickwrapAcceptances, clickwrapAgreements, clickwrapVersions, people } from "../../db/schema";
import { badRequest, conflict, notFound, type FieldError } from "../../http/errors";
import type { Principal } from "../../http/principal";
import { sha256Hex } from "../../lib/crypto";
import { newId, newUuid } from "../../lib/ids";
import { recordActivity } from "../people/activity";
import { ACCEPTANCES_LIMIT, BODY_ERROR, BODY_MAX, KEY_ERROR, KEY_PATTERN, SUBJECT_REF_ERROR, SUBJECT_REF_MAX, TITLE_ERROR, TITLE_MAX } from "./model";

export type AgreementRow = typeof clickwrapAgreements.$inferSelect;
export type VersionRow = typeof clickwrapVersions.$inferSelect;
export type AcceptanceRow = typeof clickwrapAcceptances.$inferSelect;

export interface PublishInput {
  key: string;
  title: string;
  body: string;
}

export type PublishOutcome = "created" | "new_version" | "title_updated" | "unchanged";

export interface Evidence {
  ip: string | null;
  userAgent: string | null;
}

const KEY = new RegExp(KEY_PATTERN);

/** The API's `t` schema checks the same; the pages reach the service without it. */
function checkPublish(input: PublishInput): PublishInput {
  const title = input.title.trim();
  const fields: FieldError[] = [];
  if (!KEY.test(input.key)) fields.push({ field: "key", message: KEY_ERROR });
  if (!title || title.length > TITLE_MAX) fields.push({ field: "title", message: TITLE_ERROR });
  if (!input.body.trim() || input.body.length > BODY_MAX) fields.push({ field: "body", message: BODY_ERROR });
  if (fields.length) throw badRequest("Validation failed", fields);
  return { key: input.key, title, body: input.body };
}

export const versionHashOf = (body: string) => sha256Hex(body);

/** Creates or updates the organization's agreement with this key (see the rules above). */
export function publish(ctx: AppContext, principal: Principal, input: PublishInput): { agreement: AgreementRow; outcome: PublishOutcome } {
  const orgId = principal.orgId!;
  const { key, title, body } = checkPublish(input);
  const hash = versionHashOf(body);
  const now = ctx.clock.now().toISOString();
  const addVersion = (agreementId: string, version: number) =>
    ctx.db.write.insert(clickwrapVersions).values({
      id: newUuid(), organizationId: orgId, agreementId, version, title, body, versionHash: hash, createdAt: now, createdBy: principal.userId ?? null,
    }).run();

  return ctx.db.writer.transaction(() => {
    const found = ctx.db.write.select().from(clickwrapAgreements).where(and(eq(clickwrapAgreements.organizationId, orgId), eq(clickwrapAgreements.key, key))).get();
    let outcome: PublishOutcome;
    let id: string;
    if (!found) {
      id = newId("agr");
      ctx.db.write.insert(clickwrapAgreements).values({ id, organizationId: orgId, key, title, body, versionHash: hash, version: 1, active: true, createdAt: now, updatedAt: now }).run();
      addVersion(id, 1);
      outcome = "created";
    } else if (found.versionHash === hash) {
      id = found.id;
      outcome = found.title === title ? "unchanged" : "title_updated";
      if (outcome === "title_updated") ctx.db.write.update(clickwrapAgreements).set({ title, updatedAt: now }).where(eq(clickwrapAgreements.id, id)).run();
    } else {
      id = found.id;
      const version = found.version + 1;
      ctx.db.write.update(clickwrapAgreements).set({ title, body, versionHash: hash, version, updatedAt: now }).where(eq(clickwrapAgreements.id, id)).run();
      addVersion(id, version);
      outcome = "new_version";
    }
    return { agreement: ctx.db.write.select().from(clickwrapAgreements).where(eq(clickwrapAgreements.id, id)).get()!, outcome };
  }).immediate();
}

/** The organization's agreement; another organization's id is a 404 like an unknown one. */
export function getAgreement(ctx: AppContext, orgId: string, id: string): AgreementRow {
  const a = ctx.db.read.select().from(clickwrapAgreements).where(and(eq(clickwrapAgreements.id, id), eq(clickwrapAgreements.organizationId, orgId))).get();
  if (!a) throw notFound(`Agreement ${id} not found`);
  return a;
}

export function setActive(ctx: AppContext, orgId: string, id: string, active: boolean): AgreementRow {
  getAgreement(ctx, orgId, id);
  ctx.db.write.update(clickwrapAgreements).set({ active, updatedAt: ctx.clock.now().toISOString() })
    .where(and(eq(clickwrapAgreements.id, id), eq(clickwrapAgreements.organizationId, orgId))).run();
  return getAgreement(ctx, orgId, id);
}

export function agreementJson(a: AgreementRow, acceptanceCount: number) {
  return { id: a.id, key: a.key, title: a.title, version: a.version, versionHash: a.versionHash, active: a.active, acceptanceCount, createdAt: a.createdAt, updatedAt: a.updatedAt };
}

/** How many acceptances each of the organization's agreements has. */
function acceptanceCounts(ctx: AppContext, orgId: string): Map<string, number> {
  const rows = ctx.db.read.select({ id: clickwrapAcceptances.agreementId, n: count() }).from(clickwrapAcceptances)
    .where(eq(clickwrapAcceptances.organizationId, orgId)).groupBy(clickwrapAcceptances.agreementId).all();
  return new Map(rows.map((r) => [r.id, r.n]));
}

export function acceptanceCount(ctx: AppContext, orgId: string, agreementId: string): number {
  return ctx.db.read.select({ n: count() }).from(clickwrapAcceptances)
    .where(and(eq(clickwrapAcceptances.agreementId, agreementId), eq(clickwrapAcceptances.organizationId, orgId))).get()?.n ?? 0;
}

/** The organization's agreements by key, each with its acceptance count. */
export function listAgreements(ctx: AppContext, orgId: string) {
  const counts = acceptanceCounts(ctx, orgId);
  return ctx.db.read.select().from(clickwrapAgreements).where(eq(clickwrapAgreements.organizationId, orgId)).orderBy(asc(clickwrapAgreements.key)).all()
    .map((a) => agreementJson(a, counts.get(a.id) ?? 0));
}

/** Every published version of the agreement, newest first. */
export function listVersions(ctx: AppContext, orgId: string, agreementId: string) {
  getAgreement(ctx, orgId, agreementId);
  return ctx.db.read.select().from(clickwrapVersions)
    .where(and(eq(clickwrapVersions.agreementId, agreementId), eq(clickwrapVersions.organizationId, orgId))).orderBy(desc(clickwrapVersions.version)).all()
    .map((v) => ({ version: v.version, versionHash: v.versionHash, title: v.title, body: v.body, createdAt: v.createdAt }));
}

/** The most recent acceptances, newest first (insertion order breaks ties within a millisecond). */
export function listAcceptances(ctx: AppContext, orgId: string, agreementId: string, limit = ACCEPTANCES_LIMIT): AcceptanceRow[] {
  getAgreement(ctx, orgId, agreementId);
  return ctx.db.read.select().from(clickwrapAcceptances)
    .where(and(eq(clickwrapAcceptances.agreementId, agreementId), eq(clickwrapAcceptances.organizationId, orgId)))
    .orderBy(desc(clickwrapAcceptances.acceptedAt), desc(sql`rowid`)).limit(limit).all();
}

export const acceptanceJson = (a: AcceptanceRow) => ({ id: a.id, versionHash: a.versionHash, subjectRef: a.subjectRef, acceptedAt: a.acceptedAt });

/**
 * Every acceptance of the agreement, oldest first, read in batches (keyset on the index), so an
 * export of any size holds neither a long read snapshot nor the whole list in memory. The caller
 * has checked the agreement is the organization's (getAgreement).
 */
export function* allAcceptances(ctx: AppContext, orgId: string, agreementId: string, batch = 1000): Generator<AcceptanceRow> {
  const acc = clickwrapAcceptances;
  let after: { at: string; rowid: number } | null = null;
  for (;;) {
    const page: (AcceptanceRow & { rowid: number })[] = ctx.db.read.select({ ...getTableColumns(acc), rowid: sql<number>`rowid` }).from(acc)
      .where(and(
        eq(acc.agreementId, agreementId), eq(acc.organizationId, orgId),
        after ? or(gt(acc.acceptedAt, after.at), and(eq(acc.acceptedAt, after.at), sql`rowid > ${after.rowid}`)) : undefined,
      ))
      .orderBy(asc(acc.acceptedAt), asc(sql`rowid`)).limit(batch).all();
    for (const { rowid: _r, ...row } of page) yield row;
    if (page.length < batch) return;
    const last = page[page.length - 1];
    after = { at: last.acceptedAt, rowid: last.rowid };
  }
}

/** An agreement as the public sees it: active ones only; anything else is "gone" (404). */
export function publicAgreement(ctx: AppContext, id: string, db = ctx.db.read): AgreementRow {
  const a = db.select().from(clickwrapAgreements).where(eq(clickwrapAgreements.id, id)).get();
  if (!a || !a.active) throw notFound("gone");
  return a;
}

export interface AcceptInput {
  subjectRef?: string | null;
  /** The version the person was shown; refused with 409 version_changed when no longer current. */
  versionHash?: string;
}

/**
 * Records one acceptance of the agreement's current version: immutable, with the time from the
 * clock and the client's address and user agent. When subjectRef names a person of the
 * organization, their timeline shows it too.
 */
export function recordAcceptance(ctx: AppContext, agreementId: string, input: AcceptInput, evidence: Evidence): { acceptance: AcceptanceRow; agreement: AgreementRow } {
  const subjectRef = input.subjectRef?.trim() || null;
  if (subjectRef && subjectRef.length > SUBJECT_REF_MAX) throw badRequest(SUBJECT_REF_ERROR, [{ field: "subjectRef", message: SUBJECT_REF_ERROR }]);
  return ctx.db.writer.transaction(() => {
    // Read inside the write transaction: a publish cannot slip between the check and the insert.
    const agreement = publicAgreement(ctx, agreementId, ctx.db.write);
    if (input.versionHash && input.versionHash.toLowerCase() !== agreement.versionHash) {
      throw conflict("version_changed", "The agreement text has changed since it was shown; show the current version and ask again");
    }
    const acceptance: AcceptanceRow = {
      id: newId("acc"), organizationId: agreement.organizationId, agreementId, version: agreement.version, versionHash: agreement.versionHash,
      subjectRef, acceptedAt: ctx.clock.now().toISOString(), ip: evidence.ip, userAgent: evidence.userAgent?.slice(0, 500) ?? null,
    };
    ctx.db.write.insert(clickwrapAcceptances).values(acceptance).run();
    const person = subjectRef ? ctx.db.write.select({ id: people.id }).from(people)
      .where(and(eq(people.id, subjectRef), eq(people.organizationId, agreement.organizationId), isNull(people.deletedAt))).get() : undefined;
    if (person) {
      recordActivity(ctx, agreement.organizationId, {
        personId: person.id, kind: "clickwrap_accepted", body: `Accepted "${agreement.title}" (version ${agreement.version})`,
        data: { agreementId, acceptanceId: acceptance.id, version: agreement.version, versionHash: agreement.versionHash },
      });
    }
    return { acceptance, agreement };
  }).immediate();
}
