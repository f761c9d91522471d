// /api/v1/admin: platform administrators only.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  call, expectPlatformError, expectPlatformOk, makePlatformAdmin, register, registerOwner, startHarness, type Account, type Harness,
} from "./api-helpers";

const CUSTOMERS = "/api/v1/admin/customers";
const HEALTH = "/api/v1/admin/system/health";

let h: Harness;
let owners: Account[];
let platformAdmin: Account;
beforeAll(async () => {
  h = await startHarness();
  owners = [
    await registerOwner(h, { companyName: "Alpha Realty" }),
    await registerOwner(h, { companyName: "Beta Homes" }),
    await registerOwner(h, { companyName: "Gamma Brokers" }),
  ];
  // A platform administrator needs no organization of their own.
  platformAdmin = await register(h);
  makePlatformAdmin(h, platformAdmin.email);
});
afterAll(async () => {
  await h.stop();
});

describe.each([CUSTOMERS, HEALTH])("GET %s access", (path) => {
  test("without a token: 401 envelope", async () => {
    expectPlatformError(await call(h.app, "GET", path), 401, "GET", path);
  });

  test("an organization owner who is not a platform admin: 403 envelope", async () => {
    const r = await call(h.app, "GET", path, { token: owners[0].accessToken });
    const body = expectPlatformError(r, 403, "GET", path);
    expect(body.message).toBe("You do not have permission to access this resource");
  });

  test("a platform admin: 200", async () => {
    expect((await call(h.app, "GET", path, { token: platformAdmin.accessToken })).status).toBe(200);
  });

  test("losing platform_admin takes effect on the next request", async () => {
    const admin = await register(h);
    makePlatformAdmin(h, admin.email);
    expect((await call(h.app, "GET", path, { token: admin.accessToken })).status).toBe(200);
    h.app.ctx.db.writer.run("UPDATE users SET platform_admin = 0 WHERE email = ?", [admin.email]);
    expect((await call(h.app, "GET", path, { token: admin.accessToken })).status).toBe(403);
  });
});

describe("GET /admin/customers", () => {
  test("lists every organization with the documented fields and pagination", async () => {
    const r = await call(h.app, "GET", CUSTOMERS, { token: platformAdmin.accessToken });
    const data = expectPlatformOk(r, 200, "Customers retrieved successfully", "GET", CUSTOMERS);
    expect(data.pagination).toEqual({ page: 1, limit: 10, total: 3, totalPages: 1 });
    expect(data.customers.map((c: { id: string }) => c.id).sort()).toEqual(owners.map((o) => o.orgId).sort());
    for (const c of data.customers) {
      expect(c).toEqual({ id: expect.any(String), companyName: expect.any(String), status: "active", createdAt: expect.any(String) });
    }
    expect(data.customers.map((c: { companyName: string }) => c.companyName).sort()).toEqual(["Alpha Realty", "Beta Homes", "Gamma Brokers"]);
  });

  test("pages with page and limit", async () => {
    const p1 = await call(h.app, "GET", `${CUSTOMERS}?page=1&limit=2`, { token: platformAdmin.accessToken });
    const p2 = await call(h.app, "GET", `${CUSTOMERS}?page=2&limit=2`, { token: platformAdmin.accessToken });
    expect(p1.status).toBe(200);
    expect(p1.body.data.pagination).toEqual({ page: 1, limit: 2, total: 3, totalPages: 2 });
    expect(p1.body.data.customers).toHaveLength(2);
    expect(p2.body.data.pagination).toEqual({ page: 2, limit: 2, total: 3, totalPages: 2 });
    expect(p2.body.data.customers).toHaveLength(1);
    const ids = [...p1.body.data.customers, ...p2.body.data.customers].map((c: { id: string }) => c.id);
    expect(ids.sort()).toEqual(owners.map((o) => o.orgId!).sort());
  });
});

describe("GET /admin/system/health", () => {
  test("answers the documented health object", async () => {
    const r = await call(h.app, "GET", HEALTH, { token: platformAdmin.accessToken });
    const data = expectPlatformOk(r, 200, "System health check passed", "GET", HEALTH);
    expect(data.health).toMatchObject({ status: "healthy", database: "connected" });
    expect(new Date(data.health.timestamp).toISOString()).toBe(data.health.timestamp);
  });
});
