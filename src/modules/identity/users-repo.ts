// Reading and shaping user rows, shared by the auth, users and admin services.
import { and, eq, isNull } from "drizzle-orm";
import type { Drizzle } from "../../db/client";
import { users } from "../../db/schema";

export type UserRow = typeof users.$inferSelect;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function liveUserByEmail(db: Drizzle, email: string): UserRow | undefined {
  return db.select().from(users).where(and(eq(users.email, normalizeEmail(email)), isNull(users.deletedAt))).get();
}

export function liveUserById(db: Drizzle, id: string): UserRow | undefined {
  return db.select().from(users).where(and(eq(users.id, id), isNull(users.deletedAt))).get();
}

/** The platform document's full user object (register/complete, profile). */
export function userJson(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    customerId: u.organizationId,
    role: u.role,
    status: u.status,
    provider: u.provider,
    providerId: u.providerId,
    emailVerified: u.emailVerified,
    lastLoginAt: u.lastLoginAt,
    needsOnboarding: u.needsOnboarding,
    platformAdmin: u.platformAdmin,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
    deletedAt: u.deletedAt,
  };
}
