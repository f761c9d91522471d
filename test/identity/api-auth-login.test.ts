// POST /api/v1/auth/login (shape, lastLoginAt, throttling), access-token lifetime and
// GET /api/v1/auth/profile.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  call, expectPlatformError, expectPlatformOk, login, MINUTE, PASSWORD, register, registerOwner, startHarness, uniqueEmail,
  type Harness,
} from "./api-helpers";

const LOGIN = "/api/v1/auth/login";
const PROFILE = "/api/v1/auth/profile";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

describe("POST /auth/login", () => {
  test("200 with data.auth.user and data.auth.tokens as documented", async () => {
    const owner = await registerOwner(h);
    const r = await call(h.app, "POST", LOGIN, { body: { email: owner.email, password: PASSWORD } });
    const data = expectPlatformOk(r, 200, "Login successful", "POST", LOGIN);
    expect(data.auth.user).toMatchObject({
      id: owner.id,
      email: owner.email,
      name: owner.name,
      customerId: owner.orgId,
      role: "owner",
      status: "active",
      provider: "local",
      emailVerified: true,
      needsOnboarding: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(data.auth.user).not.toHaveProperty("passwordHash");
    expect(data.auth.user).not.toHaveProperty("password");
    expect(data.auth.tokens).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    const profile = await call(h.app, "GET", PROFILE, { token: data.auth.tokens.accessToken });
    expect(profile.status).toBe(200);
    expect(profile.body.data.id).toBe(owner.id);
  });

  test("a successful login updates lastLoginAt", async () => {
    const acc = await register(h);
    const before = await call(h.app, "GET", PROFILE, { token: acc.accessToken });
    expect(before.body.data.lastLoginAt).toBeNull();
    h.app.clock.advance(MINUTE);
    const at = h.app.clock.now().toISOString();
    const tokens = await login(h, acc.email);
    const after = await call(h.app, "GET", PROFILE, { token: tokens.accessToken });
    expect(after.body.data.lastLoginAt).toBe(at);
  });

  test("a wrong password and an unknown email get the same 401 answer", async () => {
    const acc = await register(h);
    const wrongPassword = await call(h.app, "POST", LOGIN, { body: { email: acc.email, password: "WrongPassword123!" } });
    const unknownEmail = await call(h.app, "POST", LOGIN, { body: { email: uniqueEmail("nobody"), password: PASSWORD } });
    const a = expectPlatformError(wrongPassword, 401, "POST", LOGIN);
    const b = expectPlatformError(unknownEmail, 401, "POST", LOGIN);
    expect(a.message).toBe(b.message);
    expect(a.errors).toEqual(b.errors);
    expect(wrongPassword.headers.get("retry-after")).toBeNull();
  });
});

describe("login throttling", () => {
  test("after 5 failures one account gets 429 with Retry-After, even with the right password, until the window passes", async () => {
    const acc = await register(h);
    for (let i = 0; i < 5; i++) {
      const r = await call(h.app, "POST", LOGIN, { body: { email: acc.email, password: `WrongPassword${i}!!` } });
      expect(r.status).toBe(401);
    }
    const blocked = await call(h.app, "POST", LOGIN, { body: { email: acc.email, password: PASSWORD } });
    expectPlatformError(blocked, 429, "POST", LOGIN);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(blocked.body.data).toBeNull();

    h.app.clock.advance(16 * MINUTE);
    const again = await call(h.app, "POST", LOGIN, { body: { email: acc.email, password: PASSWORD } });
    expect(again.status).toBe(200);
  });

  test("30 failures across different accounts from one address block that address (429)", async () => {
    const own = await startHarness();
    try {
      const victim = await register(own);
      for (let i = 0; i < 30; i++) {
        const r = await call(own.app, "POST", LOGIN, { body: { email: uniqueEmail("spray"), password: "WrongPassword123!" } });
        expect(r.status).toBe(401);
      }
      const blocked = await call(own.app, "POST", LOGIN, { body: { email: victim.email, password: PASSWORD } });
      expectPlatformError(blocked, 429, "POST", LOGIN);
      expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await own.stop();
    }
  });
});

describe("access token lifetime", () => {
  test("an access token works for 15 minutes, then is a 401 'Token expired'", async () => {
    const acc = await register(h);
    h.app.clock.advance(14 * MINUTE);
    expect((await call(h.app, "GET", PROFILE, { token: acc.accessToken })).status).toBe(200);
    h.app.clock.advance(2 * MINUTE);
    const r = await call(h.app, "GET", PROFILE, { token: acc.accessToken });
    const body = expectPlatformError(r, 401, "GET", PROFILE);
    expect(body.message).toBe("Token expired");
  });
});

describe("GET /auth/profile", () => {
  test("returns the documented profile fields without secrets", async () => {
    const owner = await registerOwner(h);
    const r = await call(h.app, "GET", PROFILE, { token: owner.accessToken });
    const data = expectPlatformOk(r, 200, "Profile retrieved successfully", "GET", PROFILE);
    expect(data).toMatchObject({
      id: owner.id,
      email: owner.email,
      name: owner.name,
      customerId: owner.orgId,
      role: "owner",
      status: "active",
      provider: "local",
      providerId: null,
      emailVerified: true,
      deletedAt: null,
    });
    for (const k of ["lastLoginAt", "createdAt", "updatedAt"]) expect(data).toHaveProperty(k);
    expect(data).not.toHaveProperty("passwordHash");
    expect(data).not.toHaveProperty("password");
  });

  test("without a token: 401 envelope", async () => {
    const r = await call(h.app, "GET", PROFILE);
    expectPlatformError(r, 401, "GET", PROFILE);
  });

  test("with a garbage token: 401 envelope", async () => {
    const r = await call(h.app, "GET", PROFILE, { token: "not.a.jwt" });
    const body = expectPlatformError(r, 401, "GET", PROFILE);
    expect(body.message).not.toBe("Token expired");
  });

  test("a token signed by someone else is refused (401)", async () => {
    const acc = await register(h);
    const [head, payload] = acc.accessToken.split(".");
    const forged = `${head}.${payload}.${Buffer.from("forged-signature").toString("base64url")}`;
    const r = await call(h.app, "GET", PROFILE, { token: forged });
    expectPlatformError(r, 401, "GET", PROFILE);
  });
});
