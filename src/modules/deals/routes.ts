// /api/deals (app family): deals through the pipeline, their stage history, timeline and checklist.
import { t } from "elysia";
import type { AppContext } from "../../context";
import { principalPlugin } from "../../http/principal";
import { router } from "../../http/router";
import { appErrors, pageParams } from "../../http/shapes";
import { activityJson } from "../people/activity";
import { IdParams, NoteBody } from "../people/model";
import { Activity, Deal, DealBody, DealDetail, DealPatch, DealsQuery, History, Pagination, StageBody, Task, TaskBody, TaskPatch } from "./model";
import {
  addNote, addTask, changeStage, createDeal, dealJson, dealTasksOf, dealTimeline, getDeal, listDeals, setTaskDone, stageHistory, updateDeal,
} from "./service";

const tags = ["Deals"];
const detail = (ctx: AppContext, orgId: string, id: string) => ({ deal: dealJson(ctx, getDeal(ctx, orgId, id)), tasks: dealTasksOf(ctx, orgId, id) });

export const dealRoutes = (ctx: AppContext) =>
  router("deals", "/api/deals")
    .use(principalPlugin(ctx.principals))
    .get("/", ({ query, principal }) => listDeals(ctx, principal.orgId!, { ...query, ...pageParams(query, 25) }), {
      auth: { org: true },
      query: DealsQuery,
      response: { 200: t.Object({ deals: t.Array(Deal), pagination: Pagination }), ...appErrors(400, 401, 403) },
      detail: { tags, summary: "List deals", description: "Filter by stage, kind, agent, party (personId) or text (title, address)." },
    })
    .post("/", ({ body, principal, set }) => {
      const deal = createDeal(ctx, principal, body);
      set.status = 201;
      return detail(ctx, principal.orgId!, deal.id);
    }, {
      auth: { org: true },
      body: DealBody,
      response: { 201: DealDetail, ...appErrors(400, 401, 403) },
      detail: { tags, summary: "Create a deal", description: "Parties must be people of your organization; the agent an active user of it (default: you)." },
    })
    .get("/:id", ({ params, principal }) => detail(ctx, principal.orgId!, params.id), {
      auth: { org: true },
      params: IdParams,
      response: { 200: DealDetail, ...appErrors(401, 403, 404) },
      detail: { tags, summary: "Get a deal with its parties and checklist" },
    })
    .patch("/:id", ({ params, body, principal }) => {
      updateDeal(ctx, principal, params.id, body);
      return detail(ctx, principal.orgId!, params.id);
    }, {
      auth: { org: true },
      params: IdParams,
      body: DealPatch,
      response: { 200: DealDetail, ...appErrors(400, 401, 403, 404) },
      detail: { tags, summary: "Update a deal (partial; parties, when given, replace the list)" },
    })
    .post("/:id/stage", ({ params, body, principal }) => {
      changeStage(ctx, principal, params.id, body.stage, body.reason);
      return detail(ctx, principal.orgId!, params.id);
    }, {
      auth: { org: true },
      params: IdParams,
      body: StageBody,
      response: { 200: DealDetail, ...appErrors(400, 401, 403, 404) },
      detail: { tags, summary: "Move the deal to a stage", description: "Kept in the stage history and timeline; emits DEAL_STAGE_CHANGED. Becoming firm spawns the closing checklist." },
    })
    .get("/:id/history", ({ params, principal }) => ({ history: stageHistory(ctx, principal.orgId!, params.id) }), {
      auth: { org: true },
      params: IdParams,
      response: { 200: t.Object({ history: History }), ...appErrors(401, 403, 404) },
      detail: { tags, summary: "Stage history, oldest first" },
    })
    .get("/:id/timeline", ({ params, principal }) => ({ activities: dealTimeline(ctx, principal.orgId!, params.id).map(activityJson) }), {
      auth: { org: true },
      params: IdParams,
      response: { 200: t.Object({ activities: t.Array(Activity) }), ...appErrors(401, 403, 404) },
      detail: { tags, summary: "The deal's timeline, newest first" },
    })
    .post("/:id/notes", ({ params, body, principal, set }) => {
      set.status = 201;
      return { id: addNote(ctx, principal, { dealId: params.id }, body.body) };
    }, {
      auth: { org: true },
      params: IdParams,
      body: NoteBody,
      response: { 201: t.Object({ id: t.String() }), ...appErrors(400, 401, 403, 404) },
      detail: { tags, summary: "Add a note to the deal's timeline" },
    })
    .post("/:id/tasks", ({ params, body, principal, set }) => {
      addTask(ctx, principal, params.id, body);
      set.status = 201;
      return { tasks: dealTasksOf(ctx, principal.orgId!, params.id) };
    }, {
      auth: { org: true },
      params: IdParams,
      body: TaskBody,
      response: { 201: t.Object({ tasks: t.Array(Task) }), ...appErrors(400, 401, 403, 404) },
      detail: { tags, summary: "Add a checklist task" },
    })
    .patch("/:id/tasks/:taskId", ({ params, body, principal }) => {
      setTaskDone(ctx, principal, params.id, params.taskId, body.done);
      return { tasks: dealTasksOf(ctx, principal.orgId!, params.id) };
    }, {
      auth: { org: true },
      params: t.Object({ id: t.String({ maxLength: 64 }), taskId: t.String({ maxLength: 64 }) }),
      body: TaskPatch,
      response: { 200: t.Object({ tasks: t.Array(Task) }), ...appErrors(400, 401, 403, 404) },
      detail: { tags, summary: "Mark a checklist task done or not done" },
    });
