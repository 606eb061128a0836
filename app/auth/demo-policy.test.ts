import { describe, expect, it } from "vitest";
import { demoWanted } from "./demo-policy";

describe("demoWanted", () => {
  it("seeds an empty embedded database unless DEMO=0", () => {
    expect(demoWanted({ demo: undefined, embedded: true, empty: true })).toBe(true);
    expect(demoWanted({ demo: false, embedded: true, empty: true })).toBe(false);
    expect(demoWanted({ demo: undefined, embedded: true, empty: false })).toBe(false);
  });

  it("seeds an external database only with DEMO=1", () => {
    expect(demoWanted({ demo: undefined, embedded: false, empty: true })).toBe(false);
    expect(demoWanted({ demo: false, embedded: false, empty: true })).toBe(false);
    expect(demoWanted({ demo: true, embedded: false, empty: true })).toBe(true);
    expect(demoWanted({ demo: true, embedded: false, empty: false })).toBe(true);
  });
});
