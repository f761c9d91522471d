// Organizations: the platform document's "customers". Onboarding creates one and makes its
// creator the owner in one transaction; owners and admins edit the profile and allowed IPs.
import { and, eq, isNull } from "drizzle-orm";
import type { AppContext } from "../../context";
import { organizations, users } from "../../db/schema";
import { badRequest, conflict, notFound } from "../../http/errors";
import type { Principal } from "../../http/principal";
import { newUuid } from "../../lib/ids";
import { ipAllowed, isIpOrCidr } from "../../lib/ip";
import { isTimeZone } from "../../lib/timezone";

export type OrgRow = typeof organizations.$inferSelect;

export function customerJson(o: OrgRow) {
  return {
    id: o.id,
    companyName: o.companyName,
    phone: o.phone,
    description: o.description,
    status: o.status,
    avatar: o.avatar,
    settings: o.settings ?? {},
    allowedIps: o.allowedIps ?? null,
    createdBy: o.createdBy,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    deletedAt: o.deletedAt,
  };
}

export interface OnboardInput {
  companyName: string;
  phone?: string;
  description?: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** The same rules the API schemas state, for callers that are not the API (pages, CLI). */
function checkProfile(input: { companyName?: string; phone?: string | null }): void {
  const fields = [];
  if (input.companyName !== undefined && (!input.companyName.trim() || input.companyName.trim().length > 200)) {
    fields.push({ field: "companyName", message: "Company name is required (at most 200 characters)" });
  }
  if (input.phone && !E164.test(input.phone)) fields.push({ field: "phone", message: "Phone must be in E.164 format, e.g. +14165550100" });
  if (fields.length) throw badRequest("Validation failed", fields);
}

/** Creates the organization and makes the user its owner. Runs inside the caller's transaction when given one. */
export function createOrganizationFor(ctx: AppContext, userId: string, input: OnboardInput): OrgRow {
  checkProfile(input);
  const now = ctx.clock.now().toISOString();
  const id = newUuid();
  ctx.db.write.insert(organizations).values({
    id, companyName: input.companyName.trim(), phone: input.phone ?? null, description: input.description ?? null,
    status: "active", settings: {}, allowedIps: null, createdBy: userId, createdAt: now, updatedAt: now,
  }).run();
  ctx.db.write.update(users).set({ organizationId: id, role: "owner", needsOnboarding: false, updatedAt: now }).where(eq(users.id, userId)).run();
  return ctx.db.write.select().from(organizations).where(eq(organizations.id, id)).get()!;
}

export function onboard(ctx: AppContext, principal: Principal, input: OnboardInput) {
  return ctx.db.writer.transaction(() => {
    const user = ctx.db.write.select().from(users).where(and(eq(users.id, principal.userId!), isNull(users.deletedAt))).get();
    if (!user) throw notFound("User not found");
    if (user.organizationId) throw conflict("already_onboarded", "User already belongs to a customer");
    const org = createOrganizationFor(ctx, user.id, input);
    return { customer: customerJson(org), user: { id: user.id, customerId: org.id, role: "owner" as const } };
  }).immediate();
}

export function getOrganization(ctx: AppContext, orgId: string): OrgRow {
  const org = ctx.db.read.select().from(organizations).where(and(eq(organizations.id, orgId), isNull(organizations.deletedAt))).get();
  if (!org) throw notFound("Customer not found");
  return org;
}

export interface OrgPatch {
  companyName?: string;
  phone?: string | null;
  description?: string | null;
  avatar?: string | null;
  settings?: Record<string, unknown>;
  allowedIps?: string[] | null;
}

/**
 * Partial update. allowedIps entries must be addresses or CIDRs, and a list that would shut out
 * the caller's own address is refused rather than locking the organization out.
 */
export function updateOrganization(ctx: AppContext, orgId: string, patch: OrgPatch, callerIp: string): OrgRow {
  if (patch.allowedIps) {
    const bad = patch.allowedIps.findIndex((e) => !isIpOrCidr(e.trim()));
    if (bad >= 0) throw badRequest("Validation failed", [{ field: `allowedIps.${bad}`, message: `"${patch.allowedIps[bad]}" is not an IP address or CIDR range` }]);
    patch.allowedIps = patch.allowedIps.map((e) => e.trim());
    if (patch.allowedIps.length && !ipAllowed(callerIp, patch.allowedIps)) {
      throw badRequest("Validation failed", [{ field: "allowedIps", message: `The list must include your current address (${callerIp}) or you would lock yourself out` }]);
    }
  }
  checkProfile(patch);
  // The usage meter and deadlines read settings.timezone: an unknown zone would silently become Toronto.
  if (patch.settings && "timezone" in patch.settings && !isTimeZone(patch.settings.timezone)) {
    throw badRequest("Validation failed", [{ field: "settings.timezone", message: "timezone must be an IANA time zone such as America/Toronto" }]);
  }
  // Obligations are due_soon within settings.dueSoonDays: a bad value would silently become 7.
  const soon = patch.settings?.dueSoonDays;
  if (patch.settings && "dueSoonDays" in patch.settings && !(Number.isInteger(soon) && (soon as number) >= 1 && (soon as number) <= 60)) {
    throw badRequest("Validation failed", [{ field: "settings.dueSoonDays", message: "dueSoonDays must be a whole number of days from 1 to 60" }]);
  }
  getOrganization(ctx, orgId);
  const set: Partial<typeof organizations.$inferInsert> = { updatedAt: ctx.clock.now().toISOString() };
  for (const k of ["companyName", "phone", "description", "avatar", "settings", "allowedIps"] as const) {
    if (patch[k] !== undefined) (set as Record<string, unknown>)[k] = patch[k];
  }
  ctx.db.write.update(organizations).set(set).where(eq(organizations.id, orgId)).run();
  return getOrganization(ctx, orgId);
}
