// CSV import of people: a malformed file changes nothing; bad rows are refused one by one with
// their reason; progress is readable while it runs; the page uploads and shows the report.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { startTestApp, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";

let app: TestApp;
let a: TestAccount;
let b: TestAccount;
beforeAll(async () => {
  app = await startTestApp();
  a = await ownerOf(app);
  b = await ownerOf(app, "Other");
});
afterAll(() => app.stop());

const count = (orgId: string) => (app.ctx.db.reader.query("SELECT count(*) AS n FROM people WHERE organization_id = ? AND deleted_at IS NULL").get(orgId) as { n: number }).n;

async function importCsv(acct: TestAccount, csv: string) {
  return app.fetch("/api/people/import?fileName=people.csv", { method: "POST", headers: { Authorization: `Bearer ${acct.token}`, "Content-Type": "text/csv" }, body: csv });
}

async function finished(id: string, acct = a) {
  for (let i = 0; i < 200; i++) {
    const r = await (await acct.api("GET", `/api/people/import/${id}`)).json();
    if (r.status !== "running") return r;
    await Bun.sleep(10);
  }
  throw new Error("import did not finish");
}

test.each([
  ["an unclosed quote", 'firstName,email\n"Jane,jane@example.com\nBob,bob@example.com\n', "Not a valid CSV file"],
  ["a row of the wrong width", "firstName,email\nJane,jane@example.com\nBob\n", "Row 3 has 1 columns"],
  ["no first-name column", "email,phone\njane@example.com,4165550100\n", "first name column"],
  ["no rows", "firstName,email\n", "no rows"],
])("a file with %s is refused whole and imports nothing", async (_what, csv, message) => {
  const before = count(a.orgId);
  const r = await importCsv(a, csv);
  expect(r.status).toBe(400);
  const body = await r.json();
  expect(body.error).toBe("validation_failed");
  expect(body.message + JSON.stringify(body.issues)).toContain(message);
  expect(count(a.orgId)).toBe(before);
});

test("good rows are added, bad rows refused with their reason", async () => {
  await a.api("POST", "/api/people", { firstName: "Existing", email: "taken@example.com" });
  const before = count(a.orgId);
  const csv = [
    "First Name,Last Name,Email,Phone,Type,Tags",
    "Jane,Smith,jane@example.com,(416) 555-0100,client,buyer;condo",
    ",NoFirst,nofirst@example.com,,,",
    "Bad,Email,not-an-email,,,",
    "Taken,Person,taken@example.com,,,",
    "Twin,One,twin@example.com,,,",
    "Twin,Two,twin@example.com,,,",
    "Vip,Type,vip@example.com,,vip,",
    '"Quoted, Name",Person,q@example.com,+44 20 7946 0958,lead,',
  ].join("\n");
  const r = await importCsv(a, csv);
  expect(r.status).toBe(202);
  const job = await finished((await r.json()).id);
  expect(job).toMatchObject({ status: "done", totalRows: 8, processedRows: 8, createdCount: 3, refusedCount: 5 });
  const reasons = Object.fromEntries(job.report.filter((x: { status: string }) => x.status === "refused").map((x: { row: number; reason: string }) => [x.row, x.reason]));
  expect(reasons[3]).toContain("firstName");
  expect(reasons[4]).toContain("email");
  expect(reasons[5]).toContain("Already used by person_");
  expect(reasons[7]).toContain("same as row 6");
  expect(reasons[8]).toContain("type");
  expect(count(a.orgId)).toBe(before + 3);
  const jane = (await (await a.api("GET", "/api/people?q=jane%20smith")).json()).people[0];
  expect(jane).toMatchObject({ phone: "+14165550100", type: "client", tags: ["buyer", "condo"] });
  // another organization cannot read the import
  expect((await b.api("GET", `/api/people/import/${job.id}`)).status).toBe(404);
});

test("a large file reports progress while it runs", async () => {
  const rows = Array.from({ length: 1500 }, (_, i) => `Person${i},Bulk,bulk${i}@example.com`);
  const r = await importCsv(b, ["firstName,lastName,email", ...rows].join("\n"));
  const { id, status, totalRows } = await r.json();
  expect(status).toBe("running");
  expect(totalRows).toBe(1500);
  const seen = new Set<number>();
  let last;
  for (let i = 0; i < 500; i++) {
    last = await (await b.api("GET", `/api/people/import/${id}`)).json();
    seen.add(last.processedRows);
    if (last.status !== "running") break;
    await Bun.sleep(1);
  }
  expect(last.status).toBe("done");
  expect(last.createdCount).toBe(1500);
  expect([...seen].some((n) => n > 0 && n < 1500)).toBe(true); // progress was visible mid-way
});

test("the import page uploads a file and shows the report", async () => {
  const login = await app.fetch("/login", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email: a.email, password: "correct horse battery" }) });
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith("winnerr_session="))!.split(";")[0];
  const page = await (await app.fetch("/people/import", { headers: { Cookie: cookie } })).text();
  const csrf = page.match(/name="_csrf" value="([^"]+)"/)![1];
  const form = new FormData();
  form.set("_csrf", csrf);
  form.set("file", new File(["firstName,email\nPaula,paula@example.com\nBad,nope\n"], "team.csv", { type: "text/csv" }));
  const up = await app.fetch("/people/import", { method: "POST", headers: { Cookie: cookie }, body: form });
  expect(up.status).toBe(303);
  const location = up.headers.get("location")!;
  expect(location).toMatch(/^\/people\/import\/[0-9a-f-]{36}$/);
  await finished(location.split("/").pop()!);
  const progress = await (await app.fetch(`${location}/progress`, { headers: { Cookie: cookie, "HX-Request": "true" } })).text();
  expect(progress).toContain('data-status="done"');
  expect(progress).toContain("<strong>1</strong> added, <strong>1</strong> refused");
  expect(progress).toContain("Invalid email format");
  expect(progress).not.toContain("hx-trigger"); // finished: no more polling

  const broken = new FormData();
  broken.set("_csrf", csrf);
  broken.set("file", new File(['firstName\n"oops\n'], "broken.csv"));
  const bad = await app.fetch("/people/import", { method: "POST", headers: { Cookie: cookie }, body: broken });
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain("nothing was imported");
});

test("an import cut off by a restart is marked failed at the next start, with nothing imported", async () => {
  const { tempDir } = await import("../support/app");
  const { rmSync } = await import("node:fs");
  const dir = tempDir();
  const first = await startTestApp({ dataDir: dir });
  const acct = await ownerOf(first);
  first.ctx.db.writer.run("INSERT INTO people_imports (id, organization_id, status, total_rows, created_at) VALUES ('imp-1', ?, 'running', 10, ?)", [acct.orgId, first.clock.now().toISOString()]);
  await first.stop({ keepData: true });
  const second = await startTestApp({ dataDir: dir });
  const row = second.ctx.db.reader.query("SELECT status, error FROM people_imports WHERE id = 'imp-1'").get() as { status: string; error: string };
  expect(row.status).toBe("failed");
  expect(row.error).toContain("nothing was imported");
  await second.stop();
  rmSync(dir, { recursive: true, force: true });
});
