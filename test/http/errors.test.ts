// Every URL family renders validation failures, unknown routes, auth failures and unexpected
// exceptions in its own shape. Unknown routes are checked against the real app; validation,
// auth and exceptions against the real error plugin with one probe route per family.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Elysia, t } from "elysia";
import { createApp } from "../../src/app";
import { errorPlugin, HttpError, unauthorized } from "../../src/http/errors";
import { startTestApp, type TestApp } from "../support/app";

const PREFIX = {
  platform: "/api/v1/probe",
  app: "/api/probe",
  public: "/api/public/probe",
  machine: "/v1/probe",
  oauth: "/oauth/probe",
  mcp: "/mcp/probe",
  webhooks: "/webhooks/probe",
  pages: "/probe",
} as const;

const Body = t.Object({ email: t.String({ format: "email" }), count: t.Number() });

function probeApp(ctx: Parameters<typeof createApp>[0]) {
  let app = new Elysia().use(errorPlugin(ctx.logger));
  for (const prefix of Object.values(PREFIX)) {
    app = app
      .post(`${prefix}/validate`, ({ body }) => body, { body: Body })
      .get(`${prefix}/boom`, () => {
        throw new Error("database exploded at /secret/path");
      })
      .get(`${prefix}/auth`, () => {
        throw unauthorized();
      })
      .get(`${prefix}/conflict`, () => {
        throw new HttpError(409, "cannot_void", "envelope is already completed");
      }) as unknown as typeof app;
  }
  return app;
}

let real: TestApp;
let probe: TestApp;
beforeAll(async () => {
  real = await startTestApp();
  probe = await startTestApp({ build: probeApp });
});
afterAll(async () => {
  await real.stop();
  await probe.stop();
});

const badBody = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "not-an-email", count: "x" }) };

describe("validation failures", () => {
  test("platform: envelope with errors[{field,message}] and requestInfo", async () => {
    const res = await probe.fetch(`${PREFIX.platform}/validate`, badBody);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ success: false, statusCode: 400, message: "Validation failed", data: null });
    expect(body.requestInfo).toEqual({ url: "/api/v1/probe/validate", method: "POST", ip: "127.0.0.1" });
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["count", "email"]);
    for (const e of body.errors) expect(e.message.length).toBeGreaterThan(3);
  });

  test("app and webhooks: { error, message, issues }", async () => {
    for (const p of [PREFIX.app, PREFIX.webhooks]) {
      const res = await probe.fetch(`${p}/validate`, badBody);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error).toBe("validation_failed");
      expect(body.message).toBe("Validation failed");
      expect(body.issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(["count", "email"]);
    }
  });

  test("public: app shape for 400 (only 404 is gone)", async () => {
    const res = await probe.fetch(`${PREFIX.public}/validate`, badBody);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe("validation_failed");
  });

  test("machine: { statusCode, message }", async () => {
    const res = await probe.fetch(`${PREFIX.machine}/validate`, badBody);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ statusCode: 400, message: "Validation failed" });
  });

  test("oauth: RFC 6749 invalid_request", async () => {
    const res = await probe.fetch(`${PREFIX.oauth}/validate`, badBody);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid_request", error_description: "Validation failed" });
  });

  test("mcp: JSON-RPC invalid params", async () => {
    const res = await probe.fetch(`${PREFIX.mcp}/validate`, badBody);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32602, message: "Validation failed" } });
  });

  test("pages: an HTML error page", async () => {
    const res = await probe.fetch(`${PREFIX.pages}/validate`, badBody);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("That request was not valid");
  });

  test("malformed JSON is a 400 in the family's shape", async () => {
    const init = { method: "POST", headers: { "Content-Type": "application/json" }, body: "{nope" };
    const platform = await probe.fetch(`${PREFIX.platform}/validate`, init);
    expect(platform.status).toBe(400);
    expect(await platform.json()).toMatchObject({ success: false, statusCode: 400 });
    const machine = await probe.fetch(`${PREFIX.machine}/validate`, init);
    expect(await machine.json()).toEqual({ statusCode: 400, message: "Malformed request body" });
  });
});

describe("unknown routes in the real app", () => {
  test.each([
    ["/api/v1/unknown-route", { success: false, statusCode: 404, message: "Resource not found!!", data: null, requestInfo: { url: "/api/v1/unknown-route", method: "GET", ip: "127.0.0.1" } }],
    ["/api/unknown", { error: "not_found", message: "No route for GET /api/unknown" }],
    ["/api/public/sign/some-token", { state: "gone" }],
    ["/api/public/clickwrap/agr_x", { state: "gone" }],
    ["/v1/unknown", { statusCode: 404, message: "No route for GET /v1/unknown" }],
    ["/oauth/unknown", { error: "invalid_request", error_description: "No route for GET /oauth/unknown" }],
    ["/mcp/unknown", { jsonrpc: "2.0", id: null, error: { code: -32601, message: "No route for GET /mcp/unknown" } }],
    ["/webhooks/unknown", { error: "not_found", message: "No route for GET /webhooks/unknown" }],
  ])("%s", async (path, expected) => {
    const res = await real.fetch(path);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(expected as never);
  });

  test("pages: an HTML 404 with the layout and the request id", async () => {
    const res = await real.fetch("/no-such-page");
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).toContain("Page not found");
    expect(text).toContain(res.headers.get("x-request-id")!);
    expect(text).toContain("<nav>");
  });

  test("a public 404 never echoes the token", async () => {
    const res = await real.fetch("/api/public/sign/secret-token-value");
    expect(await res.text()).not.toContain("secret-token-value");
  });
});

describe("auth failures", () => {
  test.each([
    [PREFIX.platform, { success: false, statusCode: 401, message: "Unauthorized", data: null }],
    [PREFIX.app, { error: "Unauthorized" }],
    [PREFIX.machine, { statusCode: 401, message: "Unauthorized" }],
    [PREFIX.oauth, { error: "invalid_client", error_description: "Unauthorized" }],
  ])("%s", async (prefix, expected) => {
    const res = await probe.fetch(`${prefix}/auth`);
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body).toMatchObject(expected);
    if (prefix === PREFIX.app) expect(body).toEqual({ error: "Unauthorized" });
  });

  test("mcp 401 carries WWW-Authenticate", async () => {
    const res = await probe.fetch(`${PREFIX.mcp}/auth`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });

  test("app family domain errors keep their code", async () => {
    const res = await probe.fetch(`${PREFIX.app}/conflict`);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "cannot_void", message: "envelope is already completed" });
  });
});

describe("unexpected exceptions", () => {
  test.each(Object.entries(PREFIX))("%s: 500 without a stack, logged with the request id", async (family, prefix) => {
    const res = await probe.fetch(`${prefix}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    const id = res.headers.get("x-request-id")!;
    expect(id).toBeTruthy();
    expect(text).not.toContain("exploded");
    expect(text).not.toContain("/secret/path");
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    if (family === "pages") expect(text).toContain(id);
    const logged = probe.logs.find((l) => l.msg === "unhandled exception" && l.requestId === id);
    expect(logged).toBeDefined();
    expect(String(logged!.stack)).toContain("database exploded");
  });
});
