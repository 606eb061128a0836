import { describe, expect, it } from "vitest";
import { loadUnReference, termDates } from "./un-reference";

const reference = loadUnReference();
const members = reference.states.filter((s) => s.un_status === "member");

function countBy<T>(items: T[], key: (item: T) => string | null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item) ?? "none";
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

describe("the project's copy of the UN reference", () => {
  it("holds 193 member states and 2 observer states with unique codes", () => {
    expect(members).toHaveLength(193);
    expect(
      reference.states
        .filter((s) => s.un_status === "observer_state")
        .map((s) => s.iso3)
        .sort(),
    ).toEqual(["PSE", "VAT"]);
    for (const key of ["iso2", "iso3", "iso_numeric"] as const) {
      expect(new Set(reference.states.map((s) => s[key])).size).toBe(195);
    }
  });

  it("puts every member in one regional group: 54/54/23/33/29", () => {
    expect(countBy(members, (s) => s.un_regional_group)).toEqual({
      African: 54,
      "Asia-Pacific": 54,
      "Eastern European": 23,
      GRULAC: 33,
      WEOG: 29,
    });
    const group = (iso3: string) => members.find((s) => s.iso3 === iso3)?.un_regional_group;
    expect(group("USA")).toBe("WEOG");
    expect(group("ISR")).toBe("WEOG");
    expect(group("TUR")).toBe("WEOG");
    expect(group("KIR")).toBe("Asia-Pacific");
  });

  it("lists 47 Human Rights Council members in 2026, 13/13/6/8/7, all member states", () => {
    const hrc = reference.human_rights_council.members_2026;
    expect(hrc).toHaveLength(47);
    const memberCodes = new Set(members.map((s) => s.iso3));
    expect(hrc.every((m) => memberCodes.has(m.iso3))).toBe(true);
    const groupOf = new Map(members.map((s) => [s.iso3, s.un_regional_group]));
    expect(countBy(hrc, (m) => groupOf.get(m.iso3) ?? null)).toEqual({
      African: 13,
      "Asia-Pacific": 13,
      "Eastern European": 6,
      GRULAC: 8,
      WEOG: 7,
    });
    // One third of the seats is renewed each year.
    expect(countBy(hrc, (m) => m.term)).toEqual({
      "2024-2026": 15,
      "2025-2027": 18,
      "2026-2028": 14,
    });
  });

  it("has the five permanent members and ten elected Security Council members for 2026", () => {
    const { year_2026 } = reference.security_council;
    expect(year_2026.permanent.sort()).toEqual(["CN", "FR", "GB", "RU", "US"]);
    expect(year_2026.elected).toHaveLength(10);
  });

  it("lists 125 Rome Statute parties (after Ukraine), including the Cook Islands and Palestine", () => {
    const parties = reference.icc.parties.map((p) => p.iso2);
    expect(parties).toHaveLength(125);
    expect(parties).toContain("CK");
    expect(parties).toContain("PS");
    expect(parties).toContain("UA");
  });

  it("reads a term as 1 January to 31 December", () => {
    expect(termDates("2024-2026")).toEqual({ startsOn: "2024-01-01", endsOn: "2026-12-31" });
  });
});
