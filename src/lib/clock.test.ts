import { expect, test } from "bun:test";
import { DAY, ManualClock } from "./clock";

test("a manual clock only moves when told", async () => {
  const c = new ManualClock("2026-06-25T10:00:00.000Z");
  await Bun.sleep(5);
  expect(c.now().toISOString()).toBe("2026-06-25T10:00:00.000Z");
  c.advance(DAY);
  expect(c.now().toISOString()).toBe("2026-06-26T10:00:00.000Z");
  c.set("2027-01-01T00:00:00Z");
  expect(c.now().getUTCFullYear()).toBe(2027);
});
