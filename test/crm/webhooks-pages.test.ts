// /settings/webhooks in a browser session: add a webhook and see its secret once, see recent
// deliveries with their status codes, pause, rotate, delete; admins only; CSRF on every change.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { EVENT_NAMES } from "../../src/modules/events/service";
import { createOwner } from "../../src/modules/setup/service";
import { startTestApp, type TestApp } from "../support/app";
import { publish, startReceiver, type Receiver } from "./webhooks-support";

let app: TestApp;
let rx: Receiver;
let cookie: string;
let orgId: string;
const PASSWORD = "owner password 1";

const form = (data: Record<string, string | string[]>, extra: Record<string, string> = {}) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(data)) for (const one of [v].flat()) body.append(k, one);
  return { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, ...extra }, body: body.toString() };
};

async function signIn(email: string): Promise<string> {
  const res = await app.fetch("/login", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email, password: PASSWORD }).toString() });
  expect(res.status).toBe(303);
  return res.headers.getSetCookie().find((c) => c.startsWith("winnerr_session="))!.split(";")[0];
}

async function page(): Promise<string> {
  const res = await app.fetch("/settings/webhooks", { headers: { Cookie: cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

const csrfIn = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];
const secretIn = (html: string) => html.match(/value="(whsec_[^"]+)"/)?.[1];
const webhookRows = () => app.ctx.db.reader.query("SELECT id, url, active FROM webhook_subscriptions WHERE organization_id = ? ORDER BY created_at").all(orgId) as { id: string; url: string; active: number }[];

beforeAll(async () => {
  app = await startTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE: "1" } });
  rx = startReceiver(500);
  const owner = await createOwner(app.ctx, { email: "olive@harbour.ca", name: "Olive Owner", password: PASSWORD, companyName: "Harbour Realty", platformAdmin: false });
  orgId = owner.organizationId!;
  cookie = await signIn(owner.email);
});
afterAll(async () => {
  rx.stop();
  await app.stop();
});

test("the page offers every event name and is in the navigation", async () => {
  const html = await page();
  for (const name of EVENT_NAMES) expect(html).toContain(`value="${name}"`);
  expect(html).toContain('value="*"');
  expect(html).toContain('href="/settings/webhooks" aria-current="page"');
  expect(html).toContain("No webhooks yet.");
});

/** Follows a change's redirect to the page that shows the new secret; returns that page. */
async function revealed(res: Response): Promise<{ html: string; location: string }> {
  expect(res.status).toBe(303);
  const location = res.headers.get("location")!;
  expect(location).toMatch(/^\/settings\/webhooks\?reveal=/);
  const shown = await app.fetch(location, { headers: { Cookie: cookie } });
  expect(shown.status).toBe(200);
  expect(shown.headers.get("cache-control")).toBe("no-store");
  return { html: await shown.text(), location };
}

test("adding a webhook shows its secret once, with a warning, and never again", async () => {
  const csrf = csrfIn(await page());
  const { html, location } = await revealed(await app.fetch("/settings/webhooks", form({ _csrf: csrf, url: rx.url, events: ["PERSON_CREATED", "NOTE_ADDED"] })));
  const secret = secretIn(html)!;
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  expect(html).toContain("it will not be shown again");
  expect(webhookRows()).toMatchObject([{ url: rx.url, active: 1 }]);

  // reloading the page that showed it neither shows it again nor adds another webhook
  const reload = await (await app.fetch(location, { headers: { Cookie: cookie } })).text();
  expect(secretIn(reload)).toBeUndefined();
  expect(webhookRows()).toHaveLength(1);
  const again = await page();
  expect(secretIn(again)).toBeUndefined();
  expect(again).not.toContain(secret.slice(6));
  expect(again).toContain(`…${secret.slice(-4)}`);
  expect(again).toContain("PERSON_CREATED, NOTE_ADDED");
});

test("recent deliveries show their status, attempts and status code", async () => {
  await publish(app, orgId, "PERSON_CREATED", { personId: "person_1" });
  const html = await page();
  const row = html.match(/<tr data-delivery="whd_[^"]+">([\s\S]*?)<\/tr>/)![1];
  expect(row).toContain("PERSON_CREATED");
  expect(row).toContain("pending");
  expect(row).toMatch(/<td>1<\/td>\s*<td>500<\/td>/);
});

test("a refused URL is shown beside the field, with the choices kept, and nothing is stored", async () => {
  const before = webhookRows().length;
  app.ctx.config.webhooksAllowPrivate = false;
  try {
    const res = await app.fetch("/settings/webhooks", form({ _csrf: csrfIn(await page()), url: "http://169.254.169.254/", events: ["DEAL_CREATED"] }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/class="field-error">url resolves to a private, loopback or link-local address/);
    expect(html).toContain('value="DEAL_CREATED" checked');
  } finally {
    app.ctx.config.webhooksAllowPrivate = true;
  }
  const none = await app.fetch("/settings/webhooks", form({ _csrf: csrfIn(await page()), url: rx.url }));
  expect(none.status).toBe(400);
  expect(await none.text()).toContain("Choose at least one event");
  expect(webhookRows().length).toBe(before);
});

test("pause, rotate and delete, each with the CSRF token", async () => {
  const [{ id }] = webhookRows();
  const csrf = csrfIn(await page());
  expect((await app.fetch(`/settings/webhooks/${id}/rotate`, form({}))).status).toBe(403); // no token
  const paused = await app.fetch(`/settings/webhooks/${id}/active`, form({ _csrf: csrf, active: "false" }));
  expect(paused.status).toBe(303);
  expect(webhookRows()[0].active).toBe(0);

  const { html } = await revealed(await app.fetch(`/settings/webhooks/${id}/rotate`, form({ _csrf: csrf })));
  expect(html).toContain("New signing secret");
  expect(secretIn(html)).toMatch(/^whsec_/);

  const deleted = await app.fetch(`/settings/webhooks/${id}/delete`, form({ _csrf: csrf }));
  expect(deleted.status).toBe(303);
  expect(deleted.headers.get("location")).toBe("/settings/webhooks");
  expect(webhookRows()).toEqual([]);
  // a second delete of the same id reports it, rather than an error page
  const gone = await app.fetch(`/settings/webhooks/${id}/delete`, form({ _csrf: csrf }));
  expect(gone.status).toBe(303);
});

test("members get 403; signed-out browsers are sent to sign in", async () => {
  const member = await createOwner(app.ctx, { email: "max@harbour.ca", name: "Max", password: PASSWORD, companyName: "Elsewhere", platformAdmin: false });
  // Made a member of this organization directly: the invitation flow has its own tests.
  app.ctx.db.writer.run("UPDATE users SET organization_id = ?, role = 'member' WHERE id = ?", [orgId, member.id]);
  const memberCookie = await signIn(member.email);
  expect((await app.fetch("/settings/webhooks", { headers: { Cookie: memberCookie } })).status).toBe(403);
  const anon = await app.fetch("/settings/webhooks");
  expect(anon.status).toBe(303);
  expect(anon.headers.get("location")).toBe("/login?next=%2Fsettings%2Fwebhooks");
});
