import { expect, test } from "bun:test";
import { formatMegabytes, formatUptime } from "./format";

test("uptime reads like the platform document's example", () => {
  expect(formatUptime(2 * 86400 + 4 * 3600 + 12 * 60 + 30)).toBe("2d 4h 12m 30s");
  expect(formatUptime(59)).toBe("59s");
  expect(formatUptime(3600)).toBe("1h 0m 0s");
  expect(formatUptime(-5)).toBe("0s");
});

test("memory in megabytes with one decimal", () => {
  expect(formatMegabytes(52953088)).toBe("50.5 MB");
  expect(formatMegabytes(0)).toBe("0.0 MB");
});
