import { expect, test } from "bun:test";
import { hasPrefix, newId, newUuid, randomBase36 } from "./ids";

test("prefixed ids carry their prefix and 20 base-36 characters", () => {
  for (const p of ["doc", "env", "signer"] as const) {
    const id = newId(p);
    expect(id).toMatch(new RegExp(`^${p}_[0-9a-z]{20}$`));
    expect(hasPrefix(id, p)).toBe(true);
  }
  expect(hasPrefix("env_abc", "env")).toBe(false);
  expect(hasPrefix(newId("doc"), "env")).toBe(false);
});

test("ids do not repeat and use the whole alphabet", () => {
  const ids = new Set(Array.from({ length: 2000 }, () => newId("doc")));
  expect(ids.size).toBe(2000);
  const chars = new Set(randomBase36(5000));
  expect(chars.size).toBe(36);
});

test("uuids are RFC 4122 v4", () => {
  expect(newUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
