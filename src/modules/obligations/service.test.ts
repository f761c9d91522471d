import { expect, test } from "bun:test";
import { DAY } from "../../lib/clock";
import { digestDay } from "./digest";
import { dueAtOf, urgencyOf } from "./service";

const TO = "America/Toronto";
const date = (year: number, month: number, day: number) => ({ year, month, day });

test("a date without a time is due at 17:00 local, in summer and winter time", () => {
  const rule = (d: ReturnType<typeof date>, time?: string) => ({ key: "k", type: "closing" as const, description: "", on: { date: d, time } });
  expect(dueAtOf(rule(date(2026, 8, 28)), TO, null)).toBe("2026-08-28T21:00:00.000Z");
  expect(dueAtOf(rule(date(2026, 12, 15)), TO, null)).toBe("2026-12-15T22:00:00.000Z");
  expect(dueAtOf(rule(date(2026, 3, 8), "09:30"), TO, null)).toBe("2026-03-08T13:30:00.000Z"); // the day clocks spring forward
  expect(dueAtOf(rule(date(2026, 11, 1), "01:30"), TO, null)).toBe("2026-11-01T05:30:00.000Z"); // the first, EDT, 01:30
  expect(dueAtOf(rule(date(2026, 8, 28)), "America/Vancouver", null)).toBe("2026-08-29T00:00:00.000Z");
});

test("a rule counted from acceptance waits for it, then adds its hours", () => {
  const rule = { key: "deposit", type: "deposit_due" as const, description: "", after: { event: "envelope_completed" as const, hours: 24 } };
  expect(dueAtOf(rule, TO, null)).toBeNull();
  expect(dueAtOf(rule, TO, "2026-07-01T15:20:00.000Z")).toBe("2026-07-02T15:20:00.000Z");
});

test("urgency: overdue strictly after the instant, due_soon through the window's last millisecond", () => {
  const due = "2026-08-28T21:00:00.000Z";
  const at = (ms: number) => new Date(Date.parse(due) + ms);
  expect(urgencyOf(due, at(-7 * DAY), 7)).toBe("due_soon");
  expect(urgencyOf(due, at(-7 * DAY - 1), 7)).toBe("pending");
  expect(urgencyOf(due, at(0), 7)).toBe("due_soon");
  expect(urgencyOf(due, at(1), 7)).toBe("overdue");
  expect(urgencyOf(due, at(-2 * DAY), 1)).toBe("pending");
});

test("the digest's day is the organization's local day, from the digest hour on", () => {
  expect(digestDay(new Date("2026-07-14T10:59:59Z"), TO, 7)).toBeNull();
  expect(digestDay(new Date("2026-07-14T11:00:00Z"), TO, 7)).toBe("2026-07-14");
  expect(digestDay(new Date("2026-07-15T03:30:00Z"), TO, 7)).toBe("2026-07-14"); // 23:30 the evening before
  expect(digestDay(new Date("2026-07-15T04:00:00Z"), TO, 0)).toBe("2026-07-15");
  expect(digestDay(new Date("2026-01-14T11:59:00Z"), TO, 7)).toBeNull(); // 06:59 EST
});
