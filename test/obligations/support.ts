// Helpers of the obligation tests: a teammate signed in over HTTP, a deal, a generated document
// (with the outbox drained, so its obligations exist), and reading obligations back.
import { expect } from "bun:test";
import type { Principal } from "../../src/http/principal";
import { signToken } from "../../src/modules/identity/tokens";
import { acceptInvitation, inviteMember } from "../../src/modules/users/service";
import { signedIn, type TestAccount } from "../support/accounts";
import type { TestApp } from "../support/app";

export const d = (year: number, month: number, day: number) => ({ year, month, day });
/** The passwords of ownerOf (test/support/accounts.ts) and of teammate(). */
export const OWNER_PASSWORD = "correct horse battery";
export const TEAM_PASSWORD = "a long enough passphrase";

let seq = 0;
/** A teammate of the owner's organization (member by default), invited and signed in. */
export async function teammate(app: TestApp, owner: TestAccount, name: string, role: "member" | "admin" = "member"): Promise<TestAccount & { name: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${++seq}@harbour.example`;
  const password = TEAM_PASSWORD;
  const inviter: Principal = { kind: "session", userId: owner.userId, orgId: owner.orgId, role: "owner" };
  const u = await inviteMember(app.ctx, inviter, { email, name, role });
  await acceptInvitation(app.ctx, await signToken(app.ctx.tokens, "invite", u.id, 3600), { name, password });
  return Object.assign(await signedIn(app, { userId: u.id, orgId: owner.orgId, email, password }), { name });
}

export async function newDeal(a: TestAccount, title: string, agentUserId?: string): Promise<string> {
  const r = await a.api("POST", "/api/deals", { kind: "purchase", title, address: { street: "88 Harbour St", city: "Toronto", province: "ON" }, stage: "offer", agentUserId });
  expect(r.status).toBe(201);
  return (await r.json()).deal.id;
}

/** Creates and generates a document; waits for the outbox so its obligations are there. */
export async function generated(app: TestApp, a: TestAccount, canonical: unknown, dealId: string | null = null): Promise<{ id: string; rootId: string }> {
  const r = await a.api("POST", "/api/documents", { canonical, dealId });
  expect(r.status).toBe(201);
  const doc = await r.json();
  const g = await a.api("POST", `/api/documents/${doc.id}/generate`);
  expect(g.status).toBe(200);
  await app.ctx.events.idle();
  return { id: doc.id, rootId: doc.rootId };
}

/** A new version with a changed canonical, generated. */
export async function regenerated(app: TestApp, a: TestAccount, fromId: string, canonical: unknown): Promise<string> {
  const v = await a.api("POST", `/api/documents/${fromId}/versions`, { canonical });
  expect(v.status).toBe(201);
  const id = (await v.json()).id;
  expect((await a.api("POST", `/api/documents/${id}/generate`)).status).toBe(200);
  await app.ctx.events.idle();
  return id;
}

export interface Obl {
  id: string; documentId: string; rootId: string; dealId: string | null; ruleKey: string; type: string; description: string | null;
  dueDate: string | null; dueDateOverridden: boolean; amountCents: number | null; status: string; urgency: string | null; note: string | null;
  doneAt: string | null; doneBy: string | null;
}

/** Every obligation of the organization (the additional list route), keyed by rule. */
export async function byRule(a: TestAccount, query = ""): Promise<Record<string, Obl>> {
  const r = await a.api("GET", `/api/obligations${query}`);
  expect(r.status).toBe(200);
  return Object.fromEntries(((await r.json()).obligations as Obl[]).map((o) => [o.ruleKey, o]));
}

export async function upcoming(a: TestAccount, withinDays?: number | string) {
  const r = await a.api("GET", `/api/documents/obligations${withinDays === undefined ? "" : `?withinDays=${withinDays}`}`);
  expect(r.status).toBe(200);
  return (await r.json()).obligations as { id: string; documentId: string; dealId: string | null; type: string; description: string | null; dueDate: string; amountCents: number | null; urgency: string }[];
}

export interface Session {
  cookie: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** A form POST with the page's CSRF token; htmx adds the header htmx sends. */
  post(path: string, data?: Record<string, string>, opts?: { htmx?: boolean }): Promise<Response>;
}

/** A browser session over HTTP: signs in through /login, reads the CSRF token from a page. */
export async function session(app: TestApp, email: string, password: string): Promise<Session> {
  const res = await app.fetch("/login", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email, password }).toString() });
  expect(res.status).toBe(303);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("winnerr_session="))!.split(";")[0];
  const get = (path: string, headers: Record<string, string> = {}) => app.fetch(path, { headers: { Cookie: cookie, ...headers } });
  const csrf = (await (await get("/obligations")).text()).match(/name="_csrf" value="([^"]+)"/)![1];
  return {
    cookie,
    get,
    post: (path, data = {}, opts = {}) => app.fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, ...(opts.htmx ? { "HX-Request": "true" } : {}) },
      body: new URLSearchParams({ _csrf: csrf, ...data }).toString(),
    }),
  };
}
