// POST /api/v1/auth/register/request-verification and /register/complete, as the platform
// document's Auth section describes them, driven through the real SMTP mails.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  call, count, expectPlatformError, expectPlatformOk, expectValidationError, HOUR, PASSWORD, register, startHarness,
  uniqueEmail, userRow, verificationToken, type Harness,
} from "./api-helpers";

const REQUEST = "/api/v1/auth/register/request-verification";
const COMPLETE = "/api/v1/auth/register/complete";
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

describe("POST /auth/register/request-verification", () => {
  test("answers 200 with exactly the documented body and mails a verification link", async () => {
    const email = uniqueEmail("verify");
    const r = await call(h.app, "POST", REQUEST, { body: { email } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      success: true,
      status: 200,
      message: "Verification email sent. Please check your inbox.",
      data: { verification: { email, expiresIn: "24 hours" } },
      requestInfo: { url: REQUEST, ip: "127.0.0.1", method: "POST" },
    });
    const mail = await h.smtp.waitFor(email);
    expect(mail.text).toContain("http://winnerr.test/verify?token=");
  });

  test("an invalid email is a 400 envelope with errors [{ field: email, message: Invalid email format }]", async () => {
    const before = h.smtp.messages.length;
    const r = await call(h.app, "POST", REQUEST, { body: { email: "not-an-email" } });
    const body = expectPlatformError(r, 400, "POST", REQUEST);
    expect(body.message).toBe("Validation failed");
    expect(body.errors).toEqual([{ field: "email", message: "Invalid email format" }]);
    expect(h.smtp.messages.length).toBe(before);
  });

  test("an already registered email gets the same 200 answer and a mail without a verification link", async () => {
    const acc = await register(h);
    const r = await call(h.app, "POST", REQUEST, { body: { email: acc.email } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      success: true,
      status: 200,
      message: "Verification email sent. Please check your inbox.",
      data: { verification: { email: acc.email, expiresIn: "24 hours" } },
      requestInfo: { url: REQUEST, ip: "127.0.0.1", method: "POST" },
    });
    const mail = await h.smtp.waitFor(acc.email);
    expect(mail.text).not.toContain("/verify?token=");
    expect(mail.text.toLowerCase()).toContain("already has");
    expect(mail.text.toLowerCase()).toContain("account");
  });
});

describe("POST /auth/register/complete", () => {
  test("creates the account: 201 with the documented user object and working tokens", async () => {
    const email = uniqueEmail("complete");
    const token = await verificationToken(h, email);
    const r = await call(h.app, "POST", COMPLETE, { body: { token, name: "Jane User", password: PASSWORD } });
    const data = expectPlatformOk(r, 201, "Registration completed successfully", "POST", COMPLETE);
    const u = data.user;
    expect(u).toMatchObject({
      email,
      name: "Jane User",
      customerId: null,
      role: "member",
      status: "active",
      provider: "local",
      providerId: null,
      emailVerified: true,
      lastLoginAt: null,
      needsOnboarding: true,
      deletedAt: null,
    });
    expect(u.id).toMatch(UUID);
    expect(u.createdAt).toMatch(ISO);
    expect(u.updatedAt).toMatch(ISO);
    expect(typeof u.tokens.accessToken).toBe("string");
    expect(typeof u.tokens.refreshToken).toBe("string");
    expect(u).not.toHaveProperty("password");
    expect(u).not.toHaveProperty("passwordHash");

    const profile = await call(h.app, "GET", "/api/v1/auth/profile", { token: u.tokens.accessToken });
    expect(profile.status).toBe(200);
    expect(profile.body.data.id).toBe(u.id);
    const refreshed = await call(h.app, "POST", "/api/v1/auth/refresh", { body: { refreshToken: u.tokens.refreshToken } });
    expect(refreshed.status).toBe(200);
  });

  test("stores the password as argon2id (m=19456, t=2, p=1), never in clear", async () => {
    const acc = await register(h);
    const row = userRow(h.app, acc.email)!;
    expect(String(row.password_hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1")).toBe(true);
    expect(String(row.password_hash)).not.toContain(PASSWORD);
  });

  test("a token that is not a verification token is a 400 envelope and creates nothing", async () => {
    const users = count(h.app, "SELECT count(*) AS n FROM users");
    const r = await call(h.app, "POST", COMPLETE, { body: { token: "garbage.token.value", name: "Jane User", password: PASSWORD } });
    expectPlatformError(r, 400, "POST", COMPLETE);
    expect(count(h.app, "SELECT count(*) AS n FROM users")).toBe(users);
  });

  test("an access token cannot stand in for a verification token (400)", async () => {
    const acc = await register(h);
    const r = await call(h.app, "POST", COMPLETE, { body: { token: acc.accessToken, name: "Mallory", password: PASSWORD } });
    expectPlatformError(r, 400, "POST", COMPLETE);
  });

  test("a verification link older than 24 hours is a 400 and creates no account", async () => {
    const email = uniqueEmail("late");
    const token = await verificationToken(h, email);
    h.app.clock.advance(25 * HOUR);
    const r = await call(h.app, "POST", COMPLETE, { body: { token, name: "Late User", password: PASSWORD } });
    expectPlatformError(r, 400, "POST", COMPLETE);
    expect(userRow(h.app, email)).toBeNull();
  });

  test("an email registered between the mail and the completion is a 409", async () => {
    const email = uniqueEmail("race");
    const first = await verificationToken(h, email);
    const second = await verificationToken(h, email);
    const won = await call(h.app, "POST", COMPLETE, { body: { token: first, name: "Winner", password: PASSWORD } });
    expect(won.status).toBe(201);
    const lost = await call(h.app, "POST", COMPLETE, { body: { token: second, name: "Loser", password: PASSWORD } });
    expectPlatformError(lost, 409, "POST", COMPLETE);
    expect(count(h.app, "SELECT count(*) AS n FROM users WHERE email = ?", [email])).toBe(1);
    expect(userRow(h.app, email)!.name).toBe("Winner");
  });

  test("a short password is a 400 naming the password field and creates no account", async () => {
    const email = uniqueEmail("short");
    const token = await verificationToken(h, email);
    const r = await call(h.app, "POST", COMPLETE, { body: { token, name: "Jane User", password: "short" } });
    expectValidationError(r, "POST", COMPLETE, "password");
    expect(userRow(h.app, email)).toBeNull();
  });
});
