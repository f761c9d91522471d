// /deals (the pipeline board: moving a deal is one htmx request), /deals/new, /deals/:id.
import type { AppContext } from "../../context";
import type { DealStage } from "../../db/schema";
import { formFailure, formValue, formValues, type FormBody } from "../../http/forms";
import { fragmentResponse } from "../../http/html";
import { pageRoute, redirect, renderPage } from "../../http/pages";
import { principalPlugin, type Principal } from "../../http/principal";
import { router } from "../../http/router";
import { parseDollars } from "../../lib/money";
import { board, boardPage, checklist, dealPage, newDealPage, STAGES, type DealCard } from "../../../views/crm/pages";
import { listPeople } from "../people/service";
import { postNote } from "../people/note-page";
import { listDocuments } from "../documents/service";
import { changeStage, createDeal, dealJson, dealTasksOf, dealTimeline, getDeal, listDeals, setTaskDone, type PartyRole } from "./service";

const ORG = () => pageRoute({ via: ["session"], org: true });

function columns(ctx: AppContext, orgId: string): Record<string, DealCard[]> {
  const out: Record<string, DealCard[]> = Object.fromEntries(STAGES.map((s) => [s, []]));
  // The board shows every deal; a brokerage's open pipeline is small enough for one page.
  for (let page = 1; ; page++) {
    const r = listDeals(ctx, orgId, { page, limit: 100 });
    for (const d of r.deals) out[d.stage].push(d);
    if (page >= r.pagination.totalPages) break;
  }
  return out;
}

function newDealForm(ctx: AppContext, request: Request, p: Principal, form: { values?: Record<string, string>; errors?: Record<string, string>; message?: string } = {}, status = 200) {
  const people = listPeople(ctx, p.orgId!, { page: 1, limit: 100 }).people;
  return renderPage(ctx, request, p, { title: "New deal", status, path: "/deals", body: newDealPage({ csrf: p.csrfToken!, people, ...form }) });
}

export const dealPages = (ctx: AppContext) =>
  router("deal-pages")
    .use(principalPlugin(ctx.principals))
    .get("/deals", ({ request, principal }) =>
      renderPage(ctx, request, principal, { title: "Pipeline", body: boardPage({ columns: columns(ctx, principal.orgId!), csrf: principal.csrfToken! }) }), ORG())
    .get("/deals/new", ({ request, principal }) => newDealForm(ctx, request, principal), ORG())
    .post("/deals", ({ request, principal, body }) => {
      const v = formValues(body as FormBody, ["kind", "street", "unit", "city", "province", "amount", "personId", "role"]);
      const amountCents = v.amount.trim() ? parseDollars(v.amount) : null;
      if (v.amount.trim() && amountCents === null) return newDealForm(ctx, request, principal, { values: v, errors: { amount: "Enter an amount like 899000 or 3,200.50" } }, 400);
      const errors: Record<string, string> = {};
      if (!v.street.trim()) errors.street = "Street is required";
      if (!v.city.trim()) errors.city = "City is required";
      if (!/^[A-Za-z]{2}$/.test(v.province.trim())) errors.province = "Two-letter province code, e.g. ON";
      if (Object.keys(errors).length) return newDealForm(ctx, request, principal, { values: v, errors }, 400);
      try {
        const deal = createDeal(ctx, principal, {
          kind: (["purchase", "sale", "lease"].includes(v.kind) ? v.kind : "purchase") as "purchase",
          address: { street: v.street.trim(), unit: v.unit.trim() || undefined, city: v.city.trim(), province: v.province.trim().toUpperCase() },
          amountCents,
          parties: v.personId ? [{ personId: v.personId, role: v.role as PartyRole }] : [],
        });
        return redirect(request, `/deals/${deal.id}`, { flash: { kind: "success", text: "Deal created." } });
      } catch (e) {
        const f = formFailure(e);
        return newDealForm(ctx, request, principal, { values: v, errors: f.errors, message: f.message ?? "Check the highlighted fields" }, f.status);
      }
    }, ORG())
    .get("/deals/:id", ({ request, principal, params }) => {
      const orgId = principal.orgId!;
      const d = dealJson(ctx, getDeal(ctx, orgId, params.id));
      const a = d.address;
      return renderPage(ctx, request, principal, {
        title: d.title, path: "/deals",
        body: dealPage({
          deal: { ...d, address: `${a.unit ? `${a.unit}-` : ""}${a.street}, ${a.city}, ${a.province}${a.postalCode ? ` ${a.postalCode}` : ""}` },
          tasks: dealTasksOf(ctx, orgId, params.id), activities: dealTimeline(ctx, orgId, params.id), csrf: principal.csrfToken!,
          documents: listDocuments(ctx, orgId, { dealId: params.id, page: 1, limit: 50 }).rows,
        }),
      });
    }, ORG())
    .post("/deals/:id/stage", ({ request, principal, params, body }) => {
      changeStage(ctx, principal, params.id, formValue(body as FormBody, "stage") as DealStage);
      // From the board, htmx swaps the board; from the deal page, a plain form reloads it.
      if (request.headers.get("hx-request") === "true") return fragmentResponse(board(columns(ctx, principal.orgId!), principal.csrfToken!));
      return redirect(request, `/deals/${params.id}`, { flash: { kind: "success", text: "Stage changed." } });
    }, ORG())
    .post("/deals/:id/tasks/:taskId", ({ principal, params, body }) => {
      setTaskDone(ctx, principal, params.id, params.taskId, formValue(body as FormBody, "done") === "true");
      return fragmentResponse(checklist(params.id, dealTasksOf(ctx, principal.orgId!, params.id)));
    }, ORG())
    .post("/deals/:id/notes", ({ request, principal, params, body }) => postNote(ctx, request, principal, { dealId: params.id }, body as FormBody), ORG());
