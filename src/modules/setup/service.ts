// First run. While no user exists, `serve` logs a one-time link (30 minutes) to a page that
// creates the first owner, their organization, and makes them platform admin; the CLI's
// `winnerr admin create` does the same without a browser.
import { count } from "drizzle-orm";
import type { AppContext } from "../../context";
import { users } from "../../db/schema";
import { conflict } from "../../http/errors";
import { MINUTE } from "../../lib/clock";
import { constantTimeEqual, randomSecret, sha256Hex } from "../../lib/crypto";
import { newUuid } from "../../lib/ids";
import { assertPasswordAcceptable, hashPassword } from "../identity/password";
import { liveUserByEmail, liveUserById, requireEmail, requireName, type UserRow } from "../identity/users-repo";
import { createOrganizationFor } from "../orgs/service";

export const SETUP_TTL_MS = 30 * MINUTE;

/** The live setup link of this process (its hash only); one per process start. */
export interface SetupLinkState {
  hash?: string;
  expiresAt?: number;
}

export function hasUsers(ctx: AppContext): boolean {
  return ctx.db.read.select({ n: count() }).from(users).get()!.n > 0;
}

/** Issues the one-time setup token when the appliance has no user yet. */
export function issueSetupLink(ctx: AppContext): string | undefined {
  if (hasUsers(ctx)) return undefined;
  const raw = randomSecret();
  ctx.setupLink.hash = sha256Hex(raw);
  ctx.setupLink.expiresAt = ctx.clock.now().getTime() + SETUP_TTL_MS;
  return `${ctx.config.publicUrl}/setup/${raw}`;
}

export function setupTokenValid(ctx: AppContext, raw: string): boolean {
  const s = ctx.setupLink;
  return !!s.hash && !!s.expiresAt && ctx.clock.now().getTime() < s.expiresAt && constantTimeEqual(sha256Hex(raw), s.hash) && !hasUsers(ctx);
}

export interface OwnerInput {
  email: string;
  name: string;
  password: string;
  companyName: string;
  platformAdmin: boolean;
}

/** Creates a verified, active owner of a new organization, in one transaction. */
export async function createOwner(ctx: AppContext, input: OwnerInput): Promise<UserRow> {
  const email = requireEmail(input.email);
  const name = requireName(input.name);
  assertPasswordAcceptable(input.password);
  const passwordHash = await hashPassword(input.password);
  const id = newUuid();
  const now = ctx.clock.now().toISOString();
  ctx.db.writer.transaction(() => {
    if (liveUserByEmail(ctx.db.write, email)) throw conflict("email_taken", "Email is already registered");
    ctx.db.write.insert(users).values({
      id, email, name, passwordHash, role: "member", status: "active", provider: "local", emailVerified: true,
      needsOnboarding: true, platformAdmin: input.platformAdmin, createdAt: now, updatedAt: now,
    }).run();
    createOrganizationFor(ctx, id, { companyName: input.companyName });
  }).immediate();
  return liveUserById(ctx.db.read, id)!;
}

/** The setup page's submit: valid only once, and only while the appliance has no user. */
export async function completeSetup(ctx: AppContext, raw: string, input: Omit<OwnerInput, "platformAdmin">): Promise<UserRow> {
  if (!setupTokenValid(ctx, raw)) throw conflict("setup_closed", "This setup link is no longer valid");
  const user = await createOwner(ctx, { ...input, platformAdmin: true });
  ctx.setupLink.hash = undefined;
  return user;
}
