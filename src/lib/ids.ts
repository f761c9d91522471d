// Identifiers. The spec shows prefixed ids (doc_, env_, signer_, obl_, agr_, acc_, deal_ ...)
// for Document OS objects and UUIDs for platform users and organizations.
import { randomBytes, randomUUID } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

export const ID_PREFIXES = [
  "doc", "env", "signer", "obl", "agr", "acc", "deal", "person", "evt", "task",
  "wh", "whd", "tok", "req",
] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

/** A random base-36 string; 20 characters carry ~103 bits, so ids cannot be guessed. */
export function randomBase36(length = 20): string {
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 36).
  const limit = 256 - (256 % ALPHABET.length);
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < limit) out += ALPHABET[b % ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase36()}`;
}

export function hasPrefix(id: string, prefix: IdPrefix): boolean {
  return new RegExp(`^${prefix}_[0-9a-z]{20}$`).test(id);
}

export function newUuid(): string {
  return randomUUID();
}
