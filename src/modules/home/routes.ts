import { router } from "../../http/router";
import type { AppContext } from "../../context";
import { fragmentResponse } from "../../http/html";
import { optionalPrincipal, renderPage, pageRoute } from "../../http/pages";
import { checkHealth } from "../health/service";
import { homePage, statusPartial } from "../../../views/home";


export const homeRoutes = (ctx: AppContext) =>
  router("home")
    .get("/", async ({ request }) =>
      renderPage(ctx, request, await optionalPrincipal(ctx, request), { title: "Home", body: homePage(), path: "/" }), pageRoute())
    .get("/partials/status", () => fragmentResponse(statusPartial(checkHealth(ctx.db, ctx.clock))), pageRoute());
