// Passwords: argon2id with OWASP's minimum (m=19 MiB, t=2, p=1).
import { Algorithm, hash, verify } from "@node-rs/argon2";
import { badRequest } from "../../http/errors";

const PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

// A hash of nothing anyone types, verified when the account does not exist so that a wrong
// email takes as long as a wrong password.
let dummy: Promise<string> | undefined;

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    await verify(await (dummy ??= hashPassword(crypto.randomUUID())), password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

export const PASSWORD_MAX = 256;

/** The service-level check, so pages and API enforce the same rule. */
export function assertPasswordAcceptable(password: string, field = "password"): void {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw badRequest("Validation failed", [{ field, message: `Password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters` }]);
  }
}
