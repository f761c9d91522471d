// /api/webhooks (app family): the organization's outgoing webhook subscriptions. Admins only:
// a subscription sends the organization's data to a URL of the admin's choosing.
import { t } from "elysia";
import type { AppContext } from "../../context";
import { principalPlugin } from "../../http/principal";
import { router } from "../../http/router";
import { appErrors, pageParams } from "../../http/shapes";

import { DeliveriesQuery, DeliveryList, IdParams, Webhook, WebhookBody, WebhookPatch, WithSecret } from "./model";
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, rotateSecret, updateWebhook } from "./service";

const tags = ["Webhooks"];
const auth = { role: "admin" } as const;

export const webhookRoutes = (ctx: AppContext) =>
  router("webhooks", "/api/webhooks")
    .use(principalPlugin(ctx.principals))
    .get("/", ({ principal }) => ({ webhooks: listWebhooks(ctx, principal.orgId!) }), {
      auth,
      response: { 200: t.Object({ webhooks: t.Array(Webhook) }), ...appErrors(401, 403) },
      detail: { tags, summary: "List webhook subscriptions", description: "Secrets are never listed; only their last four characters." },
    })
    .post("/", async ({ body, principal, set }) => {
      const created = await createWebhook(ctx, principal, body);
      set.status = 201;
      return created;
    }, {
      auth,
      body: WebhookBody,
      response: { 201: WithSecret, ...appErrors(400, 401, 403) },
      detail: {
        tags,
        summary: "Subscribe a URL to events",
        description:
          "The response carries the signing secret, once. The URL must resolve to public addresses only (400 otherwise) " +
          "unless the appliance sets WEBHOOKS_ALLOW_PRIVATE.",
      },
    })
    .get("/:id", ({ params, principal }) => ({ webhook: getWebhook(ctx, principal.orgId!, params.id) }), {
      auth,
      params: IdParams,
      response: { 200: t.Object({ webhook: Webhook }), ...appErrors(401, 403, 404) },
      detail: { tags, summary: "Get a webhook subscription" },
    })
    .patch("/:id", async ({ params, body, principal }) => ({ webhook: await updateWebhook(ctx, principal.orgId!, params.id, body) }), {
      auth,
      params: IdParams,
      body: WebhookPatch,
      response: { 200: t.Object({ webhook: Webhook }), ...appErrors(400, 401, 403, 404) },
      detail: { tags, summary: "Change the URL, the events, or pause and resume (active)" },
    })
    .delete("/:id", ({ params, principal }) => {
      deleteWebhook(ctx, principal.orgId!, params.id);
      return { deleted: true as const };
    }, {
      auth,
      params: IdParams,
      response: { 200: t.Object({ deleted: t.Literal(true) }), ...appErrors(401, 403, 404) },
      detail: { tags, summary: "Delete a subscription with its delivery log" },
    })
    .post("/:id/rotate-secret", ({ params, principal }) => rotateSecret(ctx, principal.orgId!, params.id), {
      auth,
      params: IdParams,
      response: { 200: WithSecret, ...appErrors(401, 403, 404) },
      detail: { tags, summary: "Replace the signing secret", description: "The new secret is in this response only; the old one stops signing at once." },
    })
    .get("/:id/deliveries", ({ params, query, principal }) =>
      listDeliveries(ctx, principal.orgId!, params.id, { ...pageParams(query, 25), status: query.status }), {
      auth,
      params: IdParams,
      query: DeliveriesQuery,
      response: { 200: DeliveryList, ...appErrors(400, 401, 403, 404) },
      detail: { tags, summary: "The delivery log: each delivery's status and its attempts with status codes, newest first" },
    });
