// The organization's team: list, invite (status invited + a mail with an accept link), accept,
// change role or status, soft delete. Every query is scoped to the caller's organization, so
// another organization's user id is a 404.
import { and, asc, count, eq, isNull } from "drizzle-orm";
import type { AppContext } from "../../context";
import type { Drizzle } from "../../db/client";
import { users, type Role } from "../../db/schema";
import { badRequest, conflict, forbidden, HttpError, notFound } from "../../http/errors";
import { ROLE_RANK, type Principal } from "../../http/principal";
import { DAY } from "../../lib/clock";
import { newUuid } from "../../lib/ids";
import { invitationMail } from "../../../views/mail/templates";
import { assertPasswordAcceptable, hashPassword } from "../identity/password";
import { revokeAllForUser } from "../identity/refresh";
import { deleteUserSessions } from "../identity/sessions";
import { signToken, verifyToken } from "../identity/tokens";
import { liveUserByEmail, liveUserById, requireEmail, requireName, type UserRow } from "../identity/users-repo";
import { getOrganization } from "../orgs/service";

export const INVITE_TTL_SECONDS = (7 * DAY) / 1000;

export function memberJson(u: UserRow) {
  return { id: u.id, name: u.name, email: u.email, role: u.role, status: u.status, lastLoginAt: u.lastLoginAt, createdAt: u.createdAt };
}

/** Inside a write transaction pass ctx.db.write: the read connection cannot see uncommitted rows. */
function teamMember(db: Drizzle, orgId: string, id: string): UserRow {
  const u = db.select().from(users).where(and(eq(users.id, id), eq(users.organizationId, orgId), isNull(users.deletedAt))).get();
  if (!u) throw notFound(`User with ID ${id} does not exist`);
  return u;
}

export function listMembers(ctx: AppContext, orgId: string, { page, limit }: { page: number; limit: number }) {
  const where = and(eq(users.organizationId, orgId), isNull(users.deletedAt));
  const total = ctx.db.read.select({ n: count() }).from(users).where(where).get()!.n;
  const rows = ctx.db.read.select().from(users).where(where).orderBy(asc(users.createdAt), asc(users.id)).limit(limit).offset((page - 1) * limit).all();
  return { users: rows.map(memberJson), pagination: { page, limit, total, totalPages: Math.ceil(total / limit) } };
}

function rankOf(p: Principal): number {
  return ROLE_RANK[(p.role as Role) ?? "member"];
}

export async function inviteMember(ctx: AppContext, p: Principal, input: { email: string; name: string; role: Role }) {
  if (!(input.role in ROLE_RANK)) throw badRequest("Validation failed", [{ field: "role", message: "Role must be member, admin or owner" }]);
  if (ROLE_RANK[input.role] > rankOf(p)) throw forbidden("You cannot invite someone with a higher role than your own");
  const email = requireEmail(input.email);
  const name = requireName(input.name);
  const now = ctx.clock.now().toISOString();
  const id = newUuid();
  ctx.db.writer.transaction(() => {
    if (liveUserByEmail(ctx.db.write, email)) throw conflict("email_taken", "A user with this email already exists");
    ctx.db.write.insert(users).values({
      id, email, name, passwordHash: null, organizationId: p.orgId!, role: input.role, status: "invited",
      provider: "local", emailVerified: false, needsOnboarding: false, createdAt: now, updatedAt: now,
    }).run();
  }).immediate();

  const inviter = liveUserById(ctx.db.read, p.userId!);
  const org = getOrganization(ctx, p.orgId!);
  const token = await signToken(ctx.tokens, "invite", id, INVITE_TTL_SECONDS);
  await ctx.mailer.send({
    to: email,
    organizationId: org.id,
    ...invitationMail(inviter?.name ?? "A colleague", org.companyName, `${ctx.config.publicUrl}/invite/${token}`),
  });
  const u = liveUserById(ctx.db.read, id)!;
  return {
    id: u.id, email: u.email, name: u.name, customerId: u.organizationId, role: u.role, status: u.status,
    provider: u.provider, emailVerified: u.emailVerified, createdAt: u.createdAt, updatedAt: u.updatedAt,
  };
}

