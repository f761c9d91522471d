import { Elysia } from "elysia";
import type { AppContext } from "../../context";
import { takeFlash } from "../../http/flash";
import { fragmentResponse, htmlResponse } from "../../http/html";
import { checkHealth } from "../health/service";
import { layout } from "../../../views/layout";
import { homePage, statusPartial } from "../../../views/home";

const PAGE = { detail: { hide: true } };

export const homeRoutes = (ctx: AppContext) =>
  new Elysia({ name: "home" })
    .get("/", ({ request }) => {
      const { flash, clear } = takeFlash(request);
      const page = layout({ title: "Home", body: homePage(), currentPath: "/", flash });
      return htmlResponse(page, clear ? { headers: { "Set-Cookie": clear } } : {});
    }, PAGE)
    .get("/partials/status", () => fragmentResponse(statusPartial(checkHealth(ctx.db, ctx.clock))), PAGE);
