// /settings/team (list, invite, change role, remove) and /invite/:token (accept).
import { router } from "../../http/router";
import type { AppContext } from "../../context";
import { formFailure, formValue, formValues, type FormBody } from "../../http/forms";
import { redirect, renderPage, pageRoute } from "../../http/pages";
import { principalPlugin, ROLE_RANK, type Principal, type Role } from "../../http/principal";
import { acceptInvitePage, teamPage } from "../../../views/settings/pages";
import { linkProblemPage } from "../../../views/auth/pages";
import { signIn } from "../identity/pages";
import { getOrganization } from "../orgs/service";
import { acceptInvitation, changeMember, invitedUser, inviteMember, listMembers, removeMember } from "./service";


function team(ctx: AppContext, request: Request, p: Principal, state: { values?: Record<string, string>; errors?: Record<string, string>; message?: string } = {}, status = 200) {
  const { users } = listMembers(ctx, p.orgId!, { page: 1, limit: 100 });
  return renderPage(ctx, request, p, {
    title: "Team", status, path: "/settings/team",
    body: teamPage({ ...state, csrf: p.csrfToken!, members: users, canManage: ROLE_RANK[p.role as Role] >= ROLE_RANK.admin, youId: p.userId! }),
  });
}

/** Runs a team change and comes back to the team page, with the outcome as a flash. */
function teamAction(ctx: AppContext, request: Request, p: Principal, action: () => unknown, done: string) {
  try {
    action();
    return redirect(request, "/settings/team", { flash: { kind: "success", text: done } });
  } catch (e) {
    const f = formFailure(e);
    return redirect(request, "/settings/team", { flash: { kind: "error", text: f.message ?? Object.values(f.errors)[0] ?? "That change was refused" } });
  }
}

export const userPages = (ctx: AppContext) =>
  router("user-pages")
    .use(principalPlugin(ctx.principals))
    .get("/settings/team", ({ request, principal }) => team(ctx, request, principal), pageRoute({ via: ["session"], org: true }))
    .post("/settings/team/invite", async ({ request, principal, body }) => {
      const v = formValues(body as FormBody, ["name", "email", "role"]);
      try {
        const u = await inviteMember(ctx, principal, { name: v.name, email: v.email, role: (v.role || "member") as Role });
        return redirect(request, "/settings/team", { flash: { kind: "success", text: `Invitation sent to ${u.email}.` } });
      } catch (e) {
        const f = formFailure(e);
        return team(ctx, request, principal, { values: v, errors: f.errors, message: f.message }, f.status);
      }
    }, pageRoute({ via: ["session"], role: "admin" }))
    .post("/settings/team/:id/role", ({ request, principal, params, body }) =>
      teamAction(ctx, request, principal, () => changeMember(ctx, principal, params.id, { role: formValue(body as FormBody, "role") as Role }), "Role changed."), pageRoute({ via: ["session"], role: "admin" }))
    .post("/settings/team/:id/remove", ({ request, principal, params }) =>
      teamAction(ctx, request, principal, () => removeMember(ctx, principal, params.id), "User removed."), pageRoute({ via: ["session"], role: "admin" }))
    .get("/invite/:token", async ({ request, params }) => {
      try {
        const u = await invitedUser(ctx, params.token);
        const org = getOrganization(ctx, u.organizationId!);
        return renderPage(ctx, request, undefined, { title: "Join", body: acceptInvitePage({ token: params.token, email: u.email, company: org.companyName, name: u.name }) });
      } catch (e) {
        const f = formFailure(e);
        return renderPage(ctx, request, undefined, { title: "Invitation", status: 400, body: linkProblemPage("This invitation does not work", f.message ?? "", { href: "/login", label: "Sign in" }) });
      }
    }, pageRoute())
    .post("/invite/:token", async ({ request, params, body }) => {
      const v = formValues(body as FormBody, ["name", "password"]);
      try {
        const user = await acceptInvitation(ctx, params.token, v);
        return signIn(ctx, request, user);
      } catch (e) {
        const f = formFailure(e);
        const u = await invitedUser(ctx, params.token).catch(() => undefined);
        if (!u) return renderPage(ctx, request, undefined, { title: "Invitation", status: 400, body: linkProblemPage("This invitation does not work", f.message ?? "", { href: "/login", label: "Sign in" }) });
        const org = getOrganization(ctx, u.organizationId!);
        return renderPage(ctx, request, undefined, { title: "Join", status: f.status, body: acceptInvitePage({ token: params.token, email: u.email, company: org.companyName, name: u.name, values: v, errors: f.errors, message: f.message }) });
      }
    }, pageRoute());
