// The pages over HTTP: cookie sessions, CSRF on every state-changing request, the one-time
// setup link, invitation accept, the team page and the outbox.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { issueSetupLink } from "../../src/modules/setup/service";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp({ env: { PUBLIC_URL: "http://winnerr.test" } }); // no SMTP: mail goes to the outbox
});
afterEach(() => app.stop());

const form = (data: Record<string, string>, cookie?: string, extra: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}), ...extra },
  body: new URLSearchParams(data).toString(),
});

function sessionCookie(res: Response): string {
  const c = res.headers.getSetCookie().find((h) => h.startsWith("winnerr_session="));
  if (!c) throw new Error("no session cookie");
  return c.split(";")[0];
}

async function csrfOf(cookie: string, path = "/account"): Promise<string> {
  const page = await (await app.fetch(path, { headers: { Cookie: cookie } })).text();
  const m = page.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error(`no CSRF token on ${path}: ${JSON.stringify(app.logs.filter((l) => l.level === "error"))}`);
  return m[1];
}

/** Claims the first-run setup link and returns the owner's session cookie. */
async function setupOwner(): Promise<string> {
  const url = issueSetupLink(app.ctx)!;
  const path = new URL(url).pathname;
  const res = await app.fetch(path, form({ companyName: "Harbour Realty", name: "Olive Owner", email: "olive@harbour.ca", password: "owner password 1" }));
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/");
  return sessionCookie(res);
}

test("signed-out browsers are sent to the sign-in page and back", async () => {
  const res = await app.fetch("/settings/team");
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/login?next=%2Fsettings%2Fteam");
  const hx = await app.fetch("/settings/team", { headers: { "HX-Request": "true" } });
  expect(hx.headers.get("hx-redirect")).toBe("/login?next=%2Fsettings%2Fteam");
});

test("the setup link works once, while no user exists, and makes a platform admin", async () => {
  const url = issueSetupLink(app.ctx)!;
  expect(url).toStartWith("http://winnerr.test/setup/");
  const path = new URL(url).pathname;
  expect((await app.fetch(path)).status).toBe(200);
  expect((await app.fetch("/setup/not-the-token")).status).toBe(404);
  const res = await app.fetch(path, form({ companyName: "Harbour Realty", name: "Olive", email: "olive@harbour.ca", password: "owner password 1" }));
  expect(res.status).toBe(303);
  const row = app.ctx.db.reader.query("SELECT role, platform_admin, email_verified, organization_id FROM users").get() as Record<string, unknown>;
  expect(row).toMatchObject({ role: "owner", platform_admin: 1, email_verified: 1 });
  expect(row.organization_id).toBeTruthy();
  expect((await app.fetch(path)).status).toBe(404); // used
  expect(issueSetupLink(app.ctx)).toBeUndefined(); // a user exists: no new link
});

test("the setup link expires after 30 minutes", async () => {
  const path = new URL(issueSetupLink(app.ctx)!).pathname;
  app.clock.advance(31 * 60_000);
  expect((await app.fetch(path)).status).toBe(404);
});

test("a session without the CSRF token cannot change anything", async () => {
  const cookie = await setupOwner();
  const csrf = await csrfOf(cookie);
  const without = await app.fetch("/account/profile", form({ name: "Mallory" }, cookie));
  expect(without.status).toBe(403);
  const wrong = await app.fetch("/account/profile", form({ name: "Mallory", _csrf: "x".repeat(32) }, cookie));
  expect(wrong.status).toBe(403);
  expect((app.ctx.db.reader.query("SELECT name FROM users").get() as { name: string }).name).toBe("Olive Owner");
  // the form field or the header htmx sends both work
  expect((await app.fetch("/account/profile", form({ name: "Olive O.", _csrf: csrf }, cookie))).status).toBe(303);
  expect((await app.fetch("/account/profile", form({ name: "Olive P." }, cookie, { "X-CSRF-Token": csrf, "HX-Request": "true" }))).status).toBe(204);
  expect((app.ctx.db.reader.query("SELECT name FROM users").get() as { name: string }).name).toBe("Olive P.");
});

