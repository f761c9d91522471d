// Who is calling. Resolvers (browser session, access JWT, API token, OAuth token: later issues)
// each recognise one kind of credential; the first that recognises the request decides.
// Routes declare what they need with the `auth` macro; everything else stays anonymous.
import { Elysia } from "elysia";
import { forbidden, unauthorized } from "./errors";

export type PrincipalKind = "anonymous" | "session" | "access_token" | "api_token" | "oauth";

export interface Principal {
  kind: PrincipalKind;
  userId?: string;
  orgId?: string | null;
  role?: string;
  /** Scopes an API or OAuth token was granted; undefined means "whatever the role allows". */
  scopes?: string[];
}

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
  if (req.org && !principal.orgId) throw forbidden();
  if (req.scopes && principal.scopes) {
    const missing = req.scopes.find((s) => !principal.scopes!.includes(s));
    if (missing) throw forbidden(`Missing required scope: ${missing}`);
  }
}

export const principalPlugin = (registry: PrincipalRegistry) =>
  new Elysia({ name: "principal" })
    .decorate("principals", registry)
    .macro({
      auth: (requirement: true | AuthRequirement) => ({
        async resolve({ request }) {
          const principal = await registry.resolve(request);
          checkRequirement(principal, requirement === true ? {} : requirement);
          return { principal };
        },
      }),
    });
