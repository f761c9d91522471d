import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";

let app: TestApp;
let a: TestAccount;
let b: TestAccount;
beforeAll(async () => {
  app = await startTestApp();
  a = await ownerOf(app, "Harbour Realty");
  b = await ownerOf(app, "Other Brokerage");
});
afterAll(() => app.stop());

const peopleCount = (orgId: string) => (app.ctx.db.reader.query("SELECT count(*) AS n FROM people WHERE organization_id = ?").get(orgId) as { n: number }).n;

describe("people CRUD", () => {
  test("create normalizes email and phone and returns 201", async () => {
    const r = await a.api("POST", "/api/people", { firstName: " Jane ", lastName: "Smith", email: " Jane@Example.COM ", phone: "(416) 555-0100", type: "client", tags: ["Buyer", "buyer", "condo"] });
    expect(r.status).toBe(201);
    const { person } = await r.json();
    expect(person).toMatchObject({ firstName: "Jane", lastName: "Smith", name: "Jane Smith", email: "jane@example.com", phone: "+14165550100", type: "client", tags: ["buyer", "condo"] });
    expect(person.id).toMatch(/^person_[0-9a-z]{20}$/);
    const got = await a.api("GET", `/api/people/${person.id}`);
    expect((await got.json()).person.id).toBe(person.id);
  });

  test("a duplicate email or phone is a 409 naming the existing person, and adds nothing", async () => {
    const first = (await (await a.api("POST", "/api/people", { firstName: "Bob", email: "bob@example.com", phone: "+16475550199" })).json()).person;
    const before = peopleCount(a.orgId);
    const dupEmail = await a.api("POST", "/api/people", { firstName: "Robert", email: "BOB@example.com" });
    expect(dupEmail.status).toBe(409);
    const body = await dupEmail.json();
    expect(body.error).toBe("duplicate_person");
    expect(body.message).toContain(first.id);
    const dupPhone = await a.api("POST", "/api/people", { firstName: "Robert", phone: "647-555-0199" });
    expect(dupPhone.status).toBe(409);
    expect(peopleCount(a.orgId)).toBe(before);
    // another organization may have the same contact
    expect((await b.api("POST", "/api/people", { firstName: "Bob", email: "bob@example.com" })).status).toBe(201);
  });

  test("bad input is a 400 in the app family's shape naming every field, and changes nothing", async () => {
    const before = peopleCount(a.orgId);
    const r = await a.api("POST", "/api/people", { firstName: "", email: "not-an-email", phone: "12" });
    expect(r.status).toBe(400);
    const body = await r.json();
    expect(body.error).toBe("validation_failed");
    expect(body.issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(["email", "firstName", "phone"]);
    expect(peopleCount(a.orgId)).toBe(before);
    const wrongType = await a.api("POST", "/api/people", { firstName: "X", type: "vip" });
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).issues[0].message).toBe("type must be lead, client or other");
  });

  test("update is partial; delete hides the person", async () => {
    const p = (await (await a.api("POST", "/api/people", { firstName: "Carla", lastName: "Diaz", email: "carla@example.com" })).json()).person;
    const u = await a.api("PATCH", `/api/people/${p.id}`, { type: "client", phone: "416 555 0111" });
    expect((await u.json()).person).toMatchObject({ firstName: "Carla", email: "carla@example.com", type: "client", phone: "+14165550111" });
    // fields a PATCH leaves out keep their values (no schema default may fill them in)
    const u2 = await a.api("PATCH", `/api/people/${p.id}`, { lastName: "Díaz" });
    expect((await u2.json()).person).toMatchObject({ lastName: "Díaz", type: "client", phone: "+14165550111" });
    expect((await a.api("DELETE", `/api/people/${p.id}`)).status).toBe(200);
    expect((await a.api("GET", `/api/people/${p.id}`)).status).toBe(404);
    // the address is free again once the person is deleted
    expect((await a.api("POST", "/api/people", { firstName: "Carla", email: "carla@example.com" })).status).toBe(201);
  });
});

describe("search and filters", () => {
  test("by name, email fragment, phone digits, type and tag", async () => {
    await a.api("POST", "/api/people", { firstName: "Xavier", lastName: "Quill", email: "xq@quill.ca", phone: "+19055550123", tags: ["investor"] });
    const names = async (qs: string) => ((await (await a.api("GET", `/api/people?${qs}`)).json()).people as { name: string }[]).map((p) => p.name);
    expect(await names("q=quill")).toEqual(["Xavier Quill"]);
    expect(await names("q=xavier%20q")).toEqual(["Xavier Quill"]);
    expect(await names("q=5550123")).toEqual(["Xavier Quill"]);
    expect(await names("tag=investor")).toEqual(["Xavier Quill"]);
    expect(await names("q=quill&type=client")).toEqual([]);
    const page = await (await a.api("GET", "/api/people?limit=1&page=2")).json();
    expect(page.people).toHaveLength(1);
    expect(page.pagination).toMatchObject({ page: 2, limit: 1 });
    expect(page.pagination.total).toBeGreaterThan(2);
  });
});

describe("isolation and auth", () => {
  test("another organization's person is a 404 for every verb", async () => {
    const p = (await (await a.api("POST", "/api/people", { firstName: "Private" })).json()).person;
    for (const [m, path, body] of [["GET", `/api/people/${p.id}`], ["PATCH", `/api/people/${p.id}`, { firstName: "Hacked" }], ["DELETE", `/api/people/${p.id}`], ["GET", `/api/people/${p.id}/timeline`], ["POST", `/api/people/${p.id}/notes`, { body: "x" }]] as const) {
      const r = await b.api(m, path, body);
      expect(r.status).toBe(404);
      expect((await r.json()).error).toBe("not_found");
    }
    expect(((await (await b.api("GET", "/api/people?q=private")).json()).people)).toEqual([]);
    expect((await (await a.api("GET", `/api/people/${p.id}`)).json()).person.firstName).toBe("Private");
  });

  test("no token: 401 { error: 'Unauthorized' }", async () => {
    const r = await app.fetch("/api/people");
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ error: "Unauthorized" });
  });
});

test("creating a person emits PERSON_CREATED in the same transaction and records the timeline", async () => {
  const p = (await (await a.api("POST", "/api/people", { firstName: "Eve", lastName: "Event" })).json()).person;
  const ev = app.ctx.db.reader.query("SELECT name, organization_id FROM events WHERE json_extract(payload, '$.personId') = ?").get(p.id) as Record<string, string>;
  expect(ev).toEqual({ name: "PERSON_CREATED", organization_id: a.orgId });
  await a.api("POST", `/api/people/${p.id}/notes`, { body: "Prefers texts after 6pm" });
  const tl = (await (await a.api("GET", `/api/people/${p.id}/timeline`)).json()).activities;
  expect(tl.map((x: { kind: string }) => x.kind)).toEqual(["note", "person_created"]);
  expect(tl[0].body).toBe("Prefers texts after 6pm");
});
