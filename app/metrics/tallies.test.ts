import { describe, expect, it } from "vitest";
import { hourAligned } from "./tallies";

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
