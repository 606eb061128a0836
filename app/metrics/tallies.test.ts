import { describe, expect, it } from "vitest";
import { hourAligned, medianOfCounts } from "./tallies";

describe("hourAligned", () => {
  it("accepts zones whose offsets are whole hours, summer time included", () => {
    for (const zone of [
      "UTC",
      "Europe/Paris",
      "America/New_York",
      "Asia/Tokyo",
      "Pacific/Kiritimati",
    ]) {
      expect(hourAligned(zone), zone).toBe(true);
    }
  });

  it("refuses zones with half- or quarter-hour offsets, at any time of year", () => {
    for (const zone of [
      "Asia/Kolkata",
      "Asia/Kathmandu",
      "America/St_Johns",
      "Australia/Adelaide",
      // +10:30 in winter, +11 in summer: a half-hour shift.
      "Australia/Lord_Howe",
      "Asia/Tehran",
    ]) {
      expect(hourAligned(zone), zone).toBe(false);
    }
  });
});

describe("medianOfCounts", () => {
  it("answers null for nothing counted", () => {
    expect(medianOfCounts([])).toBeNull();
    expect(medianOfCounts([{ value: 3, n: 0 }])).toBeNull();
  });

  it("finds the middle value of an odd count", () => {
    expect(medianOfCounts([{ value: 4, n: 1 }])).toBe(4);
    expect(
      medianOfCounts([
        { value: 9, n: 1 },
        { value: 1, n: 2 },
        { value: 5, n: 2 },
      ]),
    ).toBe(5);
  });

  it("interpolates between the two middle values of an even count, like percentile_cont", () => {
    expect(
      medianOfCounts([
        { value: 2, n: 1 },
        { value: 5, n: 1 },
      ]),
    ).toBe(3.5);
    expect(
      medianOfCounts([
        { value: 0, n: 3 },
        { value: 10, n: 1 },
      ]),
    ).toBe(0);
    expect(
      medianOfCounts([
        { value: 1, n: 2 },
        { value: 3, n: 2 },
      ]),
    ).toBe(2);
  });

  it("ignores negative counts that cancel out (a pending change) when zero", () => {
    expect(
      medianOfCounts([
        { value: 1, n: 0 },
        { value: 7, n: 1 },
      ]),
    ).toBe(7);
  });
});
