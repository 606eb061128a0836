import { describe, expect, it } from "vitest";
import { knownTimeZone, timeZoneNames } from "./time-zones";

describe("knownTimeZone", () => {
  it.each([
    ["Europe/Zurich", "Europe/Zurich"],
    ["america/new_york", "America/New_York"],
    ["UTC", "UTC"],
    ["Nowhere/Land", null],
    ["", null],
  ])("%j → %j", (input, zone) => {
    expect(knownTimeZone(input)).toBe(zone);
  });
});

describe("timeZoneNames", () => {
  it("lists UTC first and once, then the runtime's zones", () => {
    const names = timeZoneNames();
    expect(names[0]).toBe("UTC");
    expect(names.filter((zone) => zone === "UTC")).toHaveLength(1);
    expect(names).toContain("Asia/Tehran");
  });
});
