// Graceful stop: requests in flight when the stop begins still get their answer, new
// connections are refused, and the WAL is checkpointed before the database closes.
import { expect, test } from "bun:test";
import { Elysia } from "elysia";
import { existsSync, rmSync, statSync } from "node:fs";
import { errorPlugin } from "../../src/http/errors";
import { startTestApp } from "../support/app";

test("an in-flight request finishes during stop; the WAL is checkpointed", async () => {
  const app = await startTestApp({
    build: (ctx) =>
      new Elysia().use(errorPlugin(ctx.logger)).get("/api/slow", async () => {
        await Bun.sleep(400);
        return { done: true };
      }),
  });
  app.ctx.db.writer.run("CREATE TABLE t (x)");
  app.ctx.db.writer.run("INSERT INTO t VALUES (1)");
  const wal = app.ctx.db.file + "-wal";
  expect(statSync(wal).size).toBeGreaterThan(0);

  const inFlight = app.fetch("/api/slow");
  await Bun.sleep(50);
  const t0 = performance.now();
  const stopped = app.stop({ keepData: true });
  const res = await inFlight;
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ done: true });
  await stopped;
  expect(performance.now() - t0).toBeLessThan(5000);
  expect(existsSync(app.ctx.db.file)).toBe(true);
  expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  rmSync(app.dataDir, { recursive: true, force: true });
});
