// /api/documents/obligations and obligation actions. Scaffold: helper fills.
import type { AppContext } from "../../context";
import { router } from "../../http/router";

export const obligationRoutes = (ctx: AppContext) => { void ctx; return router("obligations", "/api"); };
