// /onboarding and /settings/organization.
import { router } from "../../http/router";
import type { AppContext } from "../../context";
import { formFailure, formValues, type FormBody } from "../../http/forms";
import { redirect, renderPage, pageRoute } from "../../http/pages";
import { principalPlugin, ROLE_RANK, type Principal, type Role } from "../../http/principal";
import { metaOf } from "../../http/request-meta";
import { onboardingPage, organizationPage } from "../../../views/settings/pages";
import { getOrganization, onboard, updateOrganization } from "./service";

const blankToNull = (s: string) => (s.trim() ? s.trim() : null);

function orgPage(ctx: AppContext, request: Request, p: Principal, state: { values?: Record<string, string>; errors?: Record<string, string>; message?: string }, status = 200) {
  const org = getOrganization(ctx, p.orgId!);
  return renderPage(ctx, request, p, {
    title: "Organization", status,
    body: organizationPage({ ...state, csrf: p.csrfToken!, org, canEdit: ROLE_RANK[p.role as Role] >= ROLE_RANK.admin, yourIp: metaOf(request).ip }),
  });
}

export const orgPages = (ctx: AppContext) =>
  router("org-pages")
    .use(principalPlugin(ctx.principals))
    .get("/onboarding", ({ request, principal }) =>
      principal.orgId ? redirect(request, "/") : renderPage(ctx, request, principal, { title: "Set up your brokerage", body: onboardingPage({ csrf: principal.csrfToken! }) }),
      pageRoute({ via: ["session"] }))
    .post("/onboarding", ({ request, principal, body }) => {
      const v = formValues(body as FormBody, ["companyName", "phone", "description"]);
      try {
        onboard(ctx, principal, { companyName: v.companyName, phone: blankToNull(v.phone) ?? undefined, description: blankToNull(v.description) ?? undefined });
        return redirect(request, "/settings/team", { flash: { kind: "success", text: `${v.companyName.trim()} is ready. Invite your team.` } });
      } catch (e) {
        const f = formFailure(e);
        return renderPage(ctx, request, principal, { title: "Set up your brokerage", status: f.status, body: onboardingPage({ csrf: principal.csrfToken!, values: v, errors: f.errors, message: f.message }) });
      }
    }, pageRoute({ via: ["session"] }))
    .get("/settings/organization", ({ request, principal }) => orgPage(ctx, request, principal, {}), pageRoute({ via: ["session"], org: true }))
    .post("/settings/organization", ({ request, principal, body }) => {
      const v = formValues(body as FormBody, ["companyName", "phone", "description", "allowedIps"]);
      try {
        const allowedIps = v.allowedIps.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
        updateOrganization(ctx, principal.orgId!, {
          companyName: v.companyName, phone: blankToNull(v.phone), description: blankToNull(v.description), allowedIps: allowedIps.length ? allowedIps : null,
        }, metaOf(request).ip);
        return redirect(request, "/settings/organization", { flash: { kind: "success", text: "Organization saved." } });
      } catch (e) {
        const f = formFailure(e);
        const errors = Object.fromEntries(Object.entries(f.errors).map(([k, m]) => [k.startsWith("allowedIps") ? "allowedIps" : k, m]));
        return orgPage(ctx, request, principal, { values: v, errors, message: f.message }, f.status);
      }
    }, pageRoute({ via: ["session"], role: "admin" }));
