// Obligation pages: /obligations (filters; Done, Waive and Reopen swap the row over htmx; the
// calendar feed section), /obligations/calendar?month=YYYY-MM (a server-rendered month, Sunday
// first as en-CA has it), the dashboard panel, and GET /calendar/<token>.ics for calendar apps
// (no session: the token is the capability; /calendar/ paths are redacted in logs).
import type { AppContext } from "../../context";
import { OBLIGATION_STATUSES, OBLIGATION_TYPES } from "../../db/schema";
import { formFailure } from "../../http/forms";
import { fragmentResponse, type SafeHtml } from "../../http/html";
import { notFound } from "../../http/errors";
import { pageRoute, redirect, renderPage } from "../../http/pages";
import { principalPlugin, type Principal } from "../../http/principal";
import { router } from "../../http/router";
import { ontarioHolidays } from "../../lib/ontario-holidays";
import { zonedParts, zonedToInstant } from "../../lib/timezone";
import { calendarPage, dueSoonPanel, feedSection, obligationRow, obligationsPage, type ObligationFilters, type ObligationItem } from "../../../views/obligations/pages";
import { listDeals } from "../deals/service";
import { orgTimeZone } from "../documents/usage";
import { addDays, daysIn, iso, type Day } from "../forms/dates";
import { activeFeed, createFeed, feedCalendar, revokeFeed } from "./feed";
import {
  dueSoonDaysOf, queryObligations, reopenObligation, resolveObligation, urgencyOf, URGENCIES, type ObligationQuery, type ObligationRow, type ObligationStatus,
  type ObligationType, type Urgency,
} from "./service";

const ORG = () => pageRoute({ via: ["session"], org: true });
const PATH = "/obligations";

function items(ctx: AppContext, orgId: string, q: ObligationQuery): ObligationItem[] {
  const now = ctx.clock.now();
  const soon = dueSoonDaysOf(ctx, orgId);
  return queryObligations(ctx, orgId, q).map((v) => ({ ...v, urgency: v.o.status === "open" && v.o.dueAt ? urgencyOf(v.o.dueAt, now, soon) : null }));
}

/** The dashboard's panel: the ten soonest open obligations that are due soon or overdue. */
export function dashboardObligations(ctx: AppContext, orgId: string): SafeHtml {
  return dueSoonPanel(items(ctx, orgId, { statuses: ["open"], withinDays: dueSoonDaysOf(ctx, orgId), limit: 10 }), orgTimeZone(ctx, orgId));
}

const member = <T extends string>(list: readonly T[], v: unknown): T | undefined => (list.includes(v as T) ? (v as T) : undefined);

function filtersOf(query: Record<string, string | undefined>): ObligationFilters {
  const within = Number(query.withinDays);
  return {
    status: member(OBLIGATION_STATUSES, query.status) ?? "open",
    type: member(OBLIGATION_TYPES, query.type),
    urgency: member(URGENCIES, query.urgency),
    dealId: query.dealId || undefined,
    withinDays: Number.isInteger(within) && within >= 1 && within <= 365 ? within : 30,
  };
}

function listPage(ctx: AppContext, request: Request, p: Principal, query: Record<string, string | undefined>, feedUrl?: string) {
  const orgId = p.orgId!;
  const f = filtersOf(query);
  const common = { type: f.type as ObligationType | undefined, dealId: f.dealId };
  const open = f.status === "open";
  const rows = items(ctx, orgId, open
    ? { ...common, statuses: ["open"], urgency: f.urgency as Urgency | undefined, withinDays: f.withinDays }
    : { ...common, statuses: [f.status as ObligationStatus], limit: 500 });
  const waiting = open && !f.urgency ? items(ctx, orgId, { ...common, statuses: ["open"] }).filter((v) => !v.o.dueAt) : [];
  return renderPage(ctx, request, p, {
    title: "Obligations", path: PATH,
    headers: feedUrl ? { "Cache-Control": "no-store" } : undefined,
    body: obligationsPage({
      rows, waiting, filters: f, timeZone: orgTimeZone(ctx, orgId), csrf: p.csrfToken!,
      deals: listDeals(ctx, orgId, { page: 1, limit: 100 }).deals.map((d) => ({ id: d.id, title: d.title })),
      feed: feedSection({ csrf: p.csrfToken!, url: feedUrl, active: activeFeed(ctx, p.userId!) }),
    }),
  });
}

const htmx = (request: Request) => request.headers.get("hx-request") === "true";

