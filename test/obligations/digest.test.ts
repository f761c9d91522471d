// The daily digest over a real SMTP server on loopback: nothing before DIGEST_HOUR in the
// organization's zone; then one mail per agent (their deals' due-soon and overdue obligations)
// and per admin or owner (all of them), none to whoever has nothing due; once a local day, even
// across a restart on the same data directory; again the next day.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { DAY, HOUR, ManualClock } from "../../src/lib/clock";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { createMailer } from "../../src/modules/mail/service";
import { runObligationDigests } from "../../src/modules/obligations/digest";
import { ownerOf, signedIn, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { startSmtp, type ReceivedMail, type TestSmtp } from "../support/smtp";
import { d, generated, newDeal, OWNER_PASSWORD, teammate } from "./support";

let app: TestApp;
let smtp: TestSmtp;
let owner: TestAccount;
let admin: TestAccount;
let agent: TestAccount;
let idle: TestAccount;
const clock = new ManualClock("2026-07-14T10:00:00.000Z"); // 06:00 in Toronto
const env = () => ({ SMTP_URL: smtp.url, PUBLIC_URL: "http://winnerr.test" });

beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({ clock, env: env() });
  owner = await ownerOf(app, "Harbour Realty");
  admin = await teammate(app, owner, "Ada Admin", "admin");
  agent = await teammate(app, owner, "Mia Agent");
  idle = await teammate(app, owner, "Noah Idle");
  // The agent's deal: the irrevocable date has passed, two waivers are days away, the closing is not.
  await generated(app, owner, EXAMPLES["on/aps"], await newDeal(owner, "Purchase: 2502-88 Harbour St", agent.userId));
  // The owner's deal: nothing due for weeks.
  await generated(app, owner, EXAMPLES["on/buyer-rep"], await newDeal(owner, "Buyer search: Smith", owner.userId));
  // On no deal, due in four days: admins and owners only.
  const rep = structuredClone(EXAMPLES["on/buyer-rep"]) as any;
  rep.buyerRep = { ...rep.buyerRep, start: d(2026, 6, 1), expiry: d(2026, 7, 18), holdoverDays: 0 };
  await generated(app, owner, rep);
  smtp.messages.splice(0); // the invitations
});
afterAll(async () => {
  await app?.stop();
  await smtp.close();
});

const digests = () => smtp.messages.filter((x) => x.subject.startsWith("Obligations:"));
const to = (who: TestAccount) => digests().filter((x) => x.to.includes(who.email));
const items = (mail: ReceivedMail) => mail.text.split(/\r?\n/).filter((l) => l.startsWith("- ["));

test("before the digest hour (07:00 local) nothing is sent", async () => {
  expect(await runObligationDigests(app.ctx)).toBe(0);
  clock.set("2026-07-14T10:59:59.000Z");
  expect(await runObligationDigests(app.ctx)).toBe(0);
  expect(digests()).toHaveLength(0);
});

