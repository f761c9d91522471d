// /setup/:token: the first-run page the log links to.
import { router } from "../../http/router";
import type { AppContext } from "../../context";
import { notFound } from "../../http/errors";
import { formFailure, formValues, type FormBody } from "../../http/forms";
import { renderPage, pageRoute } from "../../http/pages";
import { setupPage } from "../../../views/auth/pages";
import { signIn } from "../identity/pages";
import { completeSetup, setupTokenValid } from "./service";


export const setupPages = (ctx: AppContext) =>
  router("setup-pages")
    .get("/setup/:token", ({ request, params }) => {
      if (!setupTokenValid(ctx, params.token)) throw notFound("This setup link is no longer valid");
      return renderPage(ctx, request, undefined, { title: "Set up Winnerr", body: setupPage({ token: params.token }) });
    }, pageRoute())
    .post("/setup/:token", async ({ request, params, body }) => {
      const v = formValues(body as FormBody, ["companyName", "name", "email", "password"]);
      try {
        const user = await completeSetup(ctx, params.token, v);
        ctx.logger.info("first owner created through the setup link", { userId: user.id });
        return signIn(ctx, request, user);
      } catch (e) {
        const f = formFailure(e);
        if (f.status === 409 && !setupTokenValid(ctx, params.token)) throw notFound("This setup link is no longer valid");
        return renderPage(ctx, request, undefined, { title: "Set up Winnerr", status: f.status, body: setupPage({ token: params.token, values: v, errors: f.errors, message: f.message }) });
      }
    }, pageRoute());
