// /api/v1/customers: onboarding, the organization's own profile, and its allowedIps validation.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  call, count, expectPlatformError, expectPlatformOk, expectValidationError, inviteAndAccept, MINUTE, register,
  registerOwner, startHarness, type Harness,
} from "./api-helpers";

const ONBOARD = "/api/v1/customers/onboard";
const ME = "/api/v1/customers/me";
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

function orgRow(id: string) {
  return h.app.ctx.db.reader.query("SELECT * FROM organizations WHERE id = ?").get(id) as Record<string, unknown>;
}

describe("POST /customers/onboard", () => {
  test("201 with the documented customer and user, and the user becomes its owner", async () => {
    const acc = await register(h);
    const r = await call(h.app, "POST", ONBOARD, {
      token: acc.accessToken,
      body: { companyName: "Tech Corp", phone: "+1234567890", description: "AI Lab" },
    });
    const data = expectPlatformOk(r, 201, "Customer onboarded successfully", "POST", ONBOARD);
    expect(data.customer).toMatchObject({
      companyName: "Tech Corp",
      phone: "+1234567890",
      description: "AI Lab",
      status: "active",
      avatar: null,
      settings: {},
      allowedIps: null,
      createdBy: acc.id,
      deletedAt: null,
    });
    expect(data.customer.id).toEqual(expect.any(String));
    expect(data.customer.createdAt).toMatch(ISO);
    expect(data.customer.updatedAt).toMatch(ISO);
    expect(data.user).toEqual({ id: acc.id, customerId: data.customer.id, role: "owner" });

    const profile = await call(h.app, "GET", "/api/v1/auth/profile", { token: acc.accessToken });
    expect(profile.body.data).toMatchObject({ customerId: data.customer.id, role: "owner", needsOnboarding: false });
  });

  test("a second onboarding is a 409 and creates no second organization", async () => {
    const owner = await registerOwner(h);
    const orgs = count(h.app, "SELECT count(*) AS n FROM organizations");
    const r = await call(h.app, "POST", ONBOARD, { token: owner.accessToken, body: { companyName: "Second Corp" } });
    expectPlatformError(r, 409, "POST", ONBOARD);
    expect(count(h.app, "SELECT count(*) AS n FROM organizations")).toBe(orgs);
    const me = await call(h.app, "GET", ME, { token: owner.accessToken });
    expect(me.body.data.id).toBe(owner.orgId);
    expect(me.body.data.companyName).toBe("Tech Corp");
  });

  test("without a token: 401 envelope", async () => {
    const r = await call(h.app, "POST", ONBOARD, { body: { companyName: "Anon Corp" } });
    expectPlatformError(r, 401, "POST", ONBOARD);
  });
});

describe("GET /customers/me", () => {
  test("returns the caller's organization in the documented shape", async () => {
    const owner = await registerOwner(h, { companyName: "Shape Corp" });
    const r = await call(h.app, "GET", ME, { token: owner.accessToken });
    const data = expectPlatformOk(r, 200, "Customer details retrieved", "GET", ME);
    expect(data).toMatchObject({
      id: owner.orgId,
      companyName: "Shape Corp",
      phone: "+14165550100",
      description: "AI Lab",
      status: "active",
      avatar: null,
      settings: {},
      createdBy: owner.id,
      deletedAt: null,
    });
    for (const k of ["allowedIps", "createdAt", "updatedAt"]) expect(data).toHaveProperty(k);
  });

  test("a member can read their organization", async () => {
    const owner = await registerOwner(h);
    const member = await inviteAndAccept(h, owner);
    const r = await call(h.app, "GET", ME, { token: member.accessToken });
    expect(r.status).toBe(200);
    expect(r.body.data.id).toBe(owner.orgId);
  });
});

