// /api/v1/users: the team list, invitations (mailed, then accepted), the role matrix, the
// last-owner rule, soft deletion and disabling.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { acceptInvitation } from "../../src/modules/users/service";
import {
  call, count, expectPlatformError, expectPlatformOk, invitationToken, inviteAndAccept, login, PASSWORD, register,
  registerOwner, startHarness, uniqueEmail, userRow, type Account, type Harness,
} from "./api-helpers";

const USERS = "/api/v1/users";
const LOGIN = "/api/v1/auth/login";
const PROFILE = "/api/v1/auth/profile";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

const invite = (by: Account, body: Record<string, unknown>) => call(h.app, "POST", USERS, { token: by.accessToken, body });
const patch = (by: Account, id: string, body: Record<string, unknown>) => call(h.app, "PATCH", `${USERS}/${id}`, { token: by.accessToken, body });
const remove = (by: Account, id: string) => call(h.app, "DELETE", `${USERS}/${id}`, { token: by.accessToken });
const roleOf = (email: string) => userRow(h.app, email)!.role;

describe("GET /users", () => {
  test("lists the organization's users with page, limit, total and totalPages", async () => {
    const owner = await registerOwner(h);
    const bob = uniqueEmail("bob");
    const carol = uniqueEmail("carol");
    expect((await invite(owner, { email: bob, name: "Bob Member", role: "member" })).status).toBe(201);
    expect((await invite(owner, { email: carol, name: "Carol Admin", role: "admin" })).status).toBe(201);

    const all = await call(h.app, "GET", USERS, { token: owner.accessToken });
    const data = expectPlatformOk(all, 200, "Users retrieved successfully", "GET", USERS);
    expect(data.pagination).toEqual({ page: 1, limit: 10, total: 3, totalPages: 1 });
    expect(data.users.map((u: { email: string }) => u.email).sort()).toEqual([owner.email, bob, carol].sort());
    for (const u of data.users) {
      expect(Object.keys(u).sort()).toEqual(["createdAt", "email", "id", "lastLoginAt", "name", "role", "status"]);
    }
    expect(data.users.find((u: { email: string }) => u.email === owner.email)).toMatchObject({ id: owner.id, role: "owner", status: "active" });
    expect(data.users.find((u: { email: string }) => u.email === bob)).toMatchObject({ name: "Bob Member", role: "member", status: "invited", lastLoginAt: null });

    const p1 = await call(h.app, "GET", `${USERS}?page=1&limit=2`, { token: owner.accessToken });
    expect(p1.status).toBe(200);
    expect(p1.body.data.pagination).toEqual({ page: 1, limit: 2, total: 3, totalPages: 2 });
    expect(p1.body.data.users).toHaveLength(2);
    const p2 = await call(h.app, "GET", `${USERS}?page=2&limit=2`, { token: owner.accessToken });
    expect(p2.body.data.pagination).toEqual({ page: 2, limit: 2, total: 3, totalPages: 2 });
    expect(p2.body.data.users).toHaveLength(1);
    const seen = [...p1.body.data.users, ...p2.body.data.users].map((u: { id: string }) => u.id);
    expect(new Set(seen).size).toBe(3);
  });

  test("requestInfo.url is the route path, as in the documented paginated example", async () => {
    const owner = await registerOwner(h);
    const r = await call(h.app, "GET", `${USERS}?page=1&limit=10`, { token: owner.accessToken });
    expect(r.status).toBe(200);
    expect(r.body.requestInfo).toEqual({ url: USERS, ip: "127.0.0.1", method: "GET" });
  });

  test("without a token: 401 envelope", async () => {
    expectPlatformError(await call(h.app, "GET", USERS), 401, "GET", USERS);
  });
});

