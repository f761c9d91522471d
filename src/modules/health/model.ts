import { t } from "elysia";
import { Int, PlatformEnvelope, PlatformError } from "../../http/shapes";

export const Liveness = t.Object(
  {
    status: t.Union([t.Literal("healthy"), t.Literal("unhealthy")]),
    database: t.Union([t.Literal("connected"), t.Literal("disconnected")]),
    version: t.String(),
    uptimeSeconds: Int(),
  },
  { description: "Small health body for load balancers and the Docker HEALTHCHECK" },
);

export const HealthData = t.Object({
  status: t.Union([t.Literal("healthy"), t.Literal("unhealthy")]),
  uptime: t.String({ examples: ["2d 4h 12m 30s"] }),
  timestamp: t.String({ format: "date-time" }),
  database: t.Union([t.Literal("connected"), t.Literal("disconnected")]),
  memory: t.Object({ rss: t.String(), heapTotal: t.String(), heapUsed: t.String() }),
  system: t.Object({ platform: t.String(), nodeVersion: t.String(), pid: Int(), loadAvg: t.Array(t.Number()) }),
});

export const PlatformHealth = PlatformEnvelope(HealthData);

/** 503: the platform error envelope, with the report in data so a monitor sees what failed. */
export const PlatformUnhealthy = t.Composite([t.Omit(PlatformError, ["data"]), t.Object({ data: HealthData })]);
