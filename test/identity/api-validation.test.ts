// Invalid input on every identity route: a 400 platform envelope whose errors name each bad
// field, and nothing written. (request-verification's and register/complete's own cases are in
// api-auth-register.test.ts.)
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  call, count, expectValidationError, inviteAndAccept, makePlatformAdmin, register, registerOwner, startHarness, uniqueEmail,
  userRow, type Account, type Harness,
} from "./api-helpers";

let h: Harness;
let owner: Account;
let member: Account;
beforeAll(async () => {
  h = await startHarness();
  owner = await registerOwner(h);
  member = await inviteAndAccept(h, owner);
});
afterAll(async () => {
  await h.stop();
});

/** A fingerprint of every identity table, to show a refused request wrote nothing. */
function snapshot() {
  const db = h.app.ctx.db.reader;
  return {
    users: db.query("SELECT * FROM users ORDER BY id").all(),
    orgs: db.query("SELECT * FROM organizations ORDER BY id").all(),
    refresh: db.query("SELECT count(*) AS n FROM refresh_tokens").get(),
  };
}

describe("validation failures", () => {
  test("POST /auth/login with a bad email and no password names both fields", async () => {
    const r = await call(h.app, "POST", "/api/v1/auth/login", { body: { email: "nope" } });
    const body = expectValidationError(r, "POST", "/api/v1/auth/login", "email");
    expect(body.errors).toContainEqual({ field: "password", message: expect.any(String) });
  });

  test("POST /auth/register/complete without a name or token names them and creates nothing", async () => {
    const before = snapshot();
    const r = await call(h.app, "POST", "/api/v1/auth/register/complete", { body: { password: "SecurePassword123!" } });
    const body = expectValidationError(r, "POST", "/api/v1/auth/register/complete", "token");
    expect(body.errors.map((e: { field: string }) => e.field)).toContain("name");
    expect(snapshot()).toEqual(before);
  });

  test("POST /auth/refresh without a refresh token names it and issues nothing", async () => {
    const before = snapshot();
    const r = await call(h.app, "POST", "/api/v1/auth/refresh", { body: {} });
    expectValidationError(r, "POST", "/api/v1/auth/refresh", "refreshToken");
    expect(snapshot()).toEqual(before);
  });

  test("POST /customers/onboard without a company name or with a bad phone creates no organization", async () => {
    const acc = await register(h);
    const before = snapshot();
    const r = await call(h.app, "POST", "/api/v1/customers/onboard", { token: acc.accessToken, body: { phone: "12345" } });
    const body = expectValidationError(r, "POST", "/api/v1/customers/onboard", "companyName");
    expect(body.errors.map((e: { field: string }) => e.field)).toContain("phone");
    expect(snapshot()).toEqual(before);
    expect(userRow(h.app, acc.email)).toMatchObject({ organization_id: null, needs_onboarding: 1 });
  });

  test("PATCH /customers/me with a bad avatar or phone changes nothing, not even the valid fields", async () => {
    const before = snapshot();
    const a = await call(h.app, "PATCH", "/api/v1/customers/me", { token: owner.accessToken, body: { companyName: "Half Applied", avatar: "not a url" } });
    expectValidationError(a, "PATCH", "/api/v1/customers/me", "avatar");
    const p = await call(h.app, "PATCH", "/api/v1/customers/me", { token: owner.accessToken, body: { companyName: "Half Applied", phone: "555" } });
    expectValidationError(p, "PATCH", "/api/v1/customers/me", "phone");
    expect(snapshot()).toEqual(before);
  });

  test.each([["a string", "dark"], ["a number", 5], ["an array", ["dark"]]])(
    "PATCH /customers/me with settings that are %s (not a JSON object) is a 400 and keeps the stored settings",
    async (_kind, settings) => {
      const stored = { theme: "light" };
      expect((await call(h.app, "PATCH", "/api/v1/customers/me", { token: owner.accessToken, body: { settings: stored } })).status).toBe(200);
      const before = snapshot();
      const r = await call(h.app, "PATCH", "/api/v1/customers/me", { token: owner.accessToken, body: { settings } });
      expectValidationError(r, "PATCH", "/api/v1/customers/me", "settings");
      expect(snapshot()).toEqual(before);
      const me = await call(h.app, "GET", "/api/v1/customers/me", { token: owner.accessToken });
      expect(me.body.data.settings).toEqual(stored);
    },
  );

  test("GET /users with page=0 names the page field", async () => {
    const r = await call(h.app, "GET", "/api/v1/users?page=0", { token: owner.accessToken });
    expectValidationError(r, "GET", "/api/v1/users", "page");
  });

  test("GET /users with limit=1000 names the limit field", async () => {
    const r = await call(h.app, "GET", "/api/v1/users?limit=1000", { token: owner.accessToken });
    expectValidationError(r, "GET", "/api/v1/users", "limit");
  });

  test("GET /users with both page and limit bad names both fields", async () => {
    const r = await call(h.app, "GET", "/api/v1/users?page=0&limit=1000", { token: owner.accessToken });
    const body = expectValidationError(r, "GET", "/api/v1/users", "page");
    expect(body.errors.map((e: { field: string }) => e.field)).toContain("limit");
  });

  test("POST /users with a bad email, no name and an unknown role adds no user and sends no mail", async () => {
    const before = snapshot();
    const mails = h.smtp.messages.length;
    const r = await call(h.app, "POST", "/api/v1/users", { token: owner.accessToken, body: { email: "bob-at-example", role: "superuser" } });
    const body = expectValidationError(r, "POST", "/api/v1/users", "email");
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain("name");
    expect(fields).toContain("role");
    expect(snapshot()).toEqual(before);
    expect(h.smtp.messages.length).toBe(mails);
  });

  test("POST /users with a valid email but an unknown role leaves no user row", async () => {
    const email = uniqueEmail("bad-role");
    const r = await call(h.app, "POST", "/api/v1/users", { token: owner.accessToken, body: { email, name: "Bad Role", role: "superuser" } });
    expectValidationError(r, "POST", "/api/v1/users", "role");
    expect(userRow(h.app, email)).toBeNull();
  });

  test("PATCH /users/:id with an unknown role, an unknown status or nothing changes nothing", async () => {
    const path = `/api/v1/users/${member.id}`;
    const before = snapshot();
    expectValidationError(await call(h.app, "PATCH", path, { token: owner.accessToken, body: { role: "superuser" } }), "PATCH", path, "role");
    expectValidationError(await call(h.app, "PATCH", path, { token: owner.accessToken, body: { status: "banned" } }), "PATCH", path, "status");
    const empty = await call(h.app, "PATCH", path, { token: owner.accessToken, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.length).toBeGreaterThan(0);
    expect(snapshot()).toEqual(before);
  });

  test("GET /admin/customers with limit=1000 names the limit field", async () => {
    const admin = await register(h);
    makePlatformAdmin(h, admin.email);
    const r = await call(h.app, "GET", "/api/v1/admin/customers?limit=1000", { token: admin.accessToken });
    expectValidationError(r, "GET", "/api/v1/admin/customers", "limit");
  });

  test("control: the same invite with valid fields is accepted and does change the fingerprint", async () => {
    const before = snapshot();
    const r = await call(h.app, "POST", "/api/v1/users", { token: owner.accessToken, body: { email: uniqueEmail("ok"), name: "Ok" } });
    expect(r.status).toBe(201);
    expect(snapshot()).not.toEqual(before);
    expect(count(h.app, "SELECT count(*) AS n FROM users WHERE id = ?", [r.body.data.id])).toBe(1);
  });
});
