import { expect, test } from "bun:test";
import { ipAllowed, ipMatches, isIpOrCidr, normalizeIp } from "./ip";

test("exact addresses and CIDRs, v4 and v6", () => {
  expect(ipMatches("203.0.113.7", "203.0.113.7")).toBe(true);
  expect(ipMatches("203.0.113.7", "203.0.113.0/24")).toBe(true);
  expect(ipMatches("203.0.114.7", "203.0.113.0/24")).toBe(false);
  expect(ipMatches("::ffff:127.0.0.1", "127.0.0.1")).toBe(true);
  expect(ipMatches("2001:db8::1", "2001:db8::/32")).toBe(true);
  expect(ipMatches("2001:db9::1", "2001:db8::/32")).toBe(false);
  expect(ipMatches("::1", "::1")).toBe(true);
  expect(ipMatches("127.0.0.1", "::1")).toBe(false);
  expect(ipAllowed("10.1.2.3", ["192.168.0.0/16", "10.0.0.0/8"])).toBe(true);
  expect(ipAllowed("10.1.2.3", [])).toBe(false);
});

test("validation of entries", () => {
  for (const ok of ["1.2.3.4", "1.2.3.0/24", "::1", "2001:db8::/32", "0.0.0.0/0"]) expect(isIpOrCidr(ok)).toBe(true);
  for (const bad of ["1.2.3", "1.2.3.4/33", "example.com", "::1/129", "1.2.3.4/x"]) expect(isIpOrCidr(bad)).toBe(false);
  expect(normalizeIp("::FFFF:10.0.0.1")).toBe("10.0.0.1");
});
