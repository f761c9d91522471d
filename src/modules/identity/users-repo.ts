// Reading and shaping user rows, shared by the auth, users and admin services.
import { and, eq, isNull } from "drizzle-orm";
import type { Drizzle } from "../../db/client";
import { users } from "../../db/schema";
import { badRequest } from "../../http/errors";

export type UserRow = typeof users.$inferSelect;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** Normalizes, or throws the platform's validation error for field "email". */
export function requireEmail(email: string): string {
  const e = normalizeEmail(email);
  if (e.length > 254 || !EMAIL.test(e)) throw badRequest("Validation failed", [{ field: "email", message: "Invalid email format" }]);
  return e;
}

export function requireName(name: string, field = "name"): string {
  const n = name.trim();
  if (!n || n.length > 120) throw badRequest("Validation failed", [{ field, message: "Name is required (at most 120 characters)" }]);
  return n;
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
