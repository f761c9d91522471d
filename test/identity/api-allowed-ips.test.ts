// Enforcement of an organization's allowedIps, and which client address counts: the socket's,
// or X-Forwarded-For's only when the socket is a TRUSTED_PROXIES address.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { call, expectPlatformError, inviteAndAccept, registerOwner, startHarness, type Harness } from "./api-helpers";

const ME = "/api/v1/customers/me";
const USERS = "/api/v1/users";

function setAllowedIpsInDb(h: Harness, orgId: string, list: string[]) {
  h.app.ctx.db.writer.run("UPDATE organizations SET allowed_ips = ? WHERE id = ?", [JSON.stringify(list), orgId]);
}

describe("allowedIps without a trusted proxy", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  test("requests from a listed address work; once the list excludes it, the org's users get 403 envelopes", async () => {
    const owner = await registerOwner(h);
    const member = await inviteAndAccept(h, owner);
    const patched = await call(h.app, "PATCH", ME, { token: owner.accessToken, body: { allowedIps: ["127.0.0.1"] } });
    expect(patched.status).toBe(200);
    expect((await call(h.app, "GET", ME, { token: owner.accessToken })).status).toBe(200);
    expect((await call(h.app, "GET", USERS, { token: member.accessToken })).status).toBe(200);

    setAllowedIpsInDb(h, owner.orgId!, ["10.9.9.9"]);
    expectPlatformError(await call(h.app, "GET", ME, { token: owner.accessToken }), 403, "GET", ME);
    expectPlatformError(await call(h.app, "GET", USERS, { token: owner.accessToken }), 403, "GET", USERS);
    expectPlatformError(await call(h.app, "GET", ME, { token: member.accessToken }), 403, "GET", ME);
    const patch = await call(h.app, "PATCH", ME, { token: owner.accessToken, body: { allowedIps: null } });
    expectPlatformError(patch, 403, "PATCH", ME);
    expect(h.app.ctx.db.reader.query("SELECT allowed_ips AS v FROM organizations WHERE id = ?").get(owner.orgId!)).toEqual({ v: '["10.9.9.9"]' });
  });

  test("another organization without a list is unaffected", async () => {
    const locked = await registerOwner(h);
    const other = await registerOwner(h);
    setAllowedIpsInDb(h, locked.orgId!, ["10.9.9.9"]);
    expect((await call(h.app, "GET", ME, { token: locked.accessToken })).status).toBe(403);
    expect((await call(h.app, "GET", ME, { token: other.accessToken })).status).toBe(200);
  });

  test("a CIDR entry admits the addresses inside it", async () => {
    const owner = await registerOwner(h);
    setAllowedIpsInDb(h, owner.orgId!, ["127.0.0.0/8"]);
    expect((await call(h.app, "GET", ME, { token: owner.accessToken })).status).toBe(200);
  });

  test("X-Forwarded-For is ignored when TRUSTED_PROXIES is not set", async () => {
    const owner = await registerOwner(h);
    const xff = { "X-Forwarded-For": "10.9.9.9" };
    // The caller is 127.0.0.1 whatever the header says, so a list of only 10.9.9.9 would lock them out.
    const r = await call(h.app, "PATCH", ME, { token: owner.accessToken, body: { allowedIps: ["10.9.9.9"] }, headers: xff });
    expect(r.status).toBe(400);
    expect(r.body.requestInfo.ip).toBe("127.0.0.1");

    setAllowedIpsInDb(h, owner.orgId!, ["10.9.9.9"]);
    const spoofed = await call(h.app, "GET", ME, { token: owner.accessToken, headers: xff });
    expectPlatformError(spoofed, 403, "GET", ME);
    expect(spoofed.body.requestInfo.ip).toBe("127.0.0.1");
  });
});

describe("allowedIps behind a trusted proxy (TRUSTED_PROXIES=127.0.0.1)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ TRUSTED_PROXIES: "127.0.0.1" });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("the forwarded address is the client's: allowed when listed, and the proxy's own address is refused", async () => {
    const owner = await registerOwner(h);
    const xff = { "X-Forwarded-For": "10.9.9.9" };
    const patched = await call(h.app, "PATCH", ME, { token: owner.accessToken, body: { allowedIps: ["10.9.9.9"] }, headers: xff });
    expect(patched.status).toBe(200);
    expect(patched.body.data.allowedIps).toEqual(["10.9.9.9"]);
    expect(patched.body.requestInfo.ip).toBe("10.9.9.9");

    const ok = await call(h.app, "GET", ME, { token: owner.accessToken, headers: xff });
    expect(ok.status).toBe(200);
    expect(ok.body.requestInfo.ip).toBe("10.9.9.9");

    expectPlatformError(await call(h.app, "GET", ME, { token: owner.accessToken }), 403, "GET", ME);
    expectPlatformError(await call(h.app, "GET", ME, { token: owner.accessToken, headers: { "X-Forwarded-For": "10.9.9.10" } }), 403, "GET", ME);
  });

  test("a forged left-most X-Forwarded-For entry does not pass for the client", async () => {
    const owner = await registerOwner(h);
    setAllowedIpsInDb(h, owner.orgId!, ["10.9.9.9"]);
    // The proxy appends the real client (203.0.113.5); the left entry is whatever the client sent.
    const r = await call(h.app, "GET", ME, { token: owner.accessToken, headers: { "X-Forwarded-For": "10.9.9.9, 203.0.113.5" } });
    expectPlatformError(r, 403, "GET", ME);
    expect(r.body.requestInfo.ip).toBe("203.0.113.5");
  });
});
