// /api/people (app family): the organization's contacts.
import { t } from "elysia";
import type { AppContext } from "../../context";
import { principalPlugin } from "../../http/principal";
import { router } from "../../http/router";
import { appErrors, pageParams } from "../../http/shapes";
import { activityJson } from "./activity";
import { Activity, IdParams, ImportStatus, NoteBody, Pagination, PeopleQuery, Person, PersonBody, PersonPatch } from "./model";
import { createPerson, deletePerson, getPerson, listPeople, personJson, personTimeline, updatePerson } from "./service";
import { addNote } from "../deals/service";
import { getImport, IMPORT_MAX_BYTES, startImport } from "./import";

const tags = ["People"];

export const peopleRoutes = (ctx: AppContext) =>
  router("people", "/api/people")
    .use(principalPlugin(ctx.principals))
    .get("/", ({ query, principal }) =>
      listPeople(ctx, principal.orgId!, { ...query, ...pageParams(query, 25) }), {
      auth: { org: true },
      query: PeopleQuery,
      response: { 200: t.Object({ people: t.Array(Person), pagination: Pagination }), ...appErrors(400, 401, 403) },
      detail: { tags, summary: "List people", description: "Search by name, email or phone (q); filter by type and tag; page pagination." },
    })
    .post("/", ({ body, principal, set }) => {
      set.status = 201;
      return { person: personJson(createPerson(ctx, principal, body)) };
    }, {
      auth: { org: true },
      body: PersonBody,
      response: { 201: t.Object({ person: Person }), ...appErrors(400, 401, 403, 409) },
      detail: { tags, summary: "Create a person", description: "409 duplicate_person when another person of the organization has the same email or phone." },
    })
    .post("/import", ({ body, principal, set, query }) => {
      set.status = 202;
      return getImport(ctx, principal.orgId!, startImport(ctx, principal, body, query.fileName ?? null));
    }, {
      auth: { org: true },
      parse: "text",
      body: t.String({ maxLength: IMPORT_MAX_BYTES, description: "The CSV file itself (Content-Type: text/csv)" }),
      query: t.Object({ fileName: t.Optional(t.String({ maxLength: 200 })) }),
      response: { 202: ImportStatus, ...appErrors(400, 401, 403) },
      detail: { tags, summary: "Import people from CSV", description: "A malformed file is refused whole (400, nothing imported). Otherwise 202 with the import; poll GET /api/people/import/:id for progress and the per-row report." },
    })
    .get("/import/:id", ({ params, principal }) => getImport(ctx, principal.orgId!, params.id), {
      auth: { org: true },
      params: IdParams,
      response: { 200: ImportStatus, ...appErrors(401, 403, 404) },
      detail: { tags, summary: "An import's progress and per-row report" },
    })
    .get("/:id", ({ params, principal }) => ({ person: personJson(getPerson(ctx, principal.orgId!, params.id)) }), {
      auth: { org: true },
      params: IdParams,
      response: { 200: t.Object({ person: Person }), ...appErrors(401, 403, 404) },
      detail: { tags, summary: "Get a person" },
    })
    .patch("/:id", ({ params, body, principal }) => ({ person: personJson(updatePerson(ctx, principal, params.id, body)) }), {
      auth: { org: true },
      params: IdParams,
      body: PersonPatch,
      response: { 200: t.Object({ person: Person }), ...appErrors(400, 401, 403, 404, 409) },
      detail: { tags, summary: "Update a person (partial)" },
    })
    .delete("/:id", ({ params, principal }) => {
      deletePerson(ctx, principal, params.id);
      return { deleted: true as const };
    }, {
      auth: { org: true },
      params: IdParams,
      response: { 200: t.Object({ deleted: t.Literal(true) }), ...appErrors(401, 403, 404) },
      detail: { tags, summary: "Delete a person", description: "Soft delete: deals and timelines keep their history." },
    })
    .get("/:id/timeline", ({ params, principal }) => ({ activities: personTimeline(ctx, principal.orgId!, params.id).map(activityJson) }), {
      auth: { org: true },
      params: IdParams,
      response: { 200: t.Object({ activities: t.Array(Activity) }), ...appErrors(401, 403, 404) },
      detail: { tags, summary: "The person's timeline, newest first (their deals' activity included)" },
    })
    .post("/:id/notes", ({ params, body, principal, set }) => {
      set.status = 201;
      return { id: addNote(ctx, principal, { personId: params.id }, body.body) };
    }, {
      auth: { org: true },
      params: IdParams,
      body: NoteBody,
      response: { 201: t.Object({ id: t.String() }), ...appErrors(400, 401, 403, 404) },
      detail: { tags, summary: "Add a note to the person's timeline" },
    });
