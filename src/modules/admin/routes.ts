// /api/v1/admin: platform administrators only (403 in the envelope otherwise).
import { t } from "elysia";
import { router } from "../../http/router";
import type { AppContext } from "../../context";
import { principalPlugin } from "../../http/principal";
import { envelope, Int, pageParams, PlatformEnvelope, PlatformError } from "../../http/shapes";
import { PageQuery, Pagination } from "../identity/model";
import { listCustomers, systemHealth } from "./service";

const tags = ["Admin"];
const errors = { 400: PlatformError, 401: PlatformError, 403: PlatformError };

const CustomerList = PlatformEnvelope(t.Object({
  customers: t.Array(t.Object({ id: t.String(), companyName: t.String(), status: t.String(), createdAt: t.String() })),
  pagination: Pagination,
}));

const SystemHealth = PlatformEnvelope(t.Object({
  health: t.Object({
    status: t.String(), database: t.String(), timestamp: t.String(), uptime: t.String(),
    memory: t.Object({ rss: t.String(), heapTotal: t.String(), heapUsed: t.String() }),
    sqlite: t.Object({ version: t.String(), vecVersion: t.String(), file: t.String() }),
    counts: t.Object({ users: Int(), organizations: Int(), sessions: Int(), outbox: Int() }),
    mail: t.String(),
  }),
}));

export const adminRoutes = (ctx: AppContext) =>
  router("admin", "/api/v1/admin")
    .use(principalPlugin(ctx.principals))
    .get("/customers", ({ query, request }) =>
      envelope(request, 200, "Customers retrieved successfully", listCustomers(ctx, pageParams(query, 10))), {
      auth: { platformAdmin: true },
      query: PageQuery,
      response: { 200: CustomerList, ...errors },
      detail: { tags, summary: "Every organization on the appliance" },
    })
    .get("/system/health", ({ request }) => envelope(request, 200, "System health check passed", systemHealth(ctx)), {
      auth: { platformAdmin: true },
      response: { 200: SystemHealth, ...errors },
      detail: { tags, summary: "Deep health: SQLite, counts, mail transport" },
    });
