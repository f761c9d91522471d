// Browser sessions: a random id in an HttpOnly, SameSite=Lax cookie (Secure on https), stored
// as SHA-256, with an idle expiry (7 days without a request) and an absolute one (30 days).
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { sessions } from "../../db/schema";
import { DAY, MINUTE, type Clock } from "../../lib/clock";
import { randomSecret, sha256Hex } from "../../lib/crypto";
import { newUuid } from "../../lib/ids";

export const SESSION_COOKIE = "winnerr_session";
export const SESSION_IDLE_MS = 7 * DAY;
export const SESSION_ABSOLUTE_MS = 30 * DAY;

export type SessionRow = typeof sessions.$inferSelect;

export function createSession(db: Db, clock: Clock, userId: string, ip: string, userAgent: string | null): string {
  const raw = randomSecret();
  const now = clock.now();
  db.write.insert(sessions).values({
    id: newUuid(),
    userId,
    tokenHash: sha256Hex(raw),
    csrfToken: randomSecret(24),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
    ip,
    userAgent: userAgent?.slice(0, 300) ?? null,
  }).run();
  return raw;
}

/** The live session for a cookie value, touching lastSeenAt at most once a minute. */
export function findSession(db: Db, clock: Clock, raw: string): SessionRow | undefined {
  const row = db.read.select().from(sessions).where(eq(sessions.tokenHash, sha256Hex(raw))).get();
  if (!row) return undefined;
  const now = clock.now().getTime();
  if (Date.parse(row.expiresAt) <= now || Date.parse(row.lastSeenAt) + SESSION_IDLE_MS <= now) {
    db.write.delete(sessions).where(eq(sessions.id, row.id)).run();
    return undefined;
  }
  if (now - Date.parse(row.lastSeenAt) > MINUTE) {
    db.write.update(sessions).set({ lastSeenAt: new Date(now).toISOString() }).where(eq(sessions.id, row.id)).run();
  }
  return row;
}

export function deleteSession(db: Db, raw: string): void {
  db.write.delete(sessions).where(eq(sessions.tokenHash, sha256Hex(raw))).run();
}

export function deleteUserSessions(db: Db, userId: string): void {
  db.write.delete(sessions).where(eq(sessions.userId, userId)).run();
}

export function sessionCookie(raw: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${raw}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_ABSOLUTE_MS / 1000}${secure ? "; Secure" : ""}`;
}

export function clearSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}
