import { expect, test } from "bun:test";
import { easterSunday, isBusinessDay, nextBusinessDay, ontarioHolidays } from "./ontario-holidays";

test("Easter Sunday", () => {
  expect(easterSunday(2024)).toEqual({ month: 3, day: 31 });
  expect(easterSunday(2025)).toEqual({ month: 4, day: 20 });
  expect(easterSunday(2026)).toEqual({ month: 4, day: 5 });
  expect(easterSunday(2027)).toEqual({ month: 3, day: 28 });
});

test("2026 holidays (Jan 1 Thursday; Canada Day Wednesday; Christmas Friday, Boxing Day Saturday)", () => {
  expect(ontarioHolidays(2026).map((h) => `${h.date} ${h.name}`)).toEqual([
    "2026-01-01 New Year's Day",
    "2026-02-16 Family Day",
    "2026-04-03 Good Friday",
    "2026-05-18 Victoria Day",
    "2026-07-01 Canada Day",
    "2026-08-03 Civic Holiday",
    "2026-09-07 Labour Day",
    "2026-10-12 Thanksgiving",
    "2026-12-25 Christmas Day",
    "2026-12-26 Boxing Day",
    "2026-12-28 Boxing Day (observed)",
  ]);
});

test("Victoria Day is the last Monday before May 25", () => {
  const victoria = (y: number) => ontarioHolidays(y).find((h) => h.name === "Victoria Day")!.date;
  expect(victoria(2020)).toBe("2020-05-18"); // May 25 was a Monday: the Monday before
  expect(victoria(2025)).toBe("2025-05-19");
  expect(victoria(2027)).toBe("2027-05-24");
});

test("Christmas on Saturday, Boxing Day on Sunday: observed Monday and Tuesday (2027)", () => {
  const dates = ontarioHolidays(2027).map((h) => h.date);
  expect(dates).toContain("2027-12-27");
  expect(dates).toContain("2027-12-28");
});

test("business days skip weekends and holidays", () => {
  expect(isBusinessDay({ year: 2026, month: 8, day: 3 })).toBe(false); // Civic Holiday
  expect(isBusinessDay({ year: 2026, month: 8, day: 4 })).toBe(true);
  expect(isBusinessDay({ year: 2026, month: 8, day: 1 })).toBe(false); // Saturday
  expect(nextBusinessDay({ year: 2026, month: 8, day: 1 })).toEqual({ year: 2026, month: 8, day: 4 });
  expect(nextBusinessDay({ year: 2026, month: 12, day: 24 })).toEqual({ year: 2026, month: 12, day: 24 });
  expect(nextBusinessDay({ year: 2026, month: 12, day: 25 })).toEqual({ year: 2026, month: 12, day: 29 });
});
