// The iCalendar feed: created on the obligations page (the URL shown once, only its SHA-256
// stored), read by a calendar app without a session, RFC 5545 text (CRLF, lines folded at 75
// octets, TEXT escaped), one VEVENT per open obligation the user may see; revoked → 404.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ManualClock } from "../../src/lib/clock";
import { sha256Hex } from "../../src/lib/crypto";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { ownerOf, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { byRule, generated, newDeal, OWNER_PASSWORD, session, TEAM_PASSWORD, teammate, type Obl, type Session } from "./support";

let app: TestApp;
let a: TestAccount;
let m: TestAccount & { name: string };
let owner: Session;
let all: Obl[];
let memberDeal: string;
const clock = new ManualClock("2026-06-25T14:00:00.000Z");
const NOTE = "Call Jane, then Bob; bring C:\\deals\nand the cheque";
const DEAL_TITLE = "Achat: 12 rue Sainte-Catherine, Montréal — a long deal title that the calendar line folding has to split somewhere";

/** Parses iCalendar text: checks the physical lines, unfolds, and returns the events' properties. */
function parse(text: string) {
  expect(text.endsWith("\r\n")).toBe(true);
  const physical = text.slice(0, -2).split("\r\n");
  for (const l of physical) {
    expect(l).not.toMatch(/[\r\n]/);
    expect(Buffer.byteLength(l, "utf8")).toBeLessThanOrEqual(75);
  }
  expect(text).not.toContain("\uFFFD");
  const lines = text.replace(/\r\n[ \t]/g, "").slice(0, -2).split("\r\n");
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT") { events.push(current!); current = null; }
    else if (current) {
      const i = line.indexOf(":");
      current[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return { folded: physical.some((l) => l.startsWith(" ")), lines, events };
}
const unescape = (s: string) => s.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
const tokenOf = (url: string) => url.match(/\/calendar\/([^/]+)\.ics$/)![1];

async function createFeed(s: Session): Promise<string> {
  const r = await s.post("/obligations/feed");
  expect(r.status).toBe(200);
  expect(r.headers.get("cache-control")).toBe("no-store");
  const url = (await r.text()).match(/id="feed-url" type="text" readonly value="([^"]+)"/)![1];
  expect(url).toMatch(/^http:\/\/winnerr\.test\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  return url;
}
const feed = (url: string) => app.fetch(new URL(url).pathname);

beforeAll(async () => {
  app = await startTestApp({ clock, env: { PUBLIC_URL: "http://winnerr.test" } });
  a = await ownerOf(app, "Harbour Realty");
  m = await teammate(app, a, "Mia Member");
  const ownerDeal = await newDeal(a, DEAL_TITLE);
  memberDeal = await newDeal(a, "Buyer search: Jane Smith", m.userId);
  await generated(app, a, EXAMPLES["on/aps"], ownerDeal);
  await generated(app, a, EXAMPLES["on/buyer-rep"], memberDeal);
  await generated(app, a, EXAMPLES["on/residential-lease"]);
  const closing = Object.values(await byRule(a)).find((o) => o.ruleKey === "condition:financing")!;
  expect((await a.api("PATCH", `/api/obligations/${closing.id}`, { note: NOTE })).status).toBe(200);
  all = (await (await a.api("GET", "/api/obligations?status=open")).json()).obligations;
  owner = await session(app, a.email, OWNER_PASSWORD);
});
afterAll(() => app.stop());

describe("the owner's feed", () => {
  let url: string;
  test("the page shows the address once; only its SHA-256 is stored", async () => {
    url = await createFeed(owner);
    const later = await (await owner.get("/obligations")).text();
    expect(later).not.toContain(tokenOf(url));
    expect(later).toContain("A feed is active since 2026-06-25");
    const rows = app.ctx.db.reader.query("SELECT token_hash, revoked_at FROM calendar_feeds WHERE user_id = ?").all(a.userId) as { token_hash: string; revoked_at: string | null }[];
    expect(rows).toEqual([{ token_hash: sha256Hex(tokenOf(url)), revoked_at: null }]);
  });

  test("one VEVENT per open, dated obligation, with escaping, folding, dates and links", async () => {
    const r = await feed(url);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const ics = parse(await r.text());
    expect(ics.lines.slice(0, 2)).toEqual(["BEGIN:VCALENDAR", "VERSION:2.0"]);
    expect(ics.lines).toContain("X-WR-CALNAME:Harbour Realty obligations");
    const dated = all.filter((o) => o.dueDate);
    expect(dated).toHaveLength(8); // the APS deposit waits for acceptance
    expect(ics.events.map((e) => e.UID).sort()).toEqual(dated.map((o) => `${o.id}@winnerr.test`).sort());
    expect(ics.folded).toBe(true);

    const byUid = (o: Obl) => ics.events.find((e) => e.UID === `${o.id}@winnerr.test`)!;
    const find = (key: string) => dated.find((o) => o.ruleKey === key)!;
    const closing = byUid(find("closing"));
    expect(closing["DTSTART;VALUE=DATE"]).toBe("20260828"); // no time in the document: a whole day
    expect(unescape(closing.SUMMARY)).toBe(`Completion (closing) · ${DEAL_TITLE}`);
    expect(unescape(closing.DESCRIPTION)).toContain("Due by the end of the business day (17:00).");
    expect(unescape(closing.DESCRIPTION)).toContain(`Deal: ${DEAL_TITLE} http://winnerr.test/deals/${find("closing").dealId}`);
    expect(closing.URL).toBe(`http://winnerr.test/deals/${find("closing").dealId}`);

    const financing = byUid(find("condition:financing"));
    expect(financing.DTSTART).toBe("20260717T220000Z"); // 18:00 EDT
    expect(financing.DESCRIPTION).toContain("Call Jane\\, then Bob\\; bring C:\\\\deals\\nand the cheque");
    expect(unescape(financing.DESCRIPTION)).toContain(`Note: ${NOTE}`);
    expect(financing.CATEGORIES).toBe("Condition waiver");
    expect(financing.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);
  });

  test("a done obligation leaves the feed", async () => {
    const closing = all.find((o) => o.ruleKey === "closing")!;
    expect((await a.api("POST", `/api/obligations/${closing.id}/done`)).status).toBe(200);
    const ics = parse(await (await feed(url)).text());
    expect(ics.events).toHaveLength(7);
    expect(ics.events.map((e) => e.UID)).not.toContain(`${closing.id}@winnerr.test`);
  });

  test("a new address revokes the old one; revoking ends the new one; unknown tokens are 404", async () => {
    const second = await createFeed(owner);
    expect((await feed(url)).status).toBe(404);
    expect((await feed(second)).status).toBe(200);
    const revoked = await owner.post("/obligations/feed/revoke", {}, { htmx: true });
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toContain("No feed yet.");
    expect((await feed(second)).status).toBe(404);
    expect((await app.fetch(`/calendar/${"x".repeat(43)}.ics`)).status).toBe(404);
    expect((await app.fetch(`/calendar/${tokenOf(second)}`)).status).toBe(404);
    // The token never reaches the log.
    expect(app.rawLogs.join("\n")).not.toContain(tokenOf(second));
    expect(app.rawLogs.join("\n")).toContain("/calendar/[REDACTED]");
  });
});

test("a member's feed holds their deals' obligations and those on no deal, not other deals'", async () => {
  const member = await session(app, m.email, TEAM_PASSWORD);
  const ics = parse(await (await feed(await createFeed(member))).text());
  const visible = all.filter((o) => o.dueDate && (o.dealId === memberDeal || o.dealId === null));
  expect(visible).toHaveLength(4);
  expect(ics.events.map((e) => e.UID).sort()).toEqual(visible.map((o) => `${o.id}@winnerr.test`).sort());
});
