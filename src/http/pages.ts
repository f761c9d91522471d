// Helpers for server-rendered pages: who is viewing, the page frame with its flash, redirects.
import type { AppContext } from "../context";
import { liveUserById } from "../modules/identity/users-repo";
import { layout, type Viewer } from "../../views/layout";
import { flashCookie, takeFlash, type Flash } from "./flash";
import { htmlResponse, type SafeHtml } from "./html";
import type { AuthRequirement, Principal } from "./principal";

/**
 * Route options for a page: hidden from the OpenAPI document, optionally guarded. A fresh object
 * each call, because Elysia writes the expanded macro into the object it is given, so a shared
 * constant would carry the first app's resolver into every later app.
 */
export function pageRoute(): { detail: { hide: boolean } };
export function pageRoute(auth: AuthRequirement): { detail: { hide: boolean }; auth: AuthRequirement };
export function pageRoute(auth?: AuthRequirement) {
  return auth ? { detail: { hide: true }, auth } : { detail: { hide: true } };
}

export function viewerFor(ctx: AppContext, principal: Principal | undefined): Viewer | undefined {
  if (!principal || principal.kind !== "session" || !principal.userId) return undefined;
  const user = liveUserById(ctx.db.read, principal.userId);
  if (!user) return undefined;
  return { name: user.name, csrfToken: principal.csrfToken!, platformAdmin: user.platformAdmin, hasOrg: !!user.organizationId };
}

export interface PageOptions {
  title: string;
  body: SafeHtml;
  path?: string;
  status?: number;
  headers?: Record<string, string>;
}

export function renderPage(ctx: AppContext, request: Request, principal: Principal | undefined, o: PageOptions): Response {
  const { flash, clear } = takeFlash(request);
  const headers = new Headers(o.headers);
  if (clear) headers.append("Set-Cookie", clear);
  const viewer = viewerFor(ctx, principal);
  return htmlResponse(layout({ title: o.title, body: o.body, currentPath: o.path ?? new URL(request.url).pathname, flash, viewer }), { status: o.status ?? 200, headers });
}

/** 303 See Other, optionally with a flash and further cookies. HTMX requests get HX-Redirect. */
export function redirect(request: Request, location: string, opts: { flash?: Flash; cookies?: string[] } = {}): Response {
  const headers = new Headers();
  if (opts.flash) headers.append("Set-Cookie", flashCookie(opts.flash));
  for (const c of opts.cookies ?? []) headers.append("Set-Cookie", c);
  if (request.headers.get("hx-request") === "true") {
    headers.set("HX-Redirect", location);
    return new Response(null, { status: 204, headers });
  }
  headers.set("Location", location);
  return new Response(null, { status: 303, headers });
}

/** Only same-site paths may be a post-sign-in destination (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])/.test(next) ? next : "/";
}

/** The principal of a page that does not require one (login page, home). */
export async function optionalPrincipal(ctx: AppContext, request: Request): Promise<Principal | undefined> {
  try {
    const p = await ctx.principals.resolve(request);
    return p.kind === "anonymous" ? undefined : p;
  } catch {
    return undefined;
  }
}
