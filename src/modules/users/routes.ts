// /api/v1/users: the organization's team.
import { router } from "../../http/router";
import type { AppContext } from "../../context";
import { principalPlugin } from "../../http/principal";
import { envelope, pageParams, PlatformError } from "../../http/shapes";
import { PageQuery } from "../identity/model";
import { IdParams, InviteBody, Invited, MemberList, MemberPatch, MemberPatched, Removed } from "./model";
import { changeMember, inviteMember, listMembers, removeMember } from "./service";

const tags = ["Users"];
const errors = { 400: PlatformError, 401: PlatformError, 403: PlatformError, 404: PlatformError };

export const userRoutes = (ctx: AppContext) =>
  router("users", "/api/v1/users")
    .use(principalPlugin(ctx.principals))
    .get("/", ({ query, request, principal }) =>
      envelope(request, 200, "Users retrieved successfully", listMembers(ctx, principal.orgId!, pageParams(query, 10))), {
      auth: { org: true },
      query: PageQuery,
      response: { 200: MemberList, ...errors },
      detail: { tags, summary: "List the organization's users (paginated)" },
    })
    .post("/", async ({ body, request, principal, set }) => {
      const data = await inviteMember(ctx, principal, { ...body, role: body.role ?? "member" });
      set.status = 201;
      return envelope(request, 201, "User invited successfully", data);
    }, {
      auth: { role: "admin" },
      body: InviteBody,
      response: { 201: Invited, ...errors, 409: PlatformError },
      detail: { tags, summary: "Invite a user (status invited; an accept link is mailed)" },
    })
    .patch("/:id", ({ params, body, request, principal }) =>
      envelope(request, 200, "User role updated successfully", changeMember(ctx, principal, params.id, body)), {
      auth: { role: "admin" },
      params: IdParams,
      body: MemberPatch,
      response: { 200: MemberPatched, ...errors, 409: PlatformError },
      detail: { tags, summary: "Change a user's role (or status)", description: "Needs a role at least the target's and the new one; the last owner cannot be demoted or disabled." },
    })
    .delete("/:id", ({ params, request, principal }) =>
      envelope(request, 200, "User removed successfully", removeMember(ctx, principal, params.id)), {
      auth: { role: "admin" },
      params: IdParams,
      response: { 200: Removed, ...errors, 409: PlatformError },
      detail: { tags, summary: "Remove a user (soft delete; their tokens and sessions stop working)" },
    });
