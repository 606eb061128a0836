import { describe, expect, it } from "vitest";
import {
  addDays,
  dayIn,
  daysBetween,
  defaultRange,
  defaultRangeDays,
  maxRangeDays,
  parseRangeForm,
} from "./metrics-range";

describe("days", () => {
  it("names the calendar day of an instant in a zone", () => {
    const instant = new Date("2026-03-10T23:30:00Z");
    expect(dayIn(instant, "UTC")).toBe("2026-03-10");
    expect(dayIn(instant, "Europe/Paris")).toBe("2026-03-11");
    expect(dayIn(instant, "America/Los_Angeles")).toBe("2026-03-10");
  });

  it("adds days across months, leap days and years, and counts them back", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2026-03-01", "2026-03-31")).toBe(30);
    // Calendar days, whatever summer time does to the hours in between.
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-03-05", "2026-03-01")).toBe(-4);
  });

  it("defaults to the last days up to today in the zone, today included", () => {
    const range = defaultRange("Asia/Tokyo", new Date("2026-03-10T16:00:00Z"));
    expect(range).toEqual({ from: "2026-02-10", to: "2026-03-11", timeZone: "Asia/Tokyo" });
    expect(daysBetween(range.from, range.to)).toBe(defaultRangeDays - 1);
  });
});

describe("parseRangeForm", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  const form = (query: string) => parseRangeForm(new URLSearchParams(query), now);

  it("takes a valid period as asked, with the zone spelt canonically", () => {
    expect(form("from=2026-03-01&to=2026-03-03&tz=asia/tokyo")).toEqual({
      range: { from: "2026-03-01", to: "2026-03-03", timeZone: "Asia/Tokyo" },
      values: { from: "2026-03-01", to: "2026-03-03", tz: "Asia/Tokyo" },
      errors: {},
    });
  });

  it("fills a missing end from the default range, trimming what was typed", () => {
    expect(form("from=%202026-03-01%20").range).toEqual({
      from: "2026-03-01",
      to: "2026-03-10",
      timeZone: "UTC",
    });
    expect(form("to=2026-03-05").range).toEqual({
      from: "2026-02-09",
      to: "2026-03-05",
      timeZone: "UTC",
    });
  });

  it("allows at most maxRangeDays days, the last day included", () => {
    const last = (days: number) => addDays("2026-01-01", days - 1);
    expect(form(`from=2026-01-01&to=${last(maxRangeDays)}`).errors).toEqual({});
    expect(form(`from=2026-01-01&to=${last(maxRangeDays + 1)}`).errors.from).toBe(
      `Choose at most ${maxRangeDays} days`,
    );
  });

  it("keeps what was typed beside each problem and shows the default meanwhile", () => {
    const bad = form("from=2026-03-05&to=2026-03-01&tz=Europe/Paris");
    expect(bad.errors).toEqual({ from: "The first day must be on or before the last day" });
    expect(bad.values).toEqual({ from: "2026-03-05", to: "2026-03-01", tz: "Europe/Paris" });
    expect(bad.range).toEqual(defaultRange("Europe/Paris", now));
    const zone = form("from=2026-03-01&tz=Mars/Olympus");
    expect(zone.errors).toEqual({ tz: "Choose a time zone from the list" });
    expect(zone.values.tz).toBe("Mars/Olympus");
    expect(zone.range).toEqual(defaultRange("UTC", now));
  });
});
