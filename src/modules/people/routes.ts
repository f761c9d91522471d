// /api/people (app family): the organization's contacts.
import { t } from "elysia";
import type { AppContext } from "../../context";
import { principalPlugin } from "../../http/principal";
import { router } from "../../http/router";
import { pageParams } from "../../http/shapes";
import { activityJson } from "./activity";
import { Activity, appErrors, IdParams, NoteBody, Pagination, PeopleQuery, Person, PersonBody, PersonPatch } from "./model";
import { createPerson, deletePerson, getPerson, listPeople, personJson, personTimeline, updatePerson } from "./service";
import { addNote } from "../deals/service";

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
