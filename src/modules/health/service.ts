// Is the appliance working? Uptime, a real `SELECT 1` against the database, memory and system.
import os from "node:os";
import type { Db } from "../../db/client";
import type { Clock } from "../../lib/clock";
import { formatMegabytes, formatUptime } from "../../lib/format";

export interface HealthReport {
  status: "healthy" | "unhealthy";
  uptime: string;
  uptimeSeconds: number;
  timestamp: string;
  database: "connected" | "disconnected";
  memory: { rss: string; heapTotal: string; heapUsed: string };
  system: { platform: string; nodeVersion: string; pid: number; loadAvg: number[] };
}

export function databaseReachable(db: Db): boolean {
  try {
    const row = db.reader.query("SELECT 1 AS ok").get() as { ok: number } | null;
    return row?.ok === 1;
  } catch {
    return false;
  }
}

export function checkHealth(db: Db, clock: Clock): HealthReport {
  const connected = databaseReachable(db);
  const mem = process.memoryUsage();
  const uptimeSeconds = Math.floor(process.uptime());
  return {
    status: connected ? "healthy" : "unhealthy",
    uptime: formatUptime(uptimeSeconds),
    uptimeSeconds,
    timestamp: clock.now().toISOString(),
    database: connected ? "connected" : "disconnected",
    memory: { rss: formatMegabytes(mem.rss), heapTotal: formatMegabytes(mem.heapTotal), heapUsed: formatMegabytes(mem.heapUsed) },
    system: { platform: process.platform, nodeVersion: process.version, pid: process.pid, loadAvg: os.loadavg().map((n) => Math.round(n * 100) / 100) },
  };
}
