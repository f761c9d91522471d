// /api/clickwrap (app family) and /api/public/clickwrap (public family). Scaffold: helper fills.
import type { AppContext } from "../../context";
import { router } from "../../http/router";

export const clickwrapRoutes = (ctx: AppContext) => { void ctx; return router("clickwrap", "/api/clickwrap"); };
export const publicClickwrapRoutes = (ctx: AppContext) => { void ctx; return router("public-clickwrap", "/api/public/clickwrap"); };
