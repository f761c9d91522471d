import { expect, test } from "bun:test";
import { entryHash, GENESIS, verifyChain, type ChainEntry } from "./chain";

function chain(n: number) {
  let prev = GENESIS;
  return Array.from({ length: n }, (_, i) => {
    const e: ChainEntry = { envelopeId: "env_1", seq: i + 1, signerId: "signer_1", type: ["sent", "opened", "signed"][i % 3], at: `2026-06-25T10:0${i}:00.000Z`, ip: "203.0.113.9", userAgent: "UA", authMethod: null, data: { i } };
    const hash = entryHash(prev, e);
    const out = { ...e, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}

test("an intact chain verifies and reports its head", () => {
  const c = chain(5);
  expect(verifyChain(c)).toEqual({ ok: true, head: c[4].hash });
});

test("an edited, deleted or reordered entry is detected", () => {
  const edited = chain(5);
  edited[2] = { ...edited[2], ip: "198.51.100.1" };
  expect(verifyChain(edited)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringContaining("altered") });

  const deleted = chain(5);
  deleted.splice(1, 1);
  expect(verifyChain(deleted)).toMatchObject({ ok: false, brokenAt: 3 });

  const swapped = chain(5);
  [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
  expect(verifyChain(swapped).ok).toBe(false);

  // Re-hashing one edited entry is not enough: the next entry no longer links to it.
  const rehashed = chain(5);
  const e = { ...rehashed[1], type: "signed" };
  rehashed[1] = { ...e, hash: entryHash(e.prevHash, e) };
  expect(verifyChain(rehashed)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringContaining("link") });
});
