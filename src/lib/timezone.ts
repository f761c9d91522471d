// Calendar months in an IANA time zone, from Intl alone (no tz database to ship). The usage
// meter counts renders per month as the brokerage sees it: a PDF generated at 23:30 on
// January 31 in Toronto belongs to January even though it is February in UTC.
export const DEFAULT_TIME_ZONE = "America/Toronto";

export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== "string" || !tz) return false;
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone. */
export function zonedParts(at: Date, tz: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

/** Offset of the zone from UTC at an instant, in milliseconds (Toronto in winter: -5 h). */
function offsetAt(at: Date, tz: string): number {
  const p = zonedParts(at, tz);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a wall-clock time occurs in the zone (midnight exists in every zone we serve). */
export function zonedToInstant(year: number, month: number, day: number, tz: string, hour = 0, minute = 0): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  // Two passes settle the offset even when the guess lands across a DST change.
  let at = guess - offsetAt(new Date(guess), tz);
  at = guess - offsetAt(new Date(at), tz);
  return new Date(at);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export interface MonthPeriod {
  /** First instant of the month in the zone (inclusive). */
  start: Date;
  /** First instant of the next month (exclusive). */
  end: Date;
  /** "June 2026" */
  label: string;
}

export function monthPeriod(now: Date, tz: string): MonthPeriod {
  const { year, month } = zonedParts(now, tz);
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return {
    start: zonedToInstant(year, month, 1, tz),
    end: zonedToInstant(next.year, next.month, 1, tz),
    label: `${MONTHS[month - 1]} ${year}`,
  };
}
