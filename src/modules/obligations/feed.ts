// Per-user iCalendar feeds: a secret URL (${PUBLIC_URL}/calendar/<token>.ics) a calendar app polls
// without a session. Only the token's SHA-256 is stored; a user has at most one live feed (a new
// one revokes the old). The feed holds the open, dated obligations the user would see: an admin
// or owner all of the organization's, a member those of their deals and those on no deal.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { AppContext } from "../../context";
import { calendarFeeds, documents, organizations, users } from "../../db/schema";
import { notFound } from "../../http/errors";
import type { Principal } from "../../http/principal";
import { randomSecret, sha256Hex } from "../../lib/crypto";
import { newUuid } from "../../lib/ids";
import { formatCents } from "../../lib/money";
import { packFor } from "../forms/registry";
import type { DeadlineRule } from "../forms/types";
import { calendarText, type IcsEvent } from "./ical";
import { queryObligations, TYPE_LABELS, type ObligationView } from "./service";

export const feedUrl = (ctx: AppContext, token: string) => `${ctx.config.publicUrl}/calendar/${token}.ics`;

function revokeAll(ctx: AppContext, userId: string, now: string): void {
  ctx.db.write.update(calendarFeeds).set({ revokedAt: now }).where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt))).run();
}

/** A new feed for the caller (revoking any earlier one); the URL is shown this once. */
export function createFeed(ctx: AppContext, principal: Principal): string {
  const token = randomSecret();
  ctx.db.writer.transaction(() => {
    const now = ctx.clock.now().toISOString();
    revokeAll(ctx, principal.userId!, now);
    ctx.db.write.insert(calendarFeeds).values({ id: newUuid(), organizationId: principal.orgId!, userId: principal.userId!, tokenHash: sha256Hex(token), createdAt: now }).run();
  }).immediate();
  return feedUrl(ctx, token);
}

export function revokeFeed(ctx: AppContext, principal: Principal): void {
  revokeAll(ctx, principal.userId!, ctx.clock.now().toISOString());
}

export function activeFeed(ctx: AppContext, userId: string): { createdAt: string } | undefined {
  return ctx.db.read.select({ createdAt: calendarFeeds.createdAt }).from(calendarFeeds)
    .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt))).get();
}

/** Each obligation's rule, to tell a whole-day deadline (a date without a time) from a timed one. */
function rulesOf(ctx: AppContext, views: ObligationView[]): Map<string, DeadlineRule> {
  const ids = [...new Set(views.map((v) => v.o.documentId))];
  const out = new Map<string, DeadlineRule>();
  if (!ids.length) return out;
  for (const d of ctx.db.read.select({ id: documents.id, formKey: documents.formKey, canonical: documents.canonical }).from(documents).where(inArray(documents.id, ids)).all()) {
    for (const rule of packFor(d.formKey)?.deadlines(d.canonical) ?? []) out.set(`${d.id}|${rule.key}`, rule);
  }
  return out;
}

function event(ctx: AppContext, host: string, v: ObligationView, rule: DeadlineRule | undefined): IcsEvent {
  const { o } = v;
  const base = ctx.config.publicUrl;
  const what = o.description ?? TYPE_LABELS[o.type];
  const amount = o.amountCents !== null ? ` (${formatCents(o.amountCents)})` : "";
  const allDay = !o.dueAtOverridden && rule?.on && !rule.on.time ? rule.on.date : undefined;
  return {
    uid: `${o.id}@${host}`,
    stamp: new Date(o.updatedAt),
    start: allDay ? { date: allDay } : { at: new Date(o.dueAt!) },
    summary: `${what}${amount}${v.dealTitle ? ` · ${v.dealTitle}` : ""}`,
    description: [
      `${TYPE_LABELS[o.type]}: ${what}${amount}`,
      allDay ? "Due by the end of the business day (17:00)." : "",
      v.dealTitle ? `Deal: ${v.dealTitle} ${base}/deals/${o.dealId}` : "",
      `Document: ${v.documentTitle} ${base}/documents/${o.documentId}`,
      o.note ? `Note: ${o.note}` : "",
      `Mark it done: ${base}/obligations`,
    ].filter(Boolean).join("\n"),
    url: o.dealId ? `${base}/deals/${o.dealId}` : `${base}/documents/${o.documentId}`,
    categories: [TYPE_LABELS[o.type]],
  };
}

/** The feed's text for a token; an unknown or revoked token, or a user no longer active, is a 404. */
export function feedCalendar(ctx: AppContext, token: string): string {
  const feed = ctx.db.read.select().from(calendarFeeds).where(and(eq(calendarFeeds.tokenHash, sha256Hex(token)), isNull(calendarFeeds.revokedAt))).get();
  const user = feed && ctx.db.read.select({ id: users.id, role: users.role }).from(users)
    .where(and(eq(users.id, feed.userId), eq(users.organizationId, feed.organizationId), eq(users.status, "active"), isNull(users.deletedAt))).get();
  if (!feed || !user) throw notFound("No such calendar");
  const org = ctx.db.read.select({ name: organizations.companyName }).from(organizations).where(eq(organizations.id, feed.organizationId)).get();
  const views = queryObligations(ctx, feed.organizationId, { statuses: ["open"], dated: true, visibleTo: { userId: user.id, all: user.role !== "member" } });
  const rules = rulesOf(ctx, views);
  const host = new URL(ctx.config.publicUrl).hostname;
  return calendarText({ name: `${org?.name ?? "Winnerr"} obligations`, events: views.map((v) => event(ctx, host, v, rules.get(`${v.o.documentId}|${v.o.ruleKey}`))) });
}
