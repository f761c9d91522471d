// POST /api/v1/auth/refresh: rotation, reuse detection (the whole family is revoked), expiry,
// and a deleted user's refresh token.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  call, DAY, expectPlatformError, expectPlatformOk, inviteAndAccept, register, registerOwner, startHarness, type Harness,
} from "./api-helpers";

const REFRESH = "/api/v1/auth/refresh";
const PROFILE = "/api/v1/auth/profile";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

const refresh = (refreshToken: string) => call(h.app, "POST", REFRESH, { body: { refreshToken } });

describe("POST /auth/refresh", () => {
  test("rotation returns a new working pair in the documented shape", async () => {
    const acc = await register(h);
    const r = await refresh(acc.refreshToken);
    const data = expectPlatformOk(r, 200, "Token refreshed successfully", "POST", REFRESH);
    expect(data).toEqual({ tokens: { accessToken: expect.any(String), refreshToken: expect.any(String) } });
    expect(data.tokens.refreshToken).not.toBe(acc.refreshToken);
    const profile = await call(h.app, "GET", PROFILE, { token: data.tokens.accessToken });
    expect(profile.status).toBe(200);
    expect(profile.body.data.id).toBe(acc.id);
    // The new refresh token rotates in turn.
    expect((await refresh(data.tokens.refreshToken)).status).toBe(200);
  });

  test("replaying a rotated token is a 401 and revokes the whole family, newest token included", async () => {
    const acc = await register(h);
    const second = (await refresh(acc.refreshToken)).body.data.tokens.refreshToken;
    const third = (await refresh(second)).body.data.tokens.refreshToken;

    const replay = await refresh(acc.refreshToken);
    expectPlatformError(replay, 401, "POST", REFRESH);

    const newest = await refresh(third);
    expectPlatformError(newest, 401, "POST", REFRESH);
  });

  test("a reuse in one sign-in's family does not end another sign-in of the same user", async () => {
    const acc = await register(h);
    const otherSignIn = (await call(h.app, "POST", "/api/v1/auth/login", { body: { email: acc.email, password: acc.password } })).body.data.auth.tokens;
    await refresh(acc.refreshToken);
    expect((await refresh(acc.refreshToken)).status).toBe(401);
    expect((await refresh(otherSignIn.refreshToken)).status).toBe(200);
  });

  test("an unknown refresh token is a 401 envelope", async () => {
    const r = await refresh("d290f1ee-6c54-4b01-90e6-d701748f0851");
    expectPlatformError(r, 401, "POST", REFRESH);
  });

  test("a refresh token still works after 6 days but not after 8 (7-day lifetime)", async () => {
    const a = await register(h);
    const b = await register(h);
    h.app.clock.advance(6 * DAY);
    expect((await refresh(a.refreshToken)).status).toBe(200);
    h.app.clock.advance(2 * DAY);
    const r = await refresh(b.refreshToken);
    expectPlatformError(r, 401, "POST", REFRESH);
  });

  test("a user's refresh token stops working once the user is deleted", async () => {
    const owner = await registerOwner(h);
    const member = await inviteAndAccept(h, owner);
    expect((await call(h.app, "DELETE", `/api/v1/users/${member.id}`, { token: owner.accessToken })).status).toBe(200);
    const r = await refresh(member.refreshToken);
    expectPlatformError(r, 401, "POST", REFRESH);
  });
});
