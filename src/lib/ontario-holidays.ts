// Ontario's holidays for business-day rules (an APS completion date must be a business day).
// The nine public holidays of the Employment Standards Act, plus the Civic Holiday, because land
// registry offices close then and a deal cannot close. When January 1, July 1, December 25 or
// December 26 fall on a weekend, the weekday that replaces them is a holiday too.
import type { CalendarDate } from "../db/schema";

export interface Holiday {
  date: string; // YYYY-MM-DD
  name: string;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday

/** The n-th given weekday of a month (n = 1 for the first). */
function nthWeekday(y: number, m: number, dow: number, n: number): number {
  const first = weekday(y, m, 1);
  return 1 + ((dow - first + 7) % 7) + (n - 1) * 7;
}

/** Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher). */
export function easterSunday(y: number): { month: number; day: number } {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return { month, day: ((h + l - 7 * m + 114) % 31) + 1 };
}

function addDaysIso(y: number, m: number, d: number, days: number): string {
  return new Date(Date.UTC(y, m - 1, d) + days * 86_400_000).toISOString().slice(0, 10);
}

const cache = new Map<number, Holiday[]>();

export function ontarioHolidays(y: number): Holiday[] {
  const hit = cache.get(y);
  if (hit) return hit;
  const easter = easterSunday(y);
  // Victoria Day: the Monday before May 25.
  const victoria = 24 - ((weekday(y, 5, 24) + 6) % 7);
  const list: Holiday[] = [
    { date: iso(y, 1, 1), name: "New Year's Day" },
    { date: iso(y, 2, nthWeekday(y, 2, 1, 3)), name: "Family Day" },
    { date: addDaysIso(y, easter.month, easter.day, -2), name: "Good Friday" },
    { date: iso(y, 5, victoria), name: "Victoria Day" },
    { date: iso(y, 7, 1), name: "Canada Day" },
    { date: iso(y, 8, nthWeekday(y, 8, 1, 1)), name: "Civic Holiday" },
    { date: iso(y, 9, nthWeekday(y, 9, 1, 1)), name: "Labour Day" },
    { date: iso(y, 10, nthWeekday(y, 10, 1, 2)), name: "Thanksgiving" },
    { date: iso(y, 12, 25), name: "Christmas Day" },
    { date: iso(y, 12, 26), name: "Boxing Day" },
  ];
  // Weekend substitutes: the next weekday not already a holiday (Christmas on Saturday moves to
  // Monday, so Boxing Day on Sunday moves to Tuesday).
  const taken = new Set(list.map((h) => h.date));
  for (const [m, d, name] of [[1, 1, "New Year's Day"], [7, 1, "Canada Day"], [12, 25, "Christmas Day"], [12, 26, "Boxing Day"]] as const) {
    const dow = weekday(y, m, d);
    if (dow !== 0 && dow !== 6) continue;
    let offset = dow === 6 ? 2 : 1;
    while (taken.has(addDaysIso(y, m, d, offset)) || [0, 6].includes(new Date(addDaysIso(y, m, d, offset)).getUTCDay())) offset++;
    const date = addDaysIso(y, m, d, offset);
    taken.add(date);
    list.push({ date, name: `${name} (observed)` });
  }
  list.sort((a, b) => a.date.localeCompare(b.date));
  cache.set(y, list);
  return list;
}

export function holidayOn(d: CalendarDate): Holiday | undefined {
  const key = iso(d.year, d.month, d.day);
  return ontarioHolidays(d.year).find((h) => h.date === key);
}

/** Not a Saturday, Sunday or Ontario holiday. */
export function isBusinessDay(d: CalendarDate): boolean {
  const dow = weekday(d.year, d.month, d.day);
  return dow !== 0 && dow !== 6 && !holidayOn(d);
}

/** The first business day on or after d. */
export function nextBusinessDay(d: CalendarDate): CalendarDate {
  let t = Date.UTC(d.year, d.month - 1, d.day);
  for (;;) {
    const x = new Date(t);
    const c = { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
    if (isBusinessDay(c)) return c;
    t += 86_400_000;
  }
}
