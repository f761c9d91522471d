// /admin/outbox: the mail kept when no SMTP server is configured (platform admins only).
import { router } from "../../http/router";
import type { AppContext } from "../../context";
import { renderPage, pageRoute } from "../../http/pages";
import { principalPlugin } from "../../http/principal";
import { outboxPage } from "../../../views/settings/pages";
import { listOutbox } from "./service";

export const adminPages = (ctx: AppContext) =>
  router("admin-pages")
    .use(principalPlugin(ctx.principals))
    .get("/admin/outbox", ({ request, principal }) =>
      renderPage(ctx, request, principal, { title: "Outbox", body: outboxPage({ messages: listOutbox(ctx), transport: ctx.mailer.transport }) }),
      pageRoute({ via: ["session"], platformAdmin: true }));
