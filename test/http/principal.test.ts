// The principal plugin: resolvers decide who is calling, routes declare what they need, and
// refusals come out in the family's shape. Later issues add resolvers; this test adds one.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { errorPlugin, unauthorized } from "../../src/http/errors";
import { principalPlugin, type Principal } from "../../src/http/principal";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    configure: (ctx) => {
      ctx.principals.add((req) => {
        const h = req.headers.get("x-test-user");
        if (!h) return null;
        if (h === "expired") throw unauthorized("Token expired");
        return { kind: "api_token", userId: "u1", orgId: h === "no-org" ? null : "org1", scopes: h === "scoped" ? ["snapshots:read"] : undefined } satisfies Principal;
      });
    },
    build: (ctx) =>
      new Elysia()
        .use(errorPlugin(ctx.logger))
        .use(principalPlugin(ctx.principals))
        .get("/api/whoami", ({ principal }) => principal, { auth: true })
        .get("/api/v1/whoami", ({ principal }) => principal, { auth: { org: true } })
        .get("/v1/snap", ({ principal }) => principal, { auth: { scopes: ["snapshots:read"] } })
        .get("/v1/loops", ({ principal }) => principal, { auth: { scopes: ["loops:run"] } })
        .get("/api/sessions-only", () => "ok", { auth: { via: ["session"] } })
        .get("/api/open", () => "open"),
  });
});
afterAll(() => app.stop());

const as = (who: string) => ({ headers: { "X-Test-User": who } });

test("anonymous callers reach undeclared routes but not guarded ones", async () => {
  expect(await (await app.fetch("/api/open")).text()).toBe("open");
  const res = await app.fetch("/api/whoami");
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({ error: "Unauthorized" });
});

test("a recognised credential becomes the route's principal", async () => {
  const res = await app.fetch("/api/whoami", as("alice"));
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ kind: "api_token", userId: "u1", orgId: "org1" });
});

test("a bad credential is refused with the resolver's message in the family's shape", async () => {
  const res = await app.fetch("/api/v1/whoami", as("expired"));
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ success: false, statusCode: 401, message: "Token expired" });
});

test("organization membership, scopes and credential kinds are enforced", async () => {
  expect((await app.fetch("/api/v1/whoami", as("no-org"))).status).toBe(403);
  expect((await app.fetch("/v1/snap", as("scoped"))).status).toBe(200);
  const missing = await app.fetch("/v1/loops", as("scoped"));
  expect(missing.status).toBe(403);
  expect(await missing.json()).toEqual({ statusCode: 403, message: "Missing required scope: loops:run" });
  expect((await app.fetch("/api/sessions-only", as("alice"))).status).toBe(401);
});
