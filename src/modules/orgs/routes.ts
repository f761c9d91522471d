// /api/v1/customers: onboarding and the organization's own profile.
import { router } from "../../http/router";
import type { AppContext } from "../../context";
import { principalPlugin } from "../../http/principal";
import { metaOf } from "../../http/request-meta";
import { envelope, PlatformError } from "../../http/shapes";
import { CustomerPatch, CustomerResponse, OnboardBody, OnboardResponse } from "./model";
import { customerJson, getOrganization, onboard, updateOrganization } from "./service";

const tags = ["Customers"];
const errors = { 400: PlatformError, 401: PlatformError, 403: PlatformError, 404: PlatformError };

export const orgRoutes = (ctx: AppContext) =>
  router("customers", "/api/v1/customers")
    .use(principalPlugin(ctx.principals))
    .post("/onboard", ({ body, request, principal, set }) => {
      const data = onboard(ctx, principal, body);
      set.status = 201;
      return envelope(request, 201, "Customer onboarded successfully", data);
    }, {
      auth: true,
      body: OnboardBody,
      response: { 201: OnboardResponse, ...errors, 409: PlatformError },
      detail: { tags, summary: "Create the user's organization and make them its owner" },
    })
    .get("/me", ({ request, principal }) =>
      envelope(request, 200, "Customer details retrieved", customerJson(getOrganization(ctx, principal.orgId!))), {
      auth: { org: true },
      response: { 200: CustomerResponse, ...errors },
      detail: { tags, summary: "The caller's organization" },
    })
    .patch("/me", ({ body, request, principal }) =>
      envelope(request, 200, "Customer details updated", customerJson(updateOrganization(ctx, principal.orgId!, body, metaOf(request).ip))), {
      auth: { role: "admin" },
      body: CustomerPatch,
      response: { 200: CustomerResponse, ...errors },
      detail: { tags, summary: "Update the organization (owner or admin)", description: "Partial update. allowedIps (addresses or CIDRs) must include the caller's own address." },
    });
