// Refresh tokens: opaque, 7 days, stored as SHA-256. Each refresh rotates the token within its
// family; presenting a rotated token again means it was copied, so the whole family is revoked.
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { refreshTokens } from "../../db/schema";
import { DAY, type Clock } from "../../lib/clock";
import { randomSecret, sha256Hex } from "../../lib/crypto";
import { newUuid } from "../../lib/ids";

export const REFRESH_TTL_MS = 7 * DAY;

export function issueRefreshToken(db: Db, clock: Clock, userId: string, familyId = newUuid()): string {
  const raw = randomSecret();
  const now = clock.now();
  db.write.insert(refreshTokens).values({
    id: newUuid(),
    userId,
    familyId,
    tokenHash: sha256Hex(raw),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + REFRESH_TTL_MS).toISOString(),
  }).run();
  return raw;
}

export type RotateResult =
  | { ok: true; userId: string; familyId: string }
  | { ok: false; reason: "unknown" | "expired" | "revoked" | "reused" };

/** Marks the presented token rotated (call inside a write transaction, then issue the next). */
export function consumeRefreshToken(db: Db, clock: Clock, raw: string): RotateResult {
  const row = db.write.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, sha256Hex(raw))).get();
  if (!row) return { ok: false, reason: "unknown" };
  const now = clock.now().toISOString();
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.rotatedAt) {
    revokeFamily(db, row.familyId, now);
    return { ok: false, reason: "reused" };
  }
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  db.write.update(refreshTokens).set({ rotatedAt: now }).where(eq(refreshTokens.id, row.id)).run();
  return { ok: true, userId: row.userId, familyId: row.familyId };
}

export function revokeFamily(db: Db, familyId: string, now: string): void {
  db.write.update(refreshTokens).set({ revokedAt: now }).where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt))).run();
}

export function revokeAllForUser(db: Db, userId: string, now: string): void {
  db.write.update(refreshTokens).set({ revokedAt: now }).where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt))).run();
}
