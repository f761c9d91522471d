// Accounts: registration by verified email, sign-in with throttling, token rotation, profile.
// Called by the /api/v1/auth routes and the sign-in pages alike; it never sees a Request.
import { and, eq, ne } from "drizzle-orm";
import type { AppContext } from "../../context";
import { sessions, users } from "../../db/schema";
import { HttpError, badRequest, conflict, tooManyRequests, unauthorized } from "../../http/errors";
import { DAY } from "../../lib/clock";
import { newUuid } from "../../lib/ids";
import { alreadyRegisteredMail, verificationMail } from "../../../views/mail/templates";
import { assertPasswordAcceptable, hashPassword, verifyPassword } from "./password";
import { consumeRefreshToken, issueRefreshToken, revokeAllForUser } from "./refresh";
import { ACCESS_TTL_SECONDS, signToken, verifyToken } from "./tokens";
import { liveUserByEmail, liveUserById, normalizeEmail, requireEmail, requireName, type UserRow } from "./users-repo";

export const VERIFICATION_TTL_SECONDS = DAY / 1000;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

export async function issueTokenPair(ctx: AppContext, user: UserRow, familyId?: string): Promise<TokenPair> {
  const accessToken = await signToken(ctx.tokens, "access", user.id, ACCESS_TTL_SECONDS, { org: user.organizationId, role: user.role });
  const refreshToken = issueRefreshToken(ctx.db, ctx.clock, user.id, familyId);
  return { accessToken, refreshToken };
}

/**
 * Sends the verification link. An address that already has an account gets a "you already have
 * an account" mail instead, and the caller sees the same answer either way.
 */
export async function requestVerification(ctx: AppContext, rawEmail: string) {
  const email = requireEmail(rawEmail);
  const existing = liveUserByEmail(ctx.db.read, email);
  if (existing) {
    const m = alreadyRegisteredMail(`${ctx.config.publicUrl}/login`);
    await ctx.mailer.send({ to: email, ...m });
  } else {
    const token = await signToken(ctx.tokens, "verify_email", email, VERIFICATION_TTL_SECONDS);
    const m = verificationMail(`${ctx.config.publicUrl}/verify?token=${encodeURIComponent(token)}`);
    await ctx.mailer.send({ to: email, ...m });
  }
  return { email, expiresIn: "24 hours" };
}

/** The email a verification token proves, or a 400 naming the problem. */
export async function emailFromVerificationToken(ctx: AppContext, token: string): Promise<string> {
  const v = await verifyToken(ctx.tokens, "verify_email", token);
  if (!v.ok) {
    throw new HttpError(400, "invalid_token", v.reason === "expired" ? "Verification link has expired" : "Invalid verification token", [
      { field: "token", message: v.reason === "expired" ? "Verification link has expired" : "Invalid verification token" },
    ]);
  }
  return v.payload.sub;
}

export async function completeRegistration(ctx: AppContext, input: { token: string; name: string; password: string }) {
  const email = await emailFromVerificationToken(ctx, input.token);
  const name = requireName(input.name);
  assertPasswordAcceptable(input.password);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now().toISOString();
  const id = newUuid();
  // Re-check inside the write transaction: another registration may have won the race.
  const user = ctx.db.writer.transaction(() => {
    if (liveUserByEmail(ctx.db.write, email)) throw conflict("email_taken", "Email is already registered");
    ctx.db.write.insert(users).values({
      id, email, name, passwordHash, role: "member", status: "active", provider: "local",
      emailVerified: true, needsOnboarding: true, createdAt: now, updatedAt: now,
    }).run();
    return liveUserById(ctx.db.write, id)!;
  }).immediate();
  return { user, tokens: await issueTokenPair(ctx, user) };
}

/** Checks a password sign-in; throttled per account and per client address. */
export async function authenticate(ctx: AppContext, rawEmail: string, password: string, ip: string): Promise<UserRow> {
  const email = normalizeEmail(rawEmail);
  const { loginAccount, loginIp } = ctx.limits;
  const wait = Math.max(loginAccount.retryAfter(email), loginIp.retryAfter(ip));
  if (wait) throw tooManyRequests(wait);

  const user = liveUserByEmail(ctx.db.read, email);
  // Always run argon2, so an unknown email costs what a wrong password costs.
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok || user.status !== "active") {
    loginAccount.hit(email);
    loginIp.hit(ip);
    throw unauthorized("Invalid email or password");
  }
  loginAccount.reset(email);
  const now = ctx.clock.now().toISOString();
  ctx.db.write.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id)).run();
  return { ...user, lastLoginAt: now };
}

export async function login(ctx: AppContext, email: string, password: string, ip: string) {
  const user = await authenticate(ctx, email, password, ip);
  return { user, tokens: await issueTokenPair(ctx, user) };
}

const REFRESH_ERRORS = {
  unknown: "Invalid refresh token",
  revoked: "Refresh token has been revoked",
  reused: "Refresh token reuse detected; all sessions from this sign-in were revoked",
  expired: "Refresh token expired",
} as const;

export async function refresh(ctx: AppContext, raw: string): Promise<TokenPair> {
  // IMMEDIATE: two concurrent refreshes of one token must not both succeed.
  const result = ctx.db.writer.transaction(() => consumeRefreshToken(ctx.db, ctx.clock, raw)).immediate();
  if (!result.ok) throw unauthorized(REFRESH_ERRORS[result.reason]);
  const user = liveUserById(ctx.db.read, result.userId);
  if (!user || user.status !== "active") throw unauthorized("User is no longer active");
  return issueTokenPair(ctx, user, result.familyId);
}

export function updateName(ctx: AppContext, userId: string, name: string): void {
  const n = requireName(name);
  ctx.db.write.update(users).set({ name: n, updatedAt: ctx.clock.now().toISOString() }).where(eq(users.id, userId)).run();
}

/**
 * Changes the password after checking the current one. Other sign-ins end (their refresh
 * tokens and sessions); the session making the change stays.
 */
export async function changePassword(ctx: AppContext, userId: string, current: string, next: string, keepSessionId?: string): Promise<void> {
  const user = liveUserById(ctx.db.read, userId);
  if (!user || !(await verifyPassword(user.passwordHash, current))) {
    throw badRequest("Validation failed", [{ field: "current", message: "Current password is not correct" }]);
  }
  assertPasswordAcceptable(next, "password");
  const passwordHash = await hashPassword(next);
  const now = ctx.clock.now().toISOString();
  ctx.db.writer.transaction(() => {
    ctx.db.write.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId)).run();
    revokeAllForUser(ctx.db, userId, now);
    ctx.db.write.delete(sessions).where(and(eq(sessions.userId, userId), keepSessionId ? ne(sessions.id, keepSessionId) : undefined)).run();
  })();
}
