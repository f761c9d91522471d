// /api/documents/search. Scaffold: helper fills.
import type { AppContext } from "../../context";
import { router } from "../../http/router";

export const searchRoutes = (ctx: AppContext) => { void ctx; return router("search", "/api/documents"); };
