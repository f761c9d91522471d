// The pages over HTTP with a browser session: the dashboard panel, /obligations with its filters
// and htmx row swaps, and the month calendar (Sunday first, today marked, overdue styled).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ManualClock } from "../../src/lib/clock";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { byRule, generated, newDeal, OWNER_PASSWORD, session, type Obl, type Session } from "./support";

let app: TestApp;
let a: TestAccount;
let s: Session;
let o: Record<string, Obl>;
let dealId: string;
const clock = new ManualClock("2026-07-13T14:00:00.000Z");

beforeAll(async () => {
  app = await startTestApp({ clock });
  a = await ownerOf(app, "Harbour Realty");
  dealId = await newDeal(a, "Purchase: 2502-88 Harbour St");
  await generated(app, a, EXAMPLES["on/aps"], dealId);
  await generated(app, a, EXAMPLES["on/residential-lease"]);
  o = await byRule(a);
  s = await session(app, a.email, OWNER_PASSWORD);
});
afterAll(() => app.stop());

const rowIds = (html: string) => [...html.matchAll(/<tr id="obl-(obl_[a-z0-9]+)"/g)].map((m) => m[1]);

test("the dashboard lists what is due soon or overdue, with links to the deal and the document", async () => {
  const html = await (await s.get("/")).text();
  const panel = html.slice(html.indexOf('id="obligations-panel"'));
  expect(panel).toContain("Due soon / overdue");
  expect(panel).toContain("Overdue</span> <time datetime=\"2026-07-11T03:59:00.000Z\">Fri 2026-07-10 23:59</time> · Offer irrevocable until");
  expect(panel).toContain("Wed 2026-07-15 18:00");
  expect(panel).toContain("Fri 2026-07-17 18:00");
  expect(panel).not.toContain("Completion (closing)"); // weeks away
  expect(panel).toContain(`href="/deals/${dealId}"`);
  expect(panel).toContain(`href="/documents/${o.closing.documentId}"`);
});

test("/obligations: open ones in the window, filters, and the ones waiting for acceptance", async () => {
  let html = await (await s.get("/obligations")).text();
  expect(html).toContain('href="/obligations" aria-current="page"');
  expect(rowIds(html)).toEqual([o.irrevocable.id, o["condition:status_certificate"].id, o["condition:financing"].id, o.deposit.id]);
  expect(html).toContain("Waiting for acceptance");
  html = await (await s.get("/obligations?withinDays=90")).text();
  expect(rowIds(html)).toContain(o.closing.id);
  html = await (await s.get("/obligations?urgency=overdue")).text();
  expect(rowIds(html)).toEqual([o.irrevocable.id]);
  html = await (await s.get("/obligations?type=condition_waiver")).text();
  expect(rowIds(html)).toEqual([o["condition:status_certificate"].id, o["condition:financing"].id]);
  html = await (await s.get("/obligations?type=renewal&withinDays=365")).text();
  expect(rowIds(html)).toEqual([]); // the lease's renewal is a year and more away
  html = await (await s.get(`/obligations?dealId=${dealId}&withinDays=365&type=closing`)).text();
  expect(rowIds(html)).toEqual([o.closing.id]);
});

test("Done over htmx answers with the row, now done with a Reopen button; Reopen brings it back", async () => {
  const id = o["condition:financing"].id;
  const r = await s.post(`/obligations/${id}/done`, {}, { htmx: true });
  expect(r.status).toBe(200);
  const row = await r.text();
  expect(row).toStartWith(`<tr id="obl-${id}" data-status="done"`);
  expect(row).toContain(">Reopen</button>");
  expect(rowIds(await (await s.get("/obligations")).text())).not.toContain(id);
  expect(rowIds(await (await s.get("/obligations?status=done")).text())).toEqual([id]);
  const back = await (await s.post(`/obligations/${id}/reopen`, {}, { htmx: true })).text();
  expect(back).toContain('data-status="open"');
  expect(back).toContain(">Waive</button>");
  // Without htmx: back to the list; without the CSRF token: refused.
  const plain = await s.post(`/obligations/${id}/waive`);
  expect(plain.status).toBe(303);
  expect(plain.headers.get("location")).toBe("/obligations");
  const forged = await app.fetch(`/obligations/${id}/reopen`, { method: "POST", headers: { Cookie: s.cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
  expect(forged.status).toBe(403);
  expect((await byRule(a)).deposit.status).toBe("open");
});

test("the month calendar: Sunday first, obligations on their local day, today marked, overdue styled", async () => {
  let html = await (await s.get("/obligations/calendar?month=2026-08")).text();
  expect(html).toContain("<h1>August 2026</h1>");
  const heads = [...html.matchAll(/<th scope="col">(\w+)<\/th>/g)].map((m) => m[1]);
  expect(heads).toEqual(["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]);
  const days = [...html.matchAll(/<td data-date="([\d-]+)"/g)].map((m) => m[1]);
  expect(days[0]).toBe("2026-07-26");
  expect(days.at(-1)).toBe("2026-09-05");
  expect(days).toHaveLength(42);
  const cell = (date: string) => html.slice(html.indexOf(`data-date="${date}"`), html.indexOf("</td>", html.indexOf(`data-date="${date}"`)));
  expect(cell("2026-08-28")).toContain("17:00 Completion (closing)");
  expect(cell("2026-08-03")).toContain("Civic Holiday");
  expect(html).toContain('href="/obligations/calendar?month=2026-07" rel="prev"');
  expect(html).toContain('href="/obligations/calendar?month=2026-09" rel="next"');

  html = await (await s.get("/obligations/calendar")).text();
  expect(html).toContain("<h1>July 2026</h1>");
  expect(html).toContain('data-date="2026-07-13" class="today" aria-current="date"');
  expect(cell("2026-07-10")).toContain('class="has-overdue"');
  expect(cell("2026-07-10")).toContain("23:59 Offer irrevocable until");
  expect(cell("2026-07-10")).toContain('class="obl urgency-overdue"');
  expect(cell("2026-07-15")).toContain('class="obl urgency-due_soon"');
  expect((await s.get("/obligations/calendar?month=2026-13")).status).toBe(200);
});

test("another organization's obligation cannot be touched from the pages", async () => {
  const other = await ownerOf(app, "Other Brokerage");
  const os = await session(app, other.email, OWNER_PASSWORD);
  const r = await os.post(`/obligations/${o.closing.id}/done`);
  expect(r.status).toBe(303);
  expect((await byRule(a)).closing.status).toBe("open");
  expect(rowIds(await (await os.get("/obligations?withinDays=365")).text())).toEqual([]);
  expect(await (await os.get("/")).text()).toContain("Nothing due soon or overdue.");
});
