import { expect, test } from "bun:test";
import { clientIp } from "./request-meta";

test("X-Forwarded-For counts only when the socket is a trusted proxy", () => {
  expect(clientIp("203.0.113.9", "1.1.1.1", [])).toBe("203.0.113.9");
  expect(clientIp("203.0.113.9", "1.1.1.1", ["10.0.0.1"])).toBe("203.0.113.9");
  expect(clientIp("10.0.0.1", "1.1.1.1", ["10.0.0.1"])).toBe("1.1.1.1");
  // a client-forged left entry is ignored; the right-most untrusted hop is the client
  expect(clientIp("10.0.0.1", "6.6.6.6, 1.1.1.1, 10.0.0.2", ["10.0.0.0/24"])).toBe("1.1.1.1");
  expect(clientIp("::ffff:10.0.0.1", null, ["10.0.0.1"])).toBe("10.0.0.1");
});
