// /people (live search), /people/:id (detail and timeline).
import type { AppContext } from "../../context";
import { formFailure, formValues, type FormBody } from "../../http/forms";
import { fragmentResponse } from "../../http/html";
import { pageRoute, redirect, renderPage } from "../../http/pages";
import { principalPlugin, type Principal } from "../../http/principal";
import { router } from "../../http/router";
import { peoplePage, peopleResults, personPage } from "../../../views/crm/pages";
import { importPage, importProgress, importUploadPage } from "../../../views/crm/import";
import { badRequest } from "../../http/errors";
import { getImport, startImport } from "./import";
import { listDeals } from "../deals/service";
import { postNote } from "./note-page";
import { createPerson, getPerson, listPeople, personJson, personTimeline, type PersonType } from "./service";

const ORG = () => pageRoute({ via: ["session"], org: true });

function results(ctx: AppContext, orgId: string, q: string) {
  const r = listPeople(ctx, orgId, { q, page: 1, limit: 100 });
  return peopleResults(r.people, r.pagination.total);
}

function list(ctx: AppContext, request: Request, p: Principal, q: string, form: { values?: Record<string, string>; errors?: Record<string, string>; message?: string } = {}, status = 200) {
  return renderPage(ctx, request, p, { title: "People", status, path: "/people", body: peoplePage({ q, results: results(ctx, p.orgId!, q), csrf: p.csrfToken!, ...form }) });
}

export const peoplePages = (ctx: AppContext) =>
  router("people-pages")
    .use(principalPlugin(ctx.principals))
    .get("/people", ({ request, principal, query }) => list(ctx, request, principal, typeof query.q === "string" ? query.q : ""), ORG())
    .get("/people/results", ({ principal, query }) => fragmentResponse(results(ctx, principal.orgId!, typeof query.q === "string" ? query.q : "")), ORG())
    .post("/people", ({ request, principal, body }) => {
      const v = formValues(body as FormBody, ["firstName", "lastName", "email", "phone", "type", "tags"]);
      try {
        const person = createPerson(ctx, principal, {
          firstName: v.firstName, lastName: v.lastName, email: v.email || null, phone: v.phone || null,
          type: (v.type || "lead") as PersonType, tags: v.tags.split(","),
        });
        return redirect(request, `/people/${person.id}`, { flash: { kind: "success", text: "Person added." } });
      } catch (e) {
        const f = formFailure(e);
        return list(ctx, request, principal, "", { values: v, errors: f.errors, message: f.message }, f.status);
      }
    }, ORG())
    .get("/people/import", ({ request, principal }) =>
      renderPage(ctx, request, principal, { title: "Import people", path: "/people", body: importUploadPage({ csrf: principal.csrfToken! }) }), ORG())
    .post("/people/import", async ({ request, principal, body }) => {
      const file = (body as { file?: unknown } | undefined)?.file;
      try {
        if (!(file instanceof Blob)) throw badRequest("Validation failed", [{ field: "file", message: "Choose a CSV file" }]);
        const id = startImport(ctx, principal, await file.text(), (file as File).name ?? null);
        return redirect(request, `/people/import/${id}`);
      } catch (e) {
        const f = formFailure(e);
        return renderPage(ctx, request, principal, { title: "Import people", status: f.status, path: "/people", body: importUploadPage({ csrf: principal.csrfToken!, message: f.errors.file ?? f.message }) });
      }
    }, ORG())
    .get("/people/import/:id", ({ request, principal, params }) =>
      renderPage(ctx, request, principal, { title: "Import", path: "/people", body: importPage(getImport(ctx, principal.orgId!, params.id)) }), ORG())
    .get("/people/import/:id/progress", ({ principal, params }) => fragmentResponse(importProgress(getImport(ctx, principal.orgId!, params.id))), ORG())
    .get("/people/:id", ({ request, principal, params }) => {
      const person = personJson(getPerson(ctx, principal.orgId!, params.id));
      const deals = listDeals(ctx, principal.orgId!, { personId: params.id, page: 1, limit: 100 }).deals;
      return renderPage(ctx, request, principal, {
        title: person.name, path: "/people",
        body: personPage({ person, deals, activities: personTimeline(ctx, principal.orgId!, params.id), csrf: principal.csrfToken! }),
      });
    }, ORG())
    .post("/people/:id/notes", ({ request, principal, params, body }) => postNote(ctx, request, principal, { personId: params.id }, body as FormBody), ORG());
