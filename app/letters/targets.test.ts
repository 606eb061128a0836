import { describe, expect, it } from "vitest";
import { nextOfficeHour, targetKindsFor, withinOfficeHours } from "./targets";

describe("letter targets", () => {
  it("address the ministry by default, missions only where their body decides", () => {
    expect(targetKindsFor(["ministry"], "hrc_special_session")).toEqual(["ministry"]);
    expect(targetKindsFor(["ministry", "geneva"], "hrc_special_session")).toEqual([
      "ministry",
      "geneva",
    ]);
    expect(targetKindsFor(["geneva"], "unsc_substantive")).toEqual(["ministry"]);
    expect(targetKindsFor(["new_york"], "unsc_substantive")).toEqual(["new_york"]);
    expect(targetKindsFor(["new_york", "geneva"], "state_action")).toEqual(["ministry"]);
  });
});

describe("office hours", () => {
  // Wednesday 2026-11-25 08:30 UTC is 09:30 in Paris and 03:30 in New York.
  const wednesday = new Date("2026-11-25T08:30:00Z");

  it("are Monday to Friday 9 to 17 in the office's own time zone", () => {
    expect(withinOfficeHours(wednesday, "Europe/Paris")).toBe(true);
    expect(withinOfficeHours(wednesday, "America/New_York")).toBe(false);
    expect(withinOfficeHours(new Date("2026-11-28T12:00:00Z"), "Europe/Paris")).toBe(false);
  });

  it("wait until the next opening", () => {
    expect(nextOfficeHour(wednesday, "America/New_York").toISOString()).toBe(
      "2026-11-25T14:00:00.000Z",
    );
    // Friday evening in Paris waits for Monday 09:00 (08:00 UTC in winter).
    expect(nextOfficeHour(new Date("2026-11-27T17:30:00Z"), "Europe/Paris").toISOString()).toBe(
      "2026-11-30T08:00:00.000Z",
    );
  });
});
