// Serves the app: wraps every request to give it an id, a client address and one log line,
// adds security headers, runs SQLite maintenance on a timer, and stops gracefully.
import { PAGE_CSP } from "./http/csp";
import type { Server } from "bun";
import type { App } from "./app";
import type { AppContext } from "./context";
import { redactUrl } from "./http/redact";
import { attachMeta } from "./http/request-meta";
import { HOUR, MINUTE } from "./lib/clock";
import { failInterruptedImports } from "./modules/people/import";
import { startObligationWorker } from "./modules/obligations/digest";
import { stopSearch } from "./modules/search/runner";

export interface RunningServer {
  server: Server<unknown>;
  url: string;
  /** Finishes in-flight requests (at most graceMs), checkpoints the WAL, closes the database. */
  stop(graceMs?: number): Promise<void>;
}

function withHeaders(res: Response, requestId: string): Response {
  let out = res;
  try {
    out.headers.set("X-Request-Id", requestId);
  } catch {
    out = new Response(res.body, res); // immutable headers (a fetched response): copy first
    out.headers.set("X-Request-Id", requestId);
  }
  const h = out.headers;
  h.set("X-Content-Type-Options", "nosniff");
  h.set("Referrer-Policy", "same-origin");
  if (h.get("content-type")?.startsWith("text/html") && !h.has("content-security-policy")) {
    h.set("Content-Security-Policy", PAGE_CSP);
  }
  return out;
}

export function startServer(app: App, ctx: AppContext, opts: { port?: number; hostname?: string } = {}): RunningServer {
  const { logger, db } = ctx;
  const handle = app.fetch;
  let inFlight = 0;

  const server = Bun.serve({
    port: opts.port ?? ctx.config.port,
    hostname: opts.hostname ?? ctx.config.host,
    development: false,
    async fetch(request, srv) {
      const meta = attachMeta(request, srv, ctx.config.trustedProxies);
      inFlight++;
      let status = 500;
      try {
        const res = withHeaders(await handle(request), meta.id);
        status = res.status;
        return res;
      } finally {
        inFlight--;
        // One line per request. Never headers (Authorization, Cookie); the path is redacted.
        if (logger.enabled("info")) logger.info("request", {
          requestId: meta.id,
          method: request.method,
          path: redactUrl(new URL(request.url)),
          status,
          ms: Math.round((performance.now() - meta.startedAt) * 100) / 100,
        });
      }
    },
    error(err) {
      // Only reached if the wrapper itself throws; the error plugin handles everything else.
      logger.error("server error", { error: err.message, stack: err.stack });
      return new Response("Internal server error", { status: 500 });
    },
  });

  // Work an earlier process left: imports it was running, events it committed but did not dispatch.
  failInterruptedImports(ctx);
  ctx.events.start();
  ctx.webhooks.start(); // and deliveries left pending by an earlier process
  ctx.signatures.start(MINUTE); // expiry, reminders, and sealing left pending by an earlier process
  const stopObligations = startObligationWorker(ctx); // the daily digest, every 5 minutes
  const timers = [
    setInterval(() => safely(() => db.checkpoint(), "wal checkpoint"), 5 * MINUTE),
    setInterval(() => safely(() => db.optimize(), "optimize"), HOUR),
  ];
  for (const t of timers) t.unref();

  function safely(fn: () => void, what: string) {
    try {
      fn();
    } catch (e) {
      logger.warn(`${what} failed`, { error: (e as Error).message });
    }
  }

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 4000) =>
    (stopping ??= (async () => {
      for (const t of timers) clearInterval(t);
      ctx.events.stop();
      ctx.webhooks.stop();
      ctx.signatures.stop();
      const obligationsStopped = stopObligations();
      // stop(false) refuses new connections and resolves when in-flight requests have finished.
      const graceful = server.stop(false);
      const deadline = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceMs).unref());
      if ((await Promise.race([graceful, deadline])) === "timeout") {
        logger.warn("requests still in flight at shutdown deadline; closing them", { inFlight });
        await server.stop(true);
      }
      await ctx.events.idle();
      await ctx.webhooks.idle();
      await ctx.signatures.idle();
      await obligationsStopped;
      await stopSearch(ctx); // the embedding runner: abandons a gateway call in flight
      safely(() => db.checkpoint(), "final wal checkpoint");
      db.close();
    })());

  return { server, url: `http://${server.hostname === "0.0.0.0" ? "localhost" : server.hostname}:${server.port}`, stop };
}
