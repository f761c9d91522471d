import { router } from "../../http/router";
import type { AppContext } from "../../context";
import { fragmentResponse } from "../../http/html";
import { optionalPrincipal, renderPage, pageRoute } from "../../http/pages";
import { checkHealth } from "../health/service";
import { homePage, statusPartial } from "../../../views/home";
import { dashboardPage } from "../../../views/crm/pages";
import { stageCounts } from "../deals/service";
import { listPeople } from "../people/service";
import { ipAllowed } from "../../lib/ip";
import { metaOf } from "../../http/request-meta";
import { dashboardObligations } from "../obligations/pages";


export const homeRoutes = (ctx: AppContext) =>
  router("home")
    .get("/", async ({ request }) => {
      const p = await optionalPrincipal(ctx, request);
      // Signed in with an organization: the dashboard. Otherwise what the appliance is.
      // (allowedIps applies here too: the dashboard shows the organization's figures.)
      if (p?.kind === "session" && p.orgId && (!p.allowedIps?.length || ipAllowed(metaOf(request).ip, p.allowedIps))) {
        const people = listPeople(ctx, p.orgId, { page: 1, limit: 1 }).pagination.total;
        return renderPage(ctx, request, p, { title: "Dashboard", path: "/", body: dashboardPage({ counts: stageCounts(ctx, p.orgId), people, obligations: dashboardObligations(ctx, p.orgId) }) });
      }
      return renderPage(ctx, request, p, { title: "Home", body: homePage(), path: "/" });
    }, pageRoute())
    .get("/partials/status", () => fragmentResponse(statusPartial(checkHealth(ctx.db, ctx.clock))), pageRoute());
