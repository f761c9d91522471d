// Dates and times as the stamped pages and the certificate of completion show them: the
// brokerage's wall clock (Toronto unless told otherwise), with UTC beside each evidence time so
// nobody has to know the offset.
import { DEFAULT_TIME_ZONE, zonedParts } from "../../lib/timezone";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const instant = (at: string | Date) => {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) throw new Error(`not a time: ${String(at)}`);
  return d;
};

/** "June 25, 2026": the calendar date of an instant in the zone (en-CA long form). */
export function formatSigningDate(at: string | Date, tz = DEFAULT_TIME_ZONE): string {
  const p = zonedParts(instant(at), tz);
  return `${MONTHS[p.month - 1]} ${p.day}, ${p.year}`;
}

/** "June 25, 2026, 14:03:07 EDT (2026-06-25 18:03:07 UTC)". */
export function formatEvidenceTime(at: string | Date, tz = DEFAULT_TIME_ZONE): string {
  const d = instant(at);
  const p = zonedParts(d, tz);
  const two = (n: number) => String(n).padStart(2, "0");
  const zone = new Intl.DateTimeFormat("en-CA", { timeZone: tz, timeZoneName: "short" }).formatToParts(d).find((x) => x.type === "timeZoneName")?.value ?? tz;
  const utc = d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return `${formatSigningDate(d, tz)}, ${two(p.hour)}:${two(p.minute)}:${two(p.second)} ${zone} (${utc})`;
}
