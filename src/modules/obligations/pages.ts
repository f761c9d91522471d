// Obligation pages (list, calendar, iCalendar feed). Scaffold: helper fills.
import type { AppContext } from "../../context";
import { router } from "../../http/router";

export const obligationPages = (ctx: AppContext) => { void ctx; return router("obligation-pages"); };
