// /api/documents/obligations (the spec's list) and the additions: the obligations of a deal or a
// status, one obligation, done / waive / reopen, and moving a date or writing a note.
import { t } from "elysia";
import type { AppContext } from "../../context";
import { principalPlugin } from "../../http/principal";
import { router } from "../../http/router";
import { appErrors } from "../../http/shapes";
import { IdParams } from "../people/model";
import { Obligation, ObligationPatch, ObligationsQuery, ResolveBody, Upcoming, UpcomingQuery } from "./model";
import {
  dueSoonDaysOf, getObligation, obligationJson, queryObligations, reopenObligation, resolveObligation, updateObligation, upcomingObligations,
} from "./service";

const tags = ["Obligations"];
const one = { auth: { org: true }, params: IdParams } as const;

export const obligationRoutes = (ctx: AppContext) =>
  router("obligations", "/api")
    .use(principalPlugin(ctx.principals))
    .get("/documents/obligations", ({ principal, query }) => ({ obligations: upcomingObligations(ctx, principal.orgId!, Number(query.withinDays ?? 30)) }), {
      auth: { org: true },
      query: UpcomingQuery,
      response: { 200: Upcoming, ...appErrors(400, 401, 403) },
      detail: {
        tags, summary: "Upcoming and overdue obligations",
        description: "Open obligations of the organization due within withinDays (default 30, at most 365), overdue ones included, soonest first. " +
          "Obligations come from generated documents' deadlines; one waiting for an event (a deposit due 24 hours after acceptance, before acceptance) has no date and is not listed. " +
          "A date without a time is due at 17:00 in the organization's time zone. urgency: overdue when past, due_soon within settings.dueSoonDays (default 7), else pending.",
      },
    })
    .get("/obligations", ({ principal, query }) => {
      const orgId = principal.orgId!;
      const soon = dueSoonDaysOf(ctx, orgId);
      const rows = queryObligations(ctx, orgId, { statuses: query.status ? [query.status] : undefined, dealId: query.dealId, type: query.type, limit: 1000 });
      return { obligations: rows.map((r) => obligationJson(ctx, r.o, soon)) };
    }, {
      auth: { org: true },
      query: ObligationsQuery,
      response: { 200: t.Object({ obligations: t.Array(Obligation) }), ...appErrors(400, 401, 403) },
      detail: { tags, summary: "List obligations (addition)", description: "Every status (open, done, waived, superseded), undated ones included; filter by status, dealId, type. Soonest first, at most 1000." },
    })
    .get("/obligations/:id", ({ principal, params }) => obligationJson(ctx, getObligation(ctx, principal.orgId!, params.id)), {
      ...one,
      response: { 200: Obligation, ...appErrors(401, 403, 404) },
      detail: { tags, summary: "Get an obligation (addition)" },
    })
    .post("/obligations/:id/done", ({ principal, params, body }) => obligationJson(ctx, resolveObligation(ctx, principal, params.id, "done", body?.note)), {
      ...one,
      body: ResolveBody,
      response: { 200: Obligation, ...appErrors(400, 401, 403, 404, 409) },
      detail: { tags, summary: "Mark an obligation done (addition)", description: "Records who and when (doneBy, doneAt) and the optional note; it leaves the upcoming list. 409 obligation_not_open." },
    })
    .post("/obligations/:id/waive", ({ principal, params, body }) => obligationJson(ctx, resolveObligation(ctx, principal, params.id, "waived", body?.note)), {
      ...one,
      body: ResolveBody,
      response: { 200: Obligation, ...appErrors(400, 401, 403, 404, 409) },
      detail: { tags, summary: "Waive an obligation (addition)", description: "Like done, with status waived. 409 obligation_not_open." },
    })
    .post("/obligations/:id/reopen", ({ principal, params }) => obligationJson(ctx, reopenObligation(ctx, principal, params.id)), {
      ...one,
      response: { 200: Obligation, ...appErrors(401, 403, 404, 409) },
      detail: { tags, summary: "Reopen a done or waived obligation (addition)", description: "409 obligation_not_closed." },
    })
    .patch("/obligations/:id", ({ principal, params, body }) => obligationJson(ctx, updateObligation(ctx, principal, params.id, body)), {
      ...one,
      body: ObligationPatch,
      response: { 200: Obligation, ...appErrors(400, 401, 403, 404, 409) },
      detail: {
        tags, summary: "Move the due date or write a note (addition)",
        description: "A dueDate set here is kept through re-syncs (dueDateOverridden); dueDate null returns to the document's date. The note is kept through re-syncs too.",
      },
    });
