import { router } from "../../http/router";
import pkg from "../../../package.json";
import type { AppContext } from "../../context";
import { envelope, requestInfo } from "../../http/shapes";
import { Liveness, PlatformHealth, PlatformUnhealthy } from "./model";
import { checkHealth, databaseReachable } from "./service";

export const healthRoutes = (ctx: AppContext) =>
  router("health")
    .get(
      "/health",
      ({ status }) => {
        // Only the database check: load balancers poll this, so no memory or system figures.
        const up = databaseReachable(ctx.db);
        const body = { status: up ? "healthy" as const : "unhealthy" as const, database: up ? "connected" as const : "disconnected" as const, version: pkg.version, uptimeSeconds: Math.floor(process.uptime()) };
        return up ? body : status(503, body);
      },
      {
        response: { 200: Liveness, 503: Liveness },
        detail: { tags: ["Health"], summary: "Liveness and database check", description: "200 when the database answers `SELECT 1`, 503 otherwise." },
      },
    )
    .get(
      "/api/v1/health",
      ({ request, status }) => {
        const { uptimeSeconds: _, ...data } = checkHealth(ctx.db, ctx.clock);
        if (data.status === "healthy") return envelope(request, 200, "System status retrieved", data);
        return status(503, {
          success: false as const,
          statusCode: 503,
          message: "System unhealthy",
          data,
          requestInfo: requestInfo(request),
        });
      },
      {
        response: { 200: PlatformHealth, 503: PlatformUnhealthy },
        detail: { tags: ["Health"], summary: "System status (platform envelope)", description: "Uptime, timestamp, database via `SELECT 1`, memory and system, as morpheus-voice-api.md shows it." },
      },
    );