/** The invited user an accept link names, or a 400 when the link is bad, expired or used. */
export async function invitedUser(ctx: AppContext, token: string): Promise<UserRow> {
  const v = await verifyToken(ctx.tokens, "invite", token);
  const u = v.ok ? liveUserById(ctx.db.read, v.payload.sub) : undefined;
  if (!u || u.status !== "invited") {
    const expired = !v.ok && v.reason === "expired";
    throw new HttpError(400, "invalid_invitation", expired ? "This invitation has expired" : "This invitation is no longer valid");
  }
  return u;
}

export async function acceptInvitation(ctx: AppContext, token: string, input: { name: string; password: string }): Promise<UserRow> {
  const u = await invitedUser(ctx, token);
  const name = requireName(input.name);
  assertPasswordAcceptable(input.password);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now().toISOString();
  ctx.db.write.update(users).set({ name, passwordHash, status: "active", emailVerified: true, updatedAt: now, lastLoginAt: now })
    .where(and(eq(users.id, u.id), eq(users.status, "invited"))).run();
  return liveUserById(ctx.db.read, u.id)!;
}

function ownerCount(ctx: AppContext, orgId: string): number {
  return ctx.db.write.select({ n: count() }).from(users)
    .where(and(eq(users.organizationId, orgId), eq(users.role, "owner"), eq(users.status, "active"), isNull(users.deletedAt))).get()!.n;
}

/** Role changes need a role at least the target's and the new one; the last owner stays an owner. */
export function changeMember(ctx: AppContext, p: Principal, id: string, change: { role?: Role; status?: "active" | "disabled" }) {
  if (change.role && !(change.role in ROLE_RANK)) throw badRequest("Validation failed", [{ field: "role", message: "Role must be member, admin or owner" }]);
  if (!change.role && !change.status) throw badRequest("Validation failed", [{ field: "role", message: "Provide a role or a status" }]);
  return ctx.db.writer.transaction(() => {
    const target = teamMember(ctx.db.write, p.orgId!, id);
    if (ROLE_RANK[target.role] > rankOf(p)) throw forbidden("You cannot change someone with a higher role than your own");
    if (change.role && ROLE_RANK[change.role] > rankOf(p)) throw forbidden("You cannot grant a role higher than your own");
    if (change.status && target.status === "invited") throw conflict("invalid_state", "An invited user has no status to change yet");
    const losesOwner = target.role === "owner" && target.status === "active" && ((change.role && change.role !== "owner") || change.status === "disabled");
    if (losesOwner && ownerCount(ctx, p.orgId!) <= 1) throw conflict("last_owner", "The organization must keep at least one owner");
    const now = ctx.clock.now().toISOString();
    ctx.db.write.update(users).set({ ...(change.role ? { role: change.role } : {}), ...(change.status ? { status: change.status } : {}), updatedAt: now })
      .where(and(eq(users.id, id), eq(users.organizationId, p.orgId!))).run();
    if (change.status === "disabled") endAllSessions(ctx, id, now);
    const u = teamMember(ctx.db.write, p.orgId!, id);
    return { id: u.id, role: u.role, email: u.email, status: u.status, updatedAt: u.updatedAt };
  }).immediate();
}

export function removeMember(ctx: AppContext, p: Principal, id: string) {
  ctx.db.writer.transaction(() => {
    const target = teamMember(ctx.db.write, p.orgId!, id);
    if (ROLE_RANK[target.role] > rankOf(p)) throw forbidden("You cannot remove someone with a higher role than your own");
    if (target.role === "owner" && target.status === "active" && ownerCount(ctx, p.orgId!) <= 1) {
      throw conflict("last_owner", "The organization must keep at least one owner");
    }
    const now = ctx.clock.now().toISOString();
    ctx.db.write.update(users).set({ deletedAt: now, updatedAt: now }).where(and(eq(users.id, id), eq(users.organizationId, p.orgId!))).run();
    endAllSessions(ctx, id, now);
  }).immediate();
  return { message: "User removed successfully" };
}

/** Access JWTs are refused on their next use (the resolvers reload the user); this ends the rest. */
function endAllSessions(ctx: AppContext, userId: string, now: string) {
  revokeAllForUser(ctx.db, userId, now);
  deleteUserSessions(ctx.db, userId);
}
