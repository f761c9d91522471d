// Who is calling. Resolvers (browser session, access JWT, API token, OAuth token: later issues)
// each recognise one kind of credential; the first that recognises the request decides.
// Routes declare what they need with the `auth` macro; everything else stays anonymous.
import { Elysia } from "elysia";
import { constantTimeEqual } from "../lib/crypto";
import { ipAllowed } from "../lib/ip";
import { forbidden, HttpError, unauthorized } from "./errors";
import { metaOf } from "./request-meta";

export type PrincipalKind = "anonymous" | "session" | "access_token" | "api_token" | "oauth";

export interface Principal {
  kind: PrincipalKind;
  userId?: string;
  orgId?: string | null;
  role?: string;
  /** Scopes an API or OAuth token was granted; undefined means "whatever the role allows". */
  scopes?: string[];
  platformAdmin?: boolean;
  /** The organization's allowedIps; requests from elsewhere are refused (403). */
  allowedIps?: string[] | null;
  /** Cookie sessions only: the token every state-changing request must echo. */
  csrfToken?: string;
}

export type Role = "member" | "admin" | "owner";
export const ROLE_RANK: Record<Role, number> = { member: 1, admin: 2, owner: 3 };

export const ANONYMOUS: Principal = Object.freeze({ kind: "anonymous" });

/**
 * Returns a principal when it recognises the request's credential, null when the request
 * carries none of its kind, and throws HttpError(401) when the credential is present but bad.
 */
export type PrincipalResolver = (request: Request) => Promise<Principal | null> | Principal | null;

export interface AuthRequirement {
  /** Credential kinds this route accepts; default: any non-anonymous kind. */
  via?: PrincipalKind[];
  /** Scopes a scoped token must carry. */
  scopes?: string[];
  /** Require membership of an organization (orgId set). */
  org?: boolean;
  /** Minimum role in the organization (implies org). */
  role?: Role;
  /** Platform administrators only. */
  platformAdmin?: boolean;
}

export class PrincipalRegistry {
  private resolvers: PrincipalResolver[] = [];
  private cache = new WeakMap<Request, Promise<Principal>>();

  add(resolver: PrincipalResolver): this {
    this.resolvers.push(resolver);
    return this;
  }

  /** Resolves once per request; later lookups reuse the answer. */
  resolve(request: Request): Promise<Principal> {
    let p = this.cache.get(request);
    if (!p) {
      p = (async () => {
        for (const r of this.resolvers) {
          const found = await r(request);
          if (found) return found;
        }
        return ANONYMOUS;
      })();
      this.cache.set(request, p);
    }
    return p;
  }
}

export function checkRequirement(principal: Principal, req: AuthRequirement): void {
  if (principal.kind === "anonymous") throw unauthorized();
  if (req.via && !req.via.includes(principal.kind)) throw unauthorized();
  if (req.platformAdmin && !principal.platformAdmin) throw forbidden();
  if ((req.org || req.role) && !principal.orgId) throw new HttpError(403, "no_organization", "Create or join an organization first");
  if (req.role && ROLE_RANK[(principal.role as Role) ?? "member"] < ROLE_RANK[req.role]) throw forbidden();
  if (req.scopes && principal.scopes) {
    const missing = req.scopes.find((s) => !principal.scopes!.includes(s));
    if (missing) throw forbidden(`Missing required scope: ${missing}`);
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A cookie is sent by the browser whoever wrote the page, so a state-changing request made with
 * a session must also carry the session's CSRF token: the X-CSRF-Token header (htmx sends it
 * from hx-headers on <body>) or a _csrf form field.
 */
export function checkCsrf(principal: Principal, request: Request, body: unknown): void {
  if (principal.kind !== "session" || SAFE_METHODS.has(request.method)) return;
  const sent = request.headers.get("x-csrf-token") ?? (body as { _csrf?: unknown } | undefined)?._csrf;
  if (typeof sent !== "string" || !principal.csrfToken || !constantTimeEqual(sent, principal.csrfToken)) {
    throw forbidden("Invalid or missing CSRF token; reload the page and try again");
  }
}

export const principalPlugin = (registry: PrincipalRegistry) =>
  new Elysia({ name: "principal" })
    .decorate("principals", registry)
    .macro({
      auth: (requirement: true | AuthRequirement) => ({
        async resolve({ request, body }) {
          const principal = await registry.resolve(request);
          checkRequirement(principal, requirement === true ? {} : requirement);
          if (principal.allowedIps?.length && !ipAllowed(metaOf(request).ip, principal.allowedIps)) {
            throw forbidden("Access from this address is not allowed for this organization");
          }
          checkCsrf(principal, request, body);
          return { principal };
        },
      }),
    });
