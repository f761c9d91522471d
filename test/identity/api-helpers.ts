// Shared helpers for the /api/v1 identity tests: a real app with a real SMTP server, JSON calls
// with an optional bearer token, and the multi-step journeys (register through the mailed link,
// onboard, invite and accept through the mailed link) that most tests start from.
import { expect } from "bun:test";
import { acceptInvitation } from "../../src/modules/users/service";
import { MINUTE } from "../../src/lib/clock";
import { startTestApp, type TestApp } from "../support/app";
import { linkIn, startSmtp, type TestSmtp } from "../support/smtp";

export const PUBLIC_URL = "http://winnerr.test";
export const PASSWORD = "SecurePassword123!";
export { MINUTE };
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface Harness {
  app: TestApp;
  smtp: TestSmtp;
  stop(): Promise<void>;
}

/** A real app wired to a loopback SMTP server; extra env (e.g. TRUSTED_PROXIES) merges in. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const smtp = await startSmtp();
  const app = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL, ...env } });
  return {
    app,
    smtp,
    async stop() {
      await app.stop();
      await smtp.close();
    },
  };
}

let seq = 0;
/** A fresh, lower-case address no other test uses. */
export function uniqueEmail(prefix = "user"): string {
  seq++;
  return `${prefix}-${seq}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

/** One JSON request to the app; the body is parsed when the response is JSON. */
export async function call(app: TestApp, method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const res = await app.fetch(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let body: unknown = text;
  if (res.headers.get("content-type")?.includes("application/json")) body = JSON.parse(text);
  return { status: res.status, body, headers: res.headers };
}

/** requestInfo without its query string (api-users checks the query separately). */
function requestInfoOf(body: { requestInfo?: { url?: unknown; method?: unknown; ip?: unknown } }) {
  const ri = body?.requestInfo ?? {};
  return { url: typeof ri.url === "string" ? ri.url.split("?")[0] : ri.url, method: ri.method, ip: ri.ip };
}

/**
 * Asserts the platform error envelope of the spec's Error Handling section and returns the body.
 * `path` is the request path requestInfo.url should echo (its query is compared elsewhere).
 */
export function expectPlatformError(r: CallResult, status: number, method: string, path: string) {
  expect(r.status).toBe(status);
  expect(r.body).toMatchObject({ success: false, statusCode: status, data: null });
  expect(requestInfoOf(r.body)).toEqual({ url: path, method, ip: expect.any(String) });
  expect(typeof r.body.message).toBe("string");
  expect(r.body.message.length).toBeGreaterThan(0);
  return r.body;
}

/** Asserts a 400 validation envelope whose errors include one for `field` (exact or a sub-path like allowedIps.0). */
export function expectValidationError(r: CallResult, method: string, path: string, field: string) {
  const body = expectPlatformError(r, 400, method, path);
  expect(Array.isArray(body.errors)).toBe(true);
  for (const e of body.errors) {
    expect(typeof e.field).toBe("string");
    expect(typeof e.message).toBe("string");
    expect(e.message.length).toBeGreaterThan(0);
  }
  const fields: string[] = body.errors.map((e: { field: string }) => e.field);
  // A sub-path such as allowedIps.1 counts as naming the field; otherwise show what was named.
  if (!fields.some((f) => f.startsWith(`${field}.`))) expect(fields).toContain(field);
  return body;
}

/** Asserts the spec's success envelope (success, status, message, requestInfo) and returns data. */
export function expectPlatformOk(r: CallResult, status: number, message: string, method: string, path: string) {
  if (r.status !== status) throw new Error(`expected ${status} from ${method} ${path}, got ${r.status}: ${JSON.stringify(r.body)}`);
  expect(r.body).toMatchObject({ success: true, status, message });
  expect(requestInfoOf(r.body)).toEqual({ url: path, method, ip: expect.any(String) });
  return r.body.data;
}

export function count(app: TestApp, sql: string, params: unknown[] = []): number {
  return (app.ctx.db.reader.query(sql).get(...(params as [])) as { n: number }).n;
}

export function userRow(app: TestApp, email: string) {
  return app.ctx.db.reader.query("SELECT * FROM users WHERE email = ? ORDER BY created_at DESC LIMIT 1").get(email) as
    | Record<string, unknown>
    | null;
}

/** Asks for a verification mail and returns the token from its /verify link. */
export async function verificationToken(h: Harness, email: string): Promise<string> {
  const r = await call(h.app, "POST", "/api/v1/auth/register/request-verification", { body: { email } });
  expect(r.status).toBe(200);
  const mail = await h.smtp.waitFor(email.toLowerCase());
  const link = linkIn(mail.text, `${PUBLIC_URL}/verify?token=`);
  return decodeURIComponent(new URL(link).searchParams.get("token")!);
}

export interface Account {
  id: string;
  email: string;
  password: string;
  name: string;
  accessToken: string;
  refreshToken: string;
  orgId: string | null;
}

/** Registers through the mailed verification link; the new account has no organization yet. */
export async function register(h: Harness, opts: { email?: string; name?: string; password?: string } = {}): Promise<Account> {
  const email = opts.email ?? uniqueEmail();
  const name = opts.name ?? "Jane User";
  const password = opts.password ?? PASSWORD;
  const token = await verificationToken(h, email);
  const r = await call(h.app, "POST", "/api/v1/auth/register/complete", { body: { token, name, password } });
  if (r.status !== 201) throw new Error(`register/complete gave ${r.status}: ${JSON.stringify(r.body)}`);
  const u = r.body.data.user;
  return { id: u.id, email: u.email, password, name, accessToken: u.tokens.accessToken, refreshToken: u.tokens.refreshToken, orgId: null };
}

/** Registers and onboards: the returned account owns a new organization. */
export async function registerOwner(h: Harness, opts: { email?: string; companyName?: string } = {}): Promise<Account> {
  const acc = await register(h, { email: opts.email });
  const r = await call(h.app, "POST", "/api/v1/customers/onboard", {
    token: acc.accessToken,
    body: { companyName: opts.companyName ?? "Tech Corp", phone: "+14165550100", description: "AI Lab" },
  });
  if (r.status !== 201) throw new Error(`onboard gave ${r.status}: ${JSON.stringify(r.body)}`);
  return { ...acc, orgId: r.body.data.customer.id };
}

export async function login(h: Harness, email: string, password = PASSWORD): Promise<{ accessToken: string; refreshToken: string }> {
  const r = await call(h.app, "POST", "/api/v1/auth/login", { body: { email, password } });
  if (r.status !== 200) throw new Error(`login gave ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.data.auth.tokens;
}

