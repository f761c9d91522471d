// The floor for bench/http.ts: the least a Bun server can do to answer /health the way Winnerr does
// (same SQLite pragmas, a real `SELECT 1`, the same JSON body), with no framework, no per-request
// log line and no extra headers. The app's distance from this is what the framework and our wrapper cost.
// Usage: bun bench/floor-server.ts [PORT] [DATA_DIR]   (or env PORT, DATA_DIR; HOST defaults to 127.0.0.1)
import { Database } from "bun:sqlite";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pkg from "../package.json";

const port = Number(process.argv[2] ?? process.env.PORT ?? 0);
const dir = process.argv[3] ?? process.env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "winnerr-floor-"));

const db = new Database(path.join(dir, "floor.db"), { create: true, strict: true });
// The same pragmas, in the same order, as src/db/client.ts.
db.run("PRAGMA busy_timeout = 5000");
db.run("PRAGMA journal_mode = WAL");
db.run("PRAGMA synchronous = FULL");
const select1 = db.query("SELECT 1 AS ok"); // prepared once, as the app's cached db.reader.query is

const server = Bun.serve({
  port,
  hostname: process.env.HOST ?? "127.0.0.1",
  development: false,
  fetch(req) {
    if (req.method !== "GET" || new URL(req.url).pathname !== "/health") return new Response("Not found", { status: 404 });
    const connected = (select1.get() as { ok: number } | null)?.ok === 1;
    const body = {
      status: connected ? "healthy" : "unhealthy",
      database: connected ? "connected" : "disconnected",
      version: pkg.version,
      uptimeSeconds: Math.floor(process.uptime()),
    };
    return Response.json(body, { status: connected ? 200 : 503 });
  },
});

process.once("SIGTERM", () => {
  server.stop(true);
  db.close();
  process.exit(0);
});
