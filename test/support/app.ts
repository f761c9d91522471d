// Starts the real app in-process on a random loopback port with a fresh temporary DATA_DIR
// and a settable clock. Each test gets its own; stop() removes everything it made.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../../src/app";
import { parseConfig } from "../../src/config";
import { createContext, type AppContext } from "../../src/context";
import { ManualClock } from "../../src/lib/clock";
import { startServer } from "../../src/server";

export interface TestApp {
  url: string;
  ctx: AppContext;
  clock: ManualClock;
  dataDir: string;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  rawLogs: string[];
  fetch(pathname: string, init?: RequestInit): Promise<Response>;
  /** Stops the server and closes the database; removes DATA_DIR unless keepData. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: ManualClock;
  /** Runs before the app is built, e.g. to add a principal resolver. */
  configure?: (ctx: AppContext) => void;
  /** Reuse a DATA_DIR (a restart); by default each app gets a fresh one. */
  dataDir?: string;
  /** Builds a different app on the same context (tests of the cross-cutting plugins). */
  build?: (ctx: AppContext) => { fetch: (r: Request) => Response | Promise<Response> };
}

export function tempDir(prefix = "winnerr-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = opts.dataDir ?? tempDir();
  const clock = opts.clock ?? new ManualClock("2026-06-25T10:00:00.000Z");
  const rawLogs: string[] = [];
  const config = parseConfig({ DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "debug", ...opts.env });
  const ctx = await createContext(config, { clock, logSink: (l) => rawLogs.push(l) });
  opts.configure?.(ctx);
  const app = opts.build ? opts.build(ctx) : createApp(ctx);
  const running = startServer(app as ReturnType<typeof createApp>, ctx, { port: 0, hostname: "127.0.0.1" });
  const url = `http://127.0.0.1:${running.server.port}`;
  return {
    url,
    ctx,
    clock,
    dataDir,
    rawLogs,
    get logs() {
      return rawLogs.map((l) => JSON.parse(l));
    },
    fetch: (pathname, init) => fetch(url + pathname, { redirect: "manual", ...init }),
    async stop({ keepData = false } = {}) {
      await running.stop(1000);
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