/** The token in the invitation link mailed to `email`. */
export async function invitationToken(h: Harness, email: string): Promise<string> {
  const mail = await h.smtp.waitFor(email);
  const link = linkIn(mail.text, `${PUBLIC_URL}/invite/`);
  return decodeURIComponent(new URL(link).pathname.slice("/invite/".length));
}

/**
 * Invites through POST /api/v1/users, accepts through the link mailed to the invitee, and signs
 * the invitee in. Returns the invitee's account.
 */
export async function inviteAndAccept(
  h: Harness,
  inviter: Account,
  opts: { email?: string; name?: string; role?: "member" | "admin" | "owner"; password?: string } = {},
): Promise<Account> {
  const email = opts.email ?? uniqueEmail("invitee");
  const name = opts.name ?? "Bob Member";
  const password = opts.password ?? PASSWORD;
  const r = await call(h.app, "POST", "/api/v1/users", { token: inviter.accessToken, body: { email, name, role: opts.role ?? "member" } });
  if (r.status !== 201) throw new Error(`invite gave ${r.status}: ${JSON.stringify(r.body)}`);
  const token = await invitationToken(h, email);
  await acceptInvitation(h.app.ctx, token, { name, password });
  const tokens = await login(h, email, password);
  return { id: r.body.data.id, email, password, name, ...tokens, orgId: inviter.orgId };
}

export function makePlatformAdmin(h: Harness, email: string): void {
  h.app.ctx.db.writer.run("UPDATE users SET platform_admin = 1 WHERE email = ?", [email]);
}