describe("POST /users (invite)", () => {
  test("creates an invited user, mails an invitation link, and lists them", async () => {
    const owner = await registerOwner(h);
    const email = uniqueEmail("colleague");
    const r = await invite(owner, { email, name: "Bob", role: "member" });
    const data = expectPlatformOk(r, 201, "User invited successfully", "POST", USERS);
    expect(data).toMatchObject({
      email,
      name: "Bob",
      customerId: owner.orgId,
      role: "member",
      status: "invited",
      provider: "local",
      emailVerified: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(data.id).toEqual(expect.any(String));

    const mail = await h.smtp.waitFor(email);
    expect(mail.text).toContain("http://winnerr.test/invite/");
    expect(mail.text).toContain("Tech Corp");

    const list = await call(h.app, "GET", USERS, { token: owner.accessToken });
    expect(list.body.data.users).toContainEqual(expect.objectContaining({ id: data.id, email, status: "invited" }));
  });

  test("role defaults to member when omitted", async () => {
    const owner = await registerOwner(h);
    const r = await invite(owner, { email: uniqueEmail("plain"), name: "Plain" });
    expect(r.status).toBe(201);
    expect(r.body.data.role).toBe("member");
  });

  test("an invited user cannot sign in before accepting", async () => {
    const owner = await registerOwner(h);
    const email = uniqueEmail("pending");
    expect((await invite(owner, { email, name: "Pending" })).status).toBe(201);
    const r = await call(h.app, "POST", LOGIN, { body: { email, password: PASSWORD } });
    expectPlatformError(r, 401, "POST", LOGIN);
  });

  test("accepting the mailed invitation makes the user active and able to sign in", async () => {
    const owner = await registerOwner(h);
    const email = uniqueEmail("accept");
    const r = await invite(owner, { email, name: "Bob", role: "admin" });
    const token = await invitationToken(h, email);
    await acceptInvitation(h.app.ctx, token, { name: "Bob Accepted", password: "AnotherPassword456!" });

    const tokens = await login(h, email, "AnotherPassword456!");
    const profile = await call(h.app, "GET", PROFILE, { token: tokens.accessToken });
    expect(profile.body.data).toMatchObject({ id: r.body.data.id, customerId: owner.orgId, role: "admin", status: "active", name: "Bob Accepted" });
    const list = await call(h.app, "GET", USERS, { token: owner.accessToken });
    expect(list.body.data.users).toContainEqual(expect.objectContaining({ id: r.body.data.id, status: "active" }));
    // The link is single-use.
    await expect(acceptInvitation(h.app.ctx, token, { name: "Again", password: "ThirdPassword789!" })).rejects.toThrow();
  });

  test("an email that already has an account is a 409 and adds no row", async () => {
    const owner = await registerOwner(h);
    const elsewhere = await register(h);
    const teammate = uniqueEmail("dup");
    expect((await invite(owner, { email: teammate, name: "First" })).status).toBe(201);
    const rows = count(h.app, "SELECT count(*) AS n FROM users");
    expectPlatformError(await invite(owner, { email: teammate, name: "Second" }), 409, "POST", USERS);
    expectPlatformError(await invite(owner, { email: elsewhere.email.toUpperCase(), name: "Other" }), 409, "POST", USERS);
    expect(count(h.app, "SELECT count(*) AS n FROM users")).toBe(rows);
  });
});

describe("role matrix", () => {
  test("a member cannot invite, change or remove anyone (403, nothing changes)", async () => {
    const owner = await registerOwner(h);
    const member = await inviteAndAccept(h, owner);
    const other = await inviteAndAccept(h, owner);
    const email = uniqueEmail("by-member");
    expectPlatformError(await invite(member, { email, name: "Nope" }), 403, "POST", USERS);
    expect(userRow(h.app, email)).toBeNull();
    expectPlatformError(await patch(member, other.id, { role: "admin" }), 403, "PATCH", `${USERS}/${other.id}`);
    expect(roleOf(other.email)).toBe("member");
    expectPlatformError(await remove(member, other.id), 403, "DELETE", `${USERS}/${other.id}`);
    expect(userRow(h.app, other.email)!.deleted_at).toBeNull();
    expectPlatformError(await patch(member, member.id, { role: "owner" }), 403, "PATCH", `${USERS}/${member.id}`);
    expect(roleOf(member.email)).toBe("member");
  });

  test("an admin can invite members and admins but not owners", async () => {
    const owner = await registerOwner(h);
    const admin = await inviteAndAccept(h, owner, { role: "admin" });
    const m = await invite(admin, { email: uniqueEmail("m"), name: "M", role: "member" });
    expect(m.status).toBe(201);
    expect(m.body.data.role).toBe("member");
    const a = await invite(admin, { email: uniqueEmail("a"), name: "A", role: "admin" });
    expect(a.status).toBe(201);
    expect(a.body.data.role).toBe("admin");
    const email = uniqueEmail("o");
    expectPlatformError(await invite(admin, { email, name: "O", role: "owner" }), 403, "POST", USERS);
    expect(userRow(h.app, email)).toBeNull();
  });

  test("an admin can change a member but cannot change, promote to or remove an owner", async () => {
    const owner = await registerOwner(h);
    const admin = await inviteAndAccept(h, owner, { role: "admin" });
    const member = await inviteAndAccept(h, owner);
    expect((await patch(admin, member.id, { role: "admin" })).status).toBe(200);
    expect(roleOf(member.email)).toBe("admin");

    expectPlatformError(await patch(admin, owner.id, { role: "member" }), 403, "PATCH", `${USERS}/${owner.id}`);
    expectPlatformError(await patch(admin, owner.id, { status: "disabled" }), 403, "PATCH", `${USERS}/${owner.id}`);
    expectPlatformError(await remove(admin, owner.id), 403, "DELETE", `${USERS}/${owner.id}`);
    expectPlatformError(await patch(admin, member.id, { role: "owner" }), 403, "PATCH", `${USERS}/${member.id}`);
    expectPlatformError(await patch(admin, admin.id, { role: "owner" }), 403, "PATCH", `${USERS}/${admin.id}`);
    expect(roleOf(owner.email)).toBe("owner");
    expect(userRow(h.app, owner.email)!.status).toBe("active");
    expect(userRow(h.app, owner.email)!.deleted_at).toBeNull();
    expect(roleOf(member.email)).toBe("admin");
    expect(roleOf(admin.email)).toBe("admin");
  });

  test("PATCH answers with the documented body showing the user after the change", async () => {
    const owner = await registerOwner(h);
    const member = await inviteAndAccept(h, owner);
    h.app.clock.advance(60_000);
    const at = h.app.clock.now().toISOString();
    const r = await patch(owner, member.id, { role: "admin" });
    const data = expectPlatformOk(r, 200, "User role updated successfully", "PATCH", `${USERS}/${member.id}`);
    expect(data).toMatchObject({ id: member.id, role: "admin", email: member.email, updatedAt: at });
    const disabled = await patch(owner, member.id, { status: "disabled" });
    expect(disabled.status).toBe(200);
    expect(disabled.body.data).toMatchObject({ id: member.id, role: "admin", status: "disabled" });
  });

  test("a role change takes effect on the next request", async () => {
    const owner = await registerOwner(h);
    const member = await inviteAndAccept(h, owner);
    expect((await invite(member, { email: uniqueEmail("x"), name: "X" })).status).toBe(403);
    expect((await patch(owner, member.id, { role: "admin" })).status).toBe(200);
    expect((await invite(member, { email: uniqueEmail("y"), name: "Y" })).status).toBe(201);
  });
});

describe("the last owner", () => {
  test("cannot be demoted, disabled or deleted (409, nothing changes)", async () => {
    const owner = await registerOwner(h);
    const path = `${USERS}/${owner.id}`;
    expectPlatformError(await patch(owner, owner.id, { role: "admin" }), 409, "PATCH", path);
    expectPlatformError(await patch(owner, owner.id, { status: "disabled" }), 409, "PATCH", path);
    expectPlatformError(await remove(owner, owner.id), 409, "DELETE", path);
    const row = userRow(h.app, owner.email)!;
    expect(row).toMatchObject({ role: "owner", status: "active", deleted_at: null });
    expect((await call(h.app, "GET", PROFILE, { token: owner.accessToken })).status).toBe(200);
  });

  test("once another user is promoted to owner, the first owner can be demoted", async () => {
    const first = await registerOwner(h);
    const second = await inviteAndAccept(h, first, { role: "admin" });
    expect((await patch(first, second.id, { role: "owner" })).status).toBe(200);
    expect(roleOf(second.email)).toBe("owner");
    expect((await patch(second, first.id, { role: "admin" })).status).toBe(200);
    expect(roleOf(first.email)).toBe("admin");
    // Now the second is the last owner.
    expectPlatformError(await patch(second, second.id, { role: "member" }), 409, "PATCH", `${USERS}/${second.id}`);
  });

  test("an invited (not yet active) owner does not count as the remaining owner", async () => {
    const owner = await registerOwner(h);
    expect((await invite(owner, { email: uniqueEmail("future-owner"), name: "Future", role: "owner" })).status).toBe(201);
    expectPlatformError(await patch(owner, owner.id, { role: "admin" }), 409, "PATCH", `${USERS}/${owner.id}`);
  });
});

describe("DELETE /users/:id", () => {
  test("is a soft delete: documented body, row kept with deleted_at, gone from the list", async () => {
    const owner = await registerOwner(h);
    const member = await inviteAndAccept(h, owner);
    const r = await remove(owner, member.id);
    const data = expectPlatformOk(r, 200, "User removed successfully", "DELETE", `${USERS}/${member.id}`);
    expect(data).toEqual({ message: "User removed successfully" });
    const row = userRow(h.app, member.email)!;
    expect(row).not.toBeNull();
    expect(row.deleted_at).toEqual(expect.any(String));
    const list = await call(h.app, "GET", USERS, { token: owner.accessToken });
    expect(list.body.data.users.map((u: { id: string }) => u.id)).not.toContain(member.id);
    expect(list.body.data.pagination.total).toBe(1);
  });

  test("the removed user's access token fails on the next request, and refresh and sign-in fail", async () => {
    const owner = await registerOwner(h);
    const member = await inviteAndAccept(h, owner);
    expect((await call(h.app, "GET", PROFILE, { token: member.accessToken })).status).toBe(200);
    expect((await remove(owner, member.id)).status).toBe(200);
    expectPlatformError(await call(h.app, "GET", PROFILE, { token: member.accessToken }), 401, "GET", PROFILE);
    expectPlatformError(await call(h.app, "GET", USERS, { token: member.accessToken }), 401, "GET", USERS);
    expectPlatformError(await call(h.app, "POST", "/api/v1/auth/refresh", { body: { refreshToken: member.refreshToken } }), 401, "POST", "/api/v1/auth/refresh");
    expectPlatformError(await call(h.app, "POST", LOGIN, { body: { email: member.email, password: member.password } }), 401, "POST", LOGIN);
  });

  test("an unknown id is a 404 envelope", async () => {
    const owner = await registerOwner(h);
    const id = "770e8400-e29b-41d4-a716-446655440002";
    expectPlatformError(await remove(owner, id), 404, "DELETE", `${USERS}/${id}`);
  });

  test("a removed invitation can no longer be accepted", async () => {
    const owner = await registerOwner(h);
    const email = uniqueEmail("withdrawn");
    const r = await invite(owner, { email, name: "Withdrawn" });
    const token = await invitationToken(h, email);
    expect((await remove(owner, r.body.data.id)).status).toBe(200);
    await expect(acceptInvitation(h.app.ctx, token, { name: "Withdrawn", password: PASSWORD })).rejects.toThrow();
    expectPlatformError(await call(h.app, "POST", LOGIN, { body: { email, password: PASSWORD } }), 401, "POST", LOGIN);
  });
});

describe("disabling a user (PATCH status)", () => {
  test("a disabled user's access token, refresh token and password stop working", async () => {
    const owner = await registerOwner(h);
    const member = await inviteAndAccept(h, owner);
    expect((await patch(owner, member.id, { status: "disabled" })).status).toBe(200);
    expect(userRow(h.app, member.email)!.status).toBe("disabled");
    expectPlatformError(await call(h.app, "GET", PROFILE, { token: member.accessToken }), 401, "GET", PROFILE);
    expectPlatformError(await call(h.app, "POST", "/api/v1/auth/refresh", { body: { refreshToken: member.refreshToken } }), 401, "POST", "/api/v1/auth/refresh");
    expectPlatformError(await call(h.app, "POST", LOGIN, { body: { email: member.email, password: member.password } }), 401, "POST", LOGIN);
    const list = await call(h.app, "GET", USERS, { token: owner.accessToken });
    expect(list.body.data.users).toContainEqual(expect.objectContaining({ id: member.id, status: "disabled" }));
  });

  test("re-enabling lets the user sign in again", async () => {
    const owner = await registerOwner(h);
    const member = await inviteAndAccept(h, owner);
    expect((await patch(owner, member.id, { status: "disabled" })).status).toBe(200);
    expect((await patch(owner, member.id, { status: "active" })).status).toBe(200);
    const tokens = await login(h, member.email, member.password);
    expect((await call(h.app, "GET", PROFILE, { token: tokens.accessToken })).status).toBe(200);
  });
});
