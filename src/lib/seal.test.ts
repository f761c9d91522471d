import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dataKeyPath, loadDataKey, seal, unseal } from "./seal";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "winnerr-seal-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test("the data key is created once, 32 bytes, owner-only, and read back unchanged", () => {
  const dir = tempDir();
  const key = loadDataKey(dir);
  expect(key.length).toBe(32);
  const file = dataKeyPath(dir);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  expect(loadDataKey(dir)).toEqual(key);
  expect(Buffer.from(readFileSync(file)).equals(Buffer.from(key))).toBe(true);
});

test("a damaged key file stops the start instead of being replaced", () => {
  const dir = tempDir();
  loadDataKey(dir);
  writeFileSync(dataKeyPath(dir), "short");
  expect(() => loadDataKey(dir)).toThrow(/32 bytes/);
});

test(":memory: gets a throwaway key", () => {
  const a = loadDataKey(":memory:");
  expect(a.length).toBe(32);
  expect(loadDataKey(":memory:")).not.toEqual(a);
});

test("seal and unseal round-trip; each seal differs; the plaintext does not show", () => {
  const key = loadDataKey(":memory:");
  const secret = "whsec_" + "x".repeat(43);
  const a = seal(key, secret);
  const b = seal(key, secret);
  expect(a).not.toBe(b);
  expect(a).toStartWith("v1.");
  expect(a).not.toContain("xxxx");
  expect(unseal(key, a)).toBe(secret);
  expect(unseal(key, b)).toBe(secret);
});

test("a wrong key or an altered value is refused", () => {
  const key = loadDataKey(":memory:");
  const sealed = seal(key, "whsec_abc");
  expect(() => unseal(loadDataKey(":memory:"), sealed)).toThrow(/cannot be opened/);
  const raw = Buffer.from(sealed.slice(3), "base64url");
  raw[raw.length - 1] ^= 1;
  expect(() => unseal(key, "v1." + raw.toString("base64url"))).toThrow(/cannot be opened/);
  expect(() => unseal(key, "v9.abc")).toThrow(/unknown format/);
  expect(() => unseal(key, "garbage")).toThrow(/unknown format/);
});
