import { expect, test } from "bun:test";
import { formatCents, parseDollars } from "./money";

test("en-CA currency", () => {
  expect(formatCents(89_900_000)).toBe("$899,000.00");
  expect(formatCents(320_050)).toBe("$3,200.50");
  expect(formatCents(null)).toBe("—");
});

test("dollars typed by a person become cents", () => {
  expect(parseDollars("$899,000")).toBe(89_900_000);
  expect(parseDollars("3200.5")).toBe(320_050);
  expect(parseDollars("12.345")).toBeNull();
  expect(parseDollars("ten")).toBeNull();
});
