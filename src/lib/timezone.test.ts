import { describe, expect, test } from "bun:test";
import { isTimeZone, monthPeriod, zonedToInstant } from "./timezone";

describe("monthPeriod", () => {
  test("Toronto's January runs from 05:00 UTC on the 1st to 05:00 UTC on February 1", () => {
    const p = monthPeriod(new Date("2026-01-15T12:00:00Z"), "America/Toronto");
    expect(p.start.toISOString()).toBe("2026-01-01T05:00:00.000Z");
    expect(p.end.toISOString()).toBe("2026-02-01T05:00:00.000Z");
    expect(p.label).toBe("January 2026");
  });

  test("an instant just after midnight UTC on the 1st is still the previous month in Toronto", () => {
    expect(monthPeriod(new Date("2026-02-01T03:00:00Z"), "America/Toronto").label).toBe("January 2026");
    expect(monthPeriod(new Date("2026-02-01T05:00:00Z"), "America/Toronto").label).toBe("February 2026");
  });

  test("a month that contains the DST change keeps its true bounds", () => {
    const p = monthPeriod(new Date("2026-03-20T12:00:00Z"), "America/Toronto");
    expect(p.start.toISOString()).toBe("2026-03-01T05:00:00.000Z"); // EST
    expect(p.end.toISOString()).toBe("2026-04-01T04:00:00.000Z"); // EDT
  });

  test("December rolls into the next year", () => {
    const p = monthPeriod(new Date("2026-12-31T12:00:00Z"), "America/Vancouver");
    expect(p.end.toISOString()).toBe("2027-01-01T08:00:00.000Z");
    expect(p.label).toBe("December 2026");
  });

  test("UTC and positive offsets", () => {
    expect(zonedToInstant(2026, 6, 1, "UTC").toISOString()).toBe("2026-06-01T00:00:00.000Z");
    expect(zonedToInstant(2026, 6, 1, "Asia/Kolkata").toISOString()).toBe("2026-05-31T18:30:00.000Z");
  });

  test("isTimeZone", () => {
    expect(isTimeZone("America/Toronto")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone(42)).toBe(false);
  });
});