/** Done / Waive / Reopen: htmx gets the row back; a plain form goes back to the list. */
function act(ctx: AppContext, request: Request, p: Principal, change: () => ObligationRow, done: string) {
  let o: ObligationRow;
  try {
    o = change();
  } catch (e) {
    const f = formFailure(e);
    return redirect(request, PATH, { flash: { kind: "error", text: f.message ?? "That change was refused" } });
  }
  if (!htmx(request)) return redirect(request, PATH, { flash: { kind: "info", text: done } });
  const [row] = items(ctx, p.orgId!, { ids: [o.id] });
  return fragmentResponse(obligationRow(row, orgTimeZone(ctx, p.orgId!), p.csrfToken!));
}

/** The month's weeks, Sunday to Saturday, padded with the neighbouring months' days. */
export function monthWeeks(year: number, month: number): Day[][] {
  const weekday = (d: Day) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  const first = { year, month, day: 1 };
  const last = { year, month, day: daysIn(year, month) };
  const weeks: Day[][] = [];
  for (let d = addDays(first, -weekday(first)), end = iso(addDays(last, 6 - weekday(last))); iso(d) <= end; d = addDays(d, 1)) {
    if (weekday(d) === 0) weeks.push([]);
    weeks[weeks.length - 1].push(d);
  }
  return weeks;
}

function calendar(ctx: AppContext, request: Request, p: Principal, month: string | undefined) {
  const orgId = p.orgId!;
  const tz = orgTimeZone(ctx, orgId);
  const today = zonedParts(ctx.clock.now(), tz);
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month ?? "");
  const [year, mon] = m ? [Number(m[1]), Number(m[2])] : [today.year, today.month];
  const weeks = monthWeeks(year, mon);
  const start = weeks[0][0], end = addDays(weeks[weeks.length - 1][6], 1);
  const list = items(ctx, orgId, {
    statuses: ["open", "done", "waived"],
    from: zonedToInstant(start.year, start.month, start.day, tz).toISOString(),
    to: zonedToInstant(end.year, end.month, end.day, tz).toISOString(),
  });
  const byDay = new Map<string, ObligationItem[]>();
  for (const v of list) {
    const key = iso(zonedParts(new Date(v.o.dueAt!), tz));
    byDay.set(key, [...(byDay.get(key) ?? []), v]);
  }
  const holidays = new Map([...new Set([start.year, end.year])].flatMap((y) => ontarioHolidays(y)).map((h) => [h.date, h.name]));
  return renderPage(ctx, request, p, {
    title: "Obligations calendar", path: PATH,
    body: calendarPage({ year, month: mon, weeks, byDay, holidays, today: iso(today), timeZone: tz }),
  });
}

export const obligationPages = (ctx: AppContext) =>
  router("obligation-pages")
    .use(principalPlugin(ctx.principals))
    .get(PATH, ({ request, principal, query }) => listPage(ctx, request, principal, query), ORG())
    .post("/obligations/:id/done", ({ request, principal, params }) =>
      act(ctx, request, principal, () => resolveObligation(ctx, principal, params.id, "done"), "Marked done."), ORG())
    .post("/obligations/:id/waive", ({ request, principal, params }) =>
      act(ctx, request, principal, () => resolveObligation(ctx, principal, params.id, "waived"), "Waived."), ORG())
    .post("/obligations/:id/reopen", ({ request, principal, params }) =>
      act(ctx, request, principal, () => reopenObligation(ctx, principal, params.id), "Reopened."), ORG())
    .post("/obligations/feed", ({ request, principal }) => {
      const url = createFeed(ctx, principal);
      if (!htmx(request)) return listPage(ctx, request, principal, {}, url);
      return fragmentResponse(feedSection({ csrf: principal.csrfToken!, url }), { headers: { "Cache-Control": "no-store" } });
    }, ORG())
    .post("/obligations/feed/revoke", ({ request, principal }) => {
      revokeFeed(ctx, principal);
      if (!htmx(request)) return redirect(request, PATH, { flash: { kind: "info", text: "Calendar feed revoked." } });
      return fragmentResponse(feedSection({ csrf: principal.csrfToken! }));
    }, ORG())
    .get("/obligations/calendar", ({ request, principal, query }) => calendar(ctx, request, principal, query.month), ORG())
    .get("/calendar/:file", ({ params }) => {
      if (!params.file.endsWith(".ics")) throw notFound("No such calendar");
      return new Response(feedCalendar(ctx, params.file.slice(0, -4)), {
        headers: {
          "Content-Type": "text/calendar; charset=utf-8",
          "Content-Disposition": 'inline; filename="obligations.ics"',
          "Cache-Control": "private, no-cache",
        },
      });
    }, pageRoute());