test("after it: one mail each to the agent, the admin and the owner; none to a member with nothing due", async () => {
  clock.set("2026-07-14T11:00:00.000Z"); // 07:00 EDT
  expect(await runObligationDigests(app.ctx)).toBe(3);
  expect(digests()).toHaveLength(3);
  expect(to(idle)).toHaveLength(0);

  const [mine] = to(agent);
  expect(mine.subject).toBe("Obligations: 1 overdue, 2 due soon");
  expect(items(mine)).toEqual([
    "- [Overdue] Fri 2026-07-10 23:59 · Offer irrevocable until · Purchase: 2502-88 Harbour St",
    "- [Due soon] Wed 2026-07-15 18:00 · Waive or fulfil: Buyer's lawyer reviewing the status certificate · Purchase: 2502-88 Harbour St",
    "- [Due soon] Fri 2026-07-17 18:00 · Waive or fulfil: Buyer arranging a first mortgage satisfactory to the buyer · Purchase: 2502-88 Harbour St",
  ]);
  expect(mine.text).toContain("Hello Mia Agent");
  expect(mine.text).toMatch(/http:\/\/winnerr\.test\/deals\/deal_/);
  expect(mine.text).toContain("http://winnerr.test/obligations");

  for (const boss of [owner, admin]) {
    const [m] = to(boss);
    expect(m.subject).toBe("Obligations: 1 overdue, 3 due soon");
    expect(items(m)).toHaveLength(4);
    expect(items(m)[3]).toBe("- [Due soon] Sat 2026-07-18 17:00 · The buyer representation agreement expires · Buyer Representation Agreement — Jane Smith & Raj Smith");
  }
  const rows = app.ctx.db.reader.query("SELECT user_id, day, items FROM obligation_digests ORDER BY items").all();
  expect(rows).toEqual(expect.arrayContaining([{ user_id: agent.userId, day: "2026-07-14", items: 3 }, { user_id: owner.userId, day: "2026-07-14", items: 4 }]));
});

test("a second run the same local day sends nothing", async () => {
  clock.advance(12 * HOUR); // 19:00 EDT
  expect(await runObligationDigests(app.ctx)).toBe(0);
  expect(digests()).toHaveLength(3);
});

test("a restart on the same data directory does not send again; the next day does", async () => {
  await app.stop({ keepData: true });
  app = await startTestApp({ clock, dataDir: app.dataDir, env: env() });
  expect(await runObligationDigests(app.ctx)).toBe(0); // after the run the worker made at start
  expect(digests()).toHaveLength(3);

  clock.set(Date.parse("2026-07-14T11:00:00.000Z") + DAY);
  expect(await runObligationDigests(app.ctx)).toBe(3);
  expect(digests()).toHaveLength(6);
  expect(to(agent).map((m) => m.subject)).toEqual(["Obligations: 1 overdue, 2 due soon", "Obligations: 1 overdue, 2 due soon"]);
});

test("done obligations drop out; with nothing left due, no mail", async () => {
  clock.set(Date.parse("2026-07-14T11:00:00.000Z") + 2 * DAY);
  owner = await signedIn(app, { ...owner, password: OWNER_PASSWORD }); // the same account, on the restarted app
  const open = (await (await owner.api("GET", "/api/documents/obligations?withinDays=7")).json()).obligations;
  for (const o of open) expect((await owner.api("POST", `/api/obligations/${o.id}/done`)).status).toBe(200);
  expect(await runObligationDigests(app.ctx)).toBe(0);
  expect(digests()).toHaveLength(6);
});

test("a mail server that refuses: the day's claim is released, so a later run tries again", async () => {
  const down = await startTestApp({ clock: new ManualClock("2026-07-14T12:00:00.000Z"), env: { SMTP_URL: "smtp://127.0.0.1:1", PUBLIC_URL: "http://winnerr.test" } });
  try {
    const o = await ownerOf(down, "Harbour Realty");
    await generated(down, o, EXAMPLES["on/aps"], await newDeal(o, "Purchase: 2502-88 Harbour St"));
    expect(await runObligationDigests(down.ctx)).toBe(0);
    expect(down.ctx.db.reader.query("SELECT count(*) AS n FROM obligation_digests").get()).toEqual({ n: 0 });
    expect(down.logs.some((l) => l.msg === "obligation digest failed")).toBe(true);
    // The mail server is back (here: the outbox): the same day's digest goes out.
    down.ctx.mailer = createMailer({ ...down.ctx.config, smtpUrl: null }, down.ctx.db, down.ctx.clock, down.ctx.logger);
    expect(await runObligationDigests(down.ctx)).toBe(1);
    expect(down.ctx.db.reader.query("SELECT subject FROM mail_outbox WHERE subject LIKE 'Obligations:%'").all()).toEqual([{ subject: "Obligations: 1 overdue, 2 due soon" }]);
  } finally {
    await down.stop();
  }
});
