import { afterEach, beforeEach, expect, test } from "bun:test";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(() => app.stop());

test("GET /health answers a small JSON body", async () => {
  const res = await app.fetch("/health");
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body).toEqual({ status: "healthy", database: "connected", version: expect.any(String), uptimeSeconds: expect.any(Number) });
});

test("GET /api/v1/health has the platform document's shape", async () => {
  const res = await app.fetch("/api/v1/health");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = await res.json();
  expect(body).toEqual({
    success: true,
    status: 200,
    message: "System status retrieved",
    data: {
      status: "healthy",
      uptime: expect.stringMatching(/^(\d+d )?(\d+h )?(\d+m )?\d+s$/),
      timestamp: "2026-06-25T10:00:00.000Z", // from the injected clock
      database: "connected",
      memory: {
        rss: expect.stringMatching(/^\d+\.\d MB$/),
        heapTotal: expect.stringMatching(/^\d+\.\d MB$/),
        heapUsed: expect.stringMatching(/^\d+\.\d MB$/),
      },
      system: { platform: process.platform, nodeVersion: expect.stringMatching(/^v\d+/), pid: process.pid, loadAvg: expect.any(Array) },
    },
    requestInfo: { url: "/api/v1/health", ip: "127.0.0.1", method: "GET" },
  });
  expect(body.data.system.loadAvg).toHaveLength(3);
});

test("a failing database check gives 503 unhealthy on both routes", async () => {
  app.ctx.db.reader.close(); // what a broken or vanished database looks like to SELECT 1
  const small = await app.fetch("/health");
  expect(small.status).toBe(503);
  expect(await small.json()).toMatchObject({ status: "unhealthy", database: "disconnected" });

  const full = await app.fetch("/api/v1/health");
  expect(full.status).toBe(503);
  expect(await full.json()).toMatchObject({
    success: false,
    statusCode: 503,
    data: { status: "unhealthy", database: "disconnected" },
    requestInfo: { url: "/api/v1/health", method: "GET" },
  });
});

test("every response carries a request id; a proxy's sane id is kept", async () => {
  const a = await app.fetch("/health");
  expect(a.headers.get("x-request-id")).toMatch(/^req_[0-9a-z]{16}$/);
  const b = await app.fetch("/health", { headers: { "X-Request-Id": "edge-1234abcd" } });
  expect(b.headers.get("x-request-id")).toBe("edge-1234abcd");
  const c = await app.fetch("/health", { headers: { "X-Request-Id": "<bad id>" } });
  expect(c.headers.get("x-request-id")).toMatch(/^req_/);
});