test("invite from the team page, accept through the mailed link, role change and removal", async () => {
  const cookie = await setupOwner();
  const csrf = await csrfOf(cookie, "/settings/team");
  const invited = await app.fetch("/settings/team/invite", form({ name: "Ian Agent", email: "ian@harbour.ca", role: "member", _csrf: csrf }, cookie));
  expect(invited.status).toBe(303);

  // No SMTP: the invitation waits in the outbox, which the platform admin can read.
  const outbox = await (await app.fetch("/admin/outbox", { headers: { Cookie: cookie } })).text();
  expect(outbox).toContain("Olive Owner invited you to Harbour Realty on Winnerr");
  const link = outbox.match(/http:\/\/winnerr\.test(\/invite\/[^\s<]+)/)![1];

  expect((await app.fetch(link)).status).toBe(200);
  const short = await app.fetch(link, form({ name: "Ian Agent", password: "short" }));
  expect(short.status).toBe(400);
  expect(await short.text()).toContain("Password must be 10 to 256 characters");
  const accepted = await app.fetch(link, form({ name: "Ian Agent", password: "ian's password!" }));
  expect(accepted.status).toBe(303);
  const ianCookie = sessionCookie(accepted);
  expect((await app.fetch(link)).status).toBe(400); // used

  // A member may read the team but not manage it, nor read the outbox.
  const memberView = await (await app.fetch("/settings/team", { headers: { Cookie: ianCookie } })).text();
  expect(memberView).toContain("Olive Owner");
  expect(memberView).not.toContain("Send invitation");
  expect((await app.fetch("/admin/outbox", { headers: { Cookie: ianCookie } })).status).toBe(403);
  const ianCsrf = await csrfOf(ianCookie, "/settings/team");
  const ian = app.ctx.db.reader.query("SELECT id FROM users WHERE email = 'ian@harbour.ca'").get() as { id: string };
  const olive = app.ctx.db.reader.query("SELECT id FROM users WHERE email = 'olive@harbour.ca'").get() as { id: string };
  expect((await app.fetch(`/settings/team/${olive.id}/role`, form({ role: "member", _csrf: ianCsrf }, ianCookie))).status).toBe(403);

  // The owner promotes Ian, then removes him; his session ends with it.
  expect((await app.fetch(`/settings/team/${ian.id}/role`, form({ role: "admin", _csrf: csrf }, cookie))).status).toBe(303);
  expect((app.ctx.db.reader.query("SELECT role FROM users WHERE id = ?").get(ian.id) as { role: string }).role).toBe("admin");
  const removed = await app.fetch(`/settings/team/${ian.id}/remove`, form({ _csrf: csrf }, cookie));
  expect(removed.status).toBe(303);
  expect((await app.fetch("/settings/team", { headers: { Cookie: ianCookie } })).status).toBe(303); // signed out
});

test("wrong password on the sign-in page re-renders the form with one message", async () => {
  await setupOwner();
  const res = await app.fetch("/login", form({ email: "olive@harbour.ca", password: "wrong password" }));
  expect(res.status).toBe(401);
  const page = await res.text();
  expect(page).toContain("Invalid email or password");
  expect(page).toContain('value="olive@harbour.ca"');
  const unknown = await (await app.fetch("/login", form({ email: "nobody@harbour.ca", password: "wrong password" }))).text();
  expect(unknown).toContain("Invalid email or password");
});

test("sign-in never redirects off-site", async () => {
  await setupOwner();
  const res = await app.fetch("/login", form({ email: "olive@harbour.ca", password: "owner password 1", next: "//evil.example/x" }));
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/");
});

test("logout ends the session", async () => {
  const cookie = await setupOwner();
  const csrf = await csrfOf(cookie);
  const out = await app.fetch("/logout", form({ _csrf: csrf }, cookie));
  expect(out.status).toBe(303);
  expect(out.headers.getSetCookie().join()).toContain("winnerr_session=;");
  expect((await app.fetch("/account", { headers: { Cookie: cookie } })).status).toBe(303);
});
