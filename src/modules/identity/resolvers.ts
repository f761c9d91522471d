// The credentials the identity area recognises: bearer access JWTs and browser session
// cookies. Both load the user fresh on every request, so a deleted or disabled user, or a role
// change, takes effect on the next request rather than when a token expires.
import type { AppContext } from "../../context";
import { unauthorized } from "../../http/errors";
import type { Principal, PrincipalResolver } from "../../http/principal";
import { organizations } from "../../db/schema";
import { eq } from "drizzle-orm";
import { findSession, readCookie, SESSION_COOKIE } from "./sessions";
import { verifyToken } from "./tokens";
import { liveUserById, type UserRow } from "./users-repo";

function principalFor(ctx: AppContext, user: UserRow, base: Pick<Principal, "kind" | "csrfToken">): Principal {
  const org = user.organizationId
    ? ctx.db.read.select({ allowedIps: organizations.allowedIps }).from(organizations).where(eq(organizations.id, user.organizationId)).get()
    : undefined;
  return {
    ...base,
    userId: user.id,
    orgId: user.organizationId,
    role: user.role,
    platformAdmin: user.platformAdmin,
    allowedIps: org?.allowedIps ?? null,
  };
}

export function bearerResolver(ctx: AppContext): PrincipalResolver {
  return async (request) => {
    const header = request.headers.get("authorization");
    if (!header?.startsWith("Bearer ")) return null;
    const token = header.slice(7).trim();
    if (token.startsWith("win_live_")) return null; // API tokens have their own resolver
    const v = await verifyToken(ctx.tokens, "access", token);
    if (!v.ok) throw unauthorized(v.reason === "expired" ? "Token expired" : "Invalid token");
    const user = liveUserById(ctx.db.read, v.payload.sub);
    if (!user || user.status !== "active") throw unauthorized("User is no longer active");
    return principalFor(ctx, user, { kind: "access_token" });
  };
}

export function sessionResolver(ctx: AppContext): PrincipalResolver {
  return (request) => {
    const raw = readCookie(request, SESSION_COOKIE);
    if (!raw) return null;
    const session = findSession(ctx.db, ctx.clock, raw);
    if (!session) return null; // a stale cookie is simply signed out
    const user = liveUserById(ctx.db.read, session.userId);
    if (!user || user.status !== "active") return null;
    return principalFor(ctx, user, { kind: "session", csrfToken: session.csrfToken });
  };
}
