// Calendar-date arithmetic for the packs' rules and deadlines. Dates are {year, month, day}
// (no time zone): adding days or months never crosses a DST change.
export interface Day {
  year: number;
  month: number;
  day: number;
}

export const iso = (d: Day) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
export const cmp = (a: Day, b: Day) => iso(a).localeCompare(iso(b));
export const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** False for dates the schema's ranges let through but the calendar lacks (February 30). */
export const isReal = (d: Day) => d.day <= daysIn(d.year, d.month);

/** n calendar months later; a day past the month's end falls on its last day (Aug 31 + 6 = Feb 28). */
export function addMonths(d: Day, n: number): Day {
  const m = d.month - 1 + n;
  const year = d.year + Math.floor(m / 12), month = (m % 12) + 1;
  return { year, month, day: Math.min(d.day, daysIn(year, month)) };
}

export function addDays(d: Day, n: number): Day {
  const x = new Date(Date.UTC(d.year, d.month - 1, d.day) + n * 86_400_000);
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

/** The n-th anniversary; February 29 falls on February 28 in a common year. */
export const anniversary = (d: Day, n: number): Day => addMonths(d, 12 * n);
