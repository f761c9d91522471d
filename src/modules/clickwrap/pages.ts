// Clickwrap pages (/consent/:agreementId, settings). Scaffold: helper fills.
import type { AppContext } from "../../context";
import { router } from "../../http/router";

export const clickwrapPages = (ctx: AppContext) => { void ctx; return router("clickwrap-pages"); };
