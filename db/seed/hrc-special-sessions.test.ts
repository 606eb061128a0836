import { describe, expect, it } from "vitest";
import { loadHrcSpecialSessions } from "./seed-demo-positions";
import { loadUnReference, termDates } from "./un-reference";

const reference = loadUnReference();
const sessions = loadHrcSpecialSessions();
const january2026 = sessions.sessions.find((s) => s.date === "2026-01-23");
const iso2Of = new Map(reference.states.map((s) => [s.iso3, s.iso2]));

/** The Council's members on a day, from the seed's 2026 terms. */
function hrcMembersOn(day: string): Set<string> {
  return new Set(
    reference.human_rights_council.members_2026
      .filter((m) => {
        const { startsOn, endsOn } = termDates(m.term);
        return startsOn <= day && day <= endsOn;
      })
      .map((m) => iso2Of.get(m.iso3) ?? m.iso3),
  );
}

describe("the special sessions on Iran against the seed's Council membership", () => {
  it("lists as member supporters of the January 2026 request only Council members that day", () => {
    const members = hrcMembersOn(january2026?.request.submitted ?? "");
    expect(members.size).toBe(47);
    const memberSupporters = january2026?.request.member_supporters ?? [];
    expect(memberSupporters).toHaveLength(21);
    expect(memberSupporters.filter((iso2) => !members.has(iso2))).toEqual([]);
    const observers = january2026?.request.observer_supporters ?? [];
    expect(observers).toHaveLength(30);
    expect(observers.filter((iso2) => members.has(iso2))).toEqual([]);
  });

  it("names only states the seed knows, each once", () => {
    const known = new Set(reference.states.map((s) => s.iso2));
    const named = [
      ...(january2026?.request.member_supporters ?? []),
      ...(january2026?.request.observer_supporters ?? []),
    ];
    expect(named.filter((iso2) => !known.has(iso2))).toEqual([]);
    expect(new Set(named).size).toBe(named.length);
  });

  it("gives every source a link", () => {
    for (const source of sessions.sources) expect(source.url).toMatch(/^https:\/\//);
  });
});
