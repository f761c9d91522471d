// The evidence log's hash chain. Each signer event stores the SHA-256 of the previous entry and
// its own hash over that and its contents, so editing, deleting or reordering any entry breaks
// every hash after it. The database also refuses UPDATE and DELETE on the table (migration 0005).
import { sha256Hex } from "../../lib/crypto";

export const GENESIS = "0".repeat(64);

export interface ChainEntry {
  envelopeId: string;
  seq: number;
  signerId: string | null;
  type: string;
  at: string;
  ip: string | null;
  userAgent: string | null;
  authMethod: string | null;
  data: Record<string, unknown> | null;
}

/** The entry's hash: fixed field order, so the same entry always hashes the same. */
export function entryHash(prevHash: string, e: ChainEntry): string {
  return sha256Hex(`${prevHash}\n${JSON.stringify([e.envelopeId, e.seq, e.signerId, e.type, e.at, e.ip, e.userAgent, e.authMethod, e.data])}`);
}

export type ChainCheck = { ok: true; head: string } | { ok: false; brokenAt: number; reason: string };

/** Walks the entries in seq order; the first that does not link or hash correctly is reported. */
export function verifyChain(entries: (ChainEntry & { prevHash: string; hash: string })[]): ChainCheck {
  let prev = GENESIS;
  for (const [i, e] of entries.entries()) {
    if (e.seq !== i + 1) return { ok: false, brokenAt: e.seq, reason: `entry ${i + 1} is missing (found seq ${e.seq})` };
    if (e.prevHash !== prev) return { ok: false, brokenAt: e.seq, reason: `entry ${e.seq} does not link to the one before` };
    if (entryHash(prev, e) !== e.hash) return { ok: false, brokenAt: e.seq, reason: `entry ${e.seq} was altered` };
    prev = e.hash;
  }
  return { ok: true, head: prev };
}
