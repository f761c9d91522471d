// Builds the Elysia app from the area plugins. No logic of its own: order matters only in that
// the error plugin comes first, so its global handler covers every route registered after it.
import { Elysia, type AnyElysia } from "elysia";
import type { AppContext } from "./context";
import { assetRoutes } from "./http/assets";
import { errorPlugin } from "./http/errors";
import { principalPlugin } from "./http/principal";
import { docsRoutes } from "./modules/docs/routes";
import { healthRoutes } from "./modules/health/routes";
import { homeRoutes } from "./modules/home/routes";
import { authRoutes } from "./modules/identity/routes";
import { orgRoutes } from "./modules/orgs/routes";
import { userRoutes } from "./modules/users/routes";
import { adminRoutes } from "./modules/admin/routes";
import { adminPages } from "./modules/admin/pages";
import { identityPages } from "./modules/identity/pages";
import { orgPages } from "./modules/orgs/pages";
import { userPages } from "./modules/users/pages";
import { setupPages } from "./modules/setup/pages";
import { peopleRoutes } from "./modules/people/routes";
import { dealRoutes } from "./modules/deals/routes";
import { webhookRoutes } from "./modules/webhooks/routes";
import { documentRoutes } from "./modules/documents/routes";
import { documentPages } from "./modules/documents/pages";
import { publicSignRoutes, signatureRoutes } from "./modules/signatures/routes";
import { signPages } from "./modules/signatures/pages";
import { senderPages } from "./modules/signatures/sender-pages";
import { clickwrapRoutes, publicClickwrapRoutes } from "./modules/clickwrap/routes";
import { clickwrapPages } from "./modules/clickwrap/pages";
import { obligationRoutes } from "./modules/obligations/routes";
import { obligationPages } from "./modules/obligations/pages";
import { searchRoutes } from "./modules/search/routes";
import { webhookPages } from "./modules/webhooks/pages";
import { peoplePages } from "./modules/people/pages";
import { dealPages } from "./modules/deals/pages";

export function createApp(ctx: AppContext) {
  const app = new Elysia({ normalize: "typebox" })
    .use(errorPlugin(ctx.logger))
    .use(principalPlugin(ctx.principals))
    .use(docsRoutes(ctx.config.publicUrl))
    .use(assetRoutes);
  // The areas in registration order. A list rather than one long .use() chain: the chain's type
  // grows with every plugin until TypeScript gives up ("excessively deep"), and nothing reads the
  // app's route types (there is no typed client).
  const areas: AnyElysia[] = [
    healthRoutes(ctx), homeRoutes(ctx), authRoutes(ctx), orgRoutes(ctx), userRoutes(ctx), adminRoutes(ctx),
    identityPages(ctx), orgPages(ctx), userPages(ctx), adminPages(ctx), setupPages(ctx),
    peopleRoutes(ctx), dealRoutes(ctx), webhookRoutes(ctx),
    // Static /api/documents/obligations and /search before the documents' /:id routes.
    obligationRoutes(ctx), searchRoutes(ctx), documentRoutes(ctx),
    clickwrapRoutes(ctx), publicClickwrapRoutes(ctx), signatureRoutes(ctx), publicSignRoutes(ctx),
    webhookPages(ctx), peoplePages(ctx), dealPages(ctx), documentPages(ctx), signPages(ctx), senderPages(ctx),
    clickwrapPages(ctx), obligationPages(ctx),
  ];
  for (const area of areas) app.use(area);
  return app;
}

export type App = ReturnType<typeof createApp>;
