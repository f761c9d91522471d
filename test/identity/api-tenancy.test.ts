// Tenant isolation: one organization's owner or admin sees and touches nothing of another's.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { call, expectPlatformError, inviteAndAccept, registerOwner, startHarness, userRow, type Account, type Harness } from "./api-helpers";

const USERS = "/api/v1/users";

let h: Harness;
let ownerA: Account;
let adminA: Account;
let ownerB: Account;
let memberB: Account;
beforeAll(async () => {
  h = await startHarness();
  ownerA = await registerOwner(h, { companyName: "Alpha Realty" });
  adminA = await inviteAndAccept(h, ownerA, { role: "admin" });
  ownerB = await registerOwner(h, { companyName: "Beta Homes" });
  memberB = await inviteAndAccept(h, ownerB);
});
afterAll(async () => {
  await h.stop();
});

describe("tenant isolation", () => {
  test("org A's admin gets 404 envelopes for org B's user ids, and B's users are untouched", async () => {
    for (const target of [memberB, ownerB]) {
      const path = `${USERS}/${target.id}`;
      const get = await call(h.app, "GET", path, { token: adminA.accessToken });
      expectPlatformError(get, 404, "GET", path);
      expect(JSON.stringify(get.body)).not.toContain(target.email);
      expectPlatformError(await call(h.app, "PATCH", path, { token: adminA.accessToken, body: { role: "admin" } }), 404, "PATCH", path);
      expectPlatformError(await call(h.app, "PATCH", path, { token: adminA.accessToken, body: { status: "disabled" } }), 404, "PATCH", path);
      expectPlatformError(await call(h.app, "DELETE", path, { token: adminA.accessToken }), 404, "DELETE", path);
    }
    expect(userRow(h.app, memberB.email)).toMatchObject({ role: "member", status: "active", deleted_at: null });
    expect(userRow(h.app, ownerB.email)).toMatchObject({ role: "owner", status: "active", deleted_at: null });
    expect((await call(h.app, "GET", "/api/v1/auth/profile", { token: memberB.accessToken })).status).toBe(200);
  });

  test("org A's owner gets the same 404 for org B's users as for ids that do not exist", async () => {
    const foreign = await call(h.app, "DELETE", `${USERS}/${memberB.id}`, { token: ownerA.accessToken });
    const missing = await call(h.app, "DELETE", `${USERS}/00000000-0000-4000-8000-000000000000`, { token: ownerA.accessToken });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body.message.replace(memberB.id, "ID")).toBe(missing.body.message.replace("00000000-0000-4000-8000-000000000000", "ID"));
    expect(userRow(h.app, memberB.email)!.deleted_at).toBeNull();
  });

  test("the user list holds only the caller's organization", async () => {
    const a = await call(h.app, "GET", USERS, { token: adminA.accessToken });
    expect(a.status).toBe(200);
    expect(a.body.data.users.map((u: { id: string }) => u.id).sort()).toEqual([ownerA.id, adminA.id].sort());
    expect(a.body.data.pagination.total).toBe(2);
    const b = await call(h.app, "GET", USERS, { token: memberB.accessToken });
    expect(b.body.data.users.map((u: { id: string }) => u.id).sort()).toEqual([ownerB.id, memberB.id].sort());
  });

  test("GET /customers/me returns only the caller's own organization", async () => {
    const a = await call(h.app, "GET", "/api/v1/customers/me", { token: adminA.accessToken });
    expect(a.body.data).toMatchObject({ id: ownerA.orgId, companyName: "Alpha Realty" });
    const b = await call(h.app, "GET", "/api/v1/customers/me", { token: memberB.accessToken });
    expect(b.body.data).toMatchObject({ id: ownerB.orgId, companyName: "Beta Homes" });
    expect(ownerA.orgId).not.toBe(ownerB.orgId);
  });

  test("PATCH /customers/me changes only the caller's organization", async () => {
    const r = await call(h.app, "PATCH", "/api/v1/customers/me", { token: adminA.accessToken, body: { description: "Alpha only" } });
    expect(r.status).toBe(200);
    const b = await call(h.app, "GET", "/api/v1/customers/me", { token: ownerB.accessToken });
    expect(b.body.data.description).toBe("AI Lab");
  });
});