describe("PATCH /customers/me", () => {
  test("a partial update changes only the given field, keeps the rest and moves updatedAt", async () => {
    const owner = await registerOwner(h);
    const before = (await call(h.app, "GET", ME, { token: owner.accessToken })).body.data;
    h.app.clock.advance(5 * MINUTE);
    const r = await call(h.app, "PATCH", ME, { token: owner.accessToken, body: { companyName: "Updated Corp" } });
    const data = expectPlatformOk(r, 200, "Customer details updated", "PATCH", ME);
    expect(data).toEqual({ ...before, companyName: "Updated Corp", updatedAt: h.app.clock.now().toISOString() });
    const after = (await call(h.app, "GET", ME, { token: owner.accessToken })).body.data;
    expect(after).toEqual(data);
  });

  test("settings are stored and returned as JSON", async () => {
    const owner = await registerOwner(h);
    const settings = { theme: "dark", notifications: { email: true, digest: ["mon", "thu"] }, limit: 3 };
    const r = await call(h.app, "PATCH", ME, { token: owner.accessToken, body: { settings } });
    expect(r.status).toBe(200);
    expect(r.body.data.settings).toEqual(settings);
    const me = await call(h.app, "GET", ME, { token: owner.accessToken });
    expect(me.body.data.settings).toEqual(settings);
    expect(me.body.data.companyName).toBe("Tech Corp");
  });

  test("settings.timezone must be an IANA zone (the usage meter counts months in it)", async () => {
    const owner = await registerOwner(h);
    let r = await call(h.app, "PATCH", ME, { token: owner.accessToken, body: { settings: { timezone: "Mars/Olympus" } } });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ field: "settings.timezone", message: expect.stringContaining("IANA") }]);
    r = await call(h.app, "PATCH", ME, { token: owner.accessToken, body: { settings: { timezone: "America/Vancouver" } } });
    expect(r.status).toBe(200);
    expect(r.body.data.settings.timezone).toBe("America/Vancouver");
  });

  test("an admin may update the organization", async () => {
    const owner = await registerOwner(h);
    const admin = await inviteAndAccept(h, owner, { role: "admin" });
    const r = await call(h.app, "PATCH", ME, { token: admin.accessToken, body: { description: "Changed by admin" } });
    expect(r.status).toBe(200);
    expect(r.body.data.description).toBe("Changed by admin");
  });

  test("a member gets 403 and nothing changes", async () => {
    const owner = await registerOwner(h);
    const member = await inviteAndAccept(h, owner);
    const r = await call(h.app, "PATCH", ME, { token: member.accessToken, body: { companyName: "Hijacked" } });
    expectPlatformError(r, 403, "PATCH", ME);
    expect(orgRow(owner.orgId!).company_name).toBe("Tech Corp");
  });

  test("allowedIps with an entry that is not an IP or CIDR is a 400 and changes nothing", async () => {
    const owner = await registerOwner(h);
    const r = await call(h.app, "PATCH", ME, { token: owner.accessToken, body: { companyName: "Renamed", allowedIps: ["127.0.0.1", "banana"] } });
    expectValidationError(r, "PATCH", ME, "allowedIps");
    const row = orgRow(owner.orgId!);
    expect(row.allowed_ips).toBeNull();
    expect(row.company_name).toBe("Tech Corp");
  });

  test("allowedIps that would shut out the caller's own address (127.0.0.1) is a 400 and changes nothing", async () => {
    const owner = await registerOwner(h);
    const r = await call(h.app, "PATCH", ME, { token: owner.accessToken, body: { allowedIps: ["10.0.0.0/8", "192.0.2.7"] } });
    expectValidationError(r, "PATCH", ME, "allowedIps");
    expect(orgRow(owner.orgId!).allowed_ips).toBeNull();
    expect((await call(h.app, "GET", ME, { token: owner.accessToken })).status).toBe(200);
  });

  test("allowedIps including the caller's address is saved (200)", async () => {
    const owner = await registerOwner(h);
    const list = ["10.0.0.0/8", "127.0.0.1"];
    const r = await call(h.app, "PATCH", ME, { token: owner.accessToken, body: { allowedIps: list } });
    expect(r.status).toBe(200);
    expect(r.body.data.allowedIps).toEqual(list);
    const me = await call(h.app, "GET", ME, { token: owner.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.data.allowedIps).toEqual(list);
  });
});
