import { describe, expect, it } from "vitest";
import { type MemberPosition, progressSentence, type TallyInput, tallyAsk } from "./decision-rules";
import { type Position, positions } from "./stance";

type Blocks = Partial<Record<Position, number>>;

function state(
  iso3: string,
  position: Position,
  overrides: Partial<MemberPosition> = {},
): MemberPosition {
  return {
    iso3,
    name: `State ${iso3}`,
    regionalGroup: "WEOG",
    permanent: false,
    position,
    ...overrides,
  };
}

/** `size` members holding the given positions in blocks; everyone else has no information. */
function roster(size: number, blocks: Blocks, prefix = "M"): MemberPosition[] {
  const held = Object.entries(blocks).flatMap(([position, count]) =>
    Array.from({ length: count ?? 0 }, () => position as Position),
  );
  if (held.length > size) throw new Error(`roster of ${size} cannot hold ${held.length}`);
  const padded = [...held, ...Array.from({ length: size - held.length }, () => "no_information")];
  return padded.map((position, index) =>
    state(`${prefix}${String(index + 1).padStart(3, "0")}`, position as Position),
  );
}

const permanentFive = {
  CHN: "China",
  FRA: "France",
  GBR: "United Kingdom",
  RUS: "Russia",
  USA: "United States",
} as const;
type PermanentMember = keyof typeof permanentFive;

/** Five permanent members (abstaining unless given) and ten elected members. */
function securityCouncil(
  permanent: Partial<Record<PermanentMember, Position>>,
  elected: Blocks,
): MemberPosition[] {
  const permanentMembers = Object.entries(permanentFive).map(([iso3, name]) =>
    state(iso3, permanent[iso3 as PermanentMember] ?? "abstain", { name, permanent: true }),
  );
  return [...permanentMembers, ...roster(10, elected, "E")];
}

function tally(
  rule: TallyInput["rule"],
  members: MemberPosition[],
  extra: Partial<TallyInput> = {},
) {
  return tallyAsk({ rule, members, ...extra });
}

describe("hrc_special_session", () => {
  it("is short by one with 15 of 47 members asking", () => {
    const result = tally("hrc_special_session", roster(47, { supports: 15 }));
    expect(result.threshold).toBe(16);
    expect(result.firm).toBe(15);
    expect(result.verdictFirm).toEqual({ status: "short", missing: 1 });
    expect(result.summary).toBe(
      "15 of the 16 HRC members needed have asked for a special session.",
    );
  });

  it("is reached with 16 of 47, counting recorded yes as firm", () => {
    const result = tally("hrc_special_session", roster(47, { supports: 15, yes: 1 }));
    expect(result.verdictFirm).toEqual({ status: "reached" });
    expect(result.summary).toBe(
      "16 HRC members have asked for a special session, enough to convene one (16 needed).",
    );
  });

  it("uses one third of the membership rounded up", () => {
    expect(tally("hrc_special_session", roster(45, {})).threshold).toBe(15);
    expect(tally("hrc_special_session", roster(46, {})).threshold).toBe(16);
    expect(tally("hrc_special_session", roster(48, {})).threshold).toBe(16);
  });

  it("counts leaning support only in the with-leaning scenario", () => {
    const result = tally("hrc_special_session", roster(47, { supports: 10, leaning_support: 6 }));
    expect(result.leaning).toBe(6);
    expect(result.verdictFirm).toEqual({ status: "short", missing: 6 });
    expect(result.verdictWithLeaning).toEqual({ status: "reached" });
  });

  it("lists supporting non-members as co-signers without counting them", () => {
    const nonMembers = [
      state("ZZZ", "supports", { name: "Zeta" }),
      state("AAA", "yes", { name: "Alpha" }),
      state("LLL", "leaning_support", { name: "Lambda" }),
      state("OOO", "opposes", { name: "Omega" }),
      ...roster(20, { supports: 20 }, "N"),
    ];
    const result = tally("hrc_special_session", roster(47, { supports: 15 }), { nonMembers });
    expect(result.firm).toBe(15);
    expect(result.verdictFirm).toEqual({ status: "short", missing: 1 });
    expect(result.coSigners).toHaveLength(22);
    expect(result.coSigners[0]).toEqual({ iso3: "AAA", name: "Alpha" });
    expect(result.coSigners.at(-1)).toEqual({ iso3: "ZZZ", name: "Zeta" });
    expect(result.coSigners.map((s) => s.iso3)).not.toContain("LLL");
    expect(result.summary).toBe(
      "15 of the 16 HRC members needed have asked for a special session, " +
        "with 22 non-member co-signers.",
    );
  });

  it("does not list a member twice when it also appears among non-members", () => {
    const members = roster(47, { supports: 1 });
    const result = tally("hrc_special_session", members, { nonMembers: members.slice(0, 1) });
    expect(result.coSigners).toEqual([]);
  });

  // An empty roster means membership is unknown: at least one request is still required.
  it("never reaches a special session with no members", () => {
    const result = tally("hrc_special_session", []);
    expect(result.threshold).toBe(1);
    expect(result.verdictFirm).toEqual({ status: "short", missing: 1 });
    expect(result.verdictWithLeaning).toEqual({ status: "short", missing: 1 });
  });
});

describe("hrc_resolution", () => {
  it("is adopted when yes outnumber no", () => {
    const result = tally("hrc_resolution", roster(47, { yes: 20, no: 15, abstain: 12 }));
    expect(result.threshold).toBe(16);
    expect(result.verdictFirm).toEqual({ status: "reached" });
    expect(result.summary).toBe("Adopted: 20 yes to 15 no.");
  });

  it("is not adopted on a tie and needs one more yes", () => {
    const result = tally("hrc_resolution", roster(47, { supports: 15, opposes: 15 }));
    expect(result.verdictFirm).toEqual({ status: "short", missing: 1 });
    expect(result.summary).toBe("Not adopted: 15 yes to 15 no; 1 more yes vote needed.");
  });

  it("ignores abstentions and absences", () => {
    const result = tally("hrc_resolution", roster(47, { yes: 10, no: 9, abstain: 20, absent: 8 }));
    expect(result.verdictFirm).toEqual({ status: "reached" });
  });

  it("counts stances and recorded votes together", () => {
    const result = tally("hrc_resolution", roster(47, { supports: 5, yes: 5, opposes: 8, no: 4 }));
    expect(result.firm).toBe(10);
    expect(result.against).toBe(12);
    expect(result.verdictFirm).toEqual({ status: "short", missing: 3 });
  });

  it("counts leaners on the side they lean to", () => {
    const blocks = { supports: 14, opposes: 15, leaning_support: 4, leaning_oppose: 2 };
    const result = tally("hrc_resolution", roster(47, blocks));
    expect(result.leaningAgainst).toBe(2);
    expect(result.verdictFirm).toEqual({ status: "short", missing: 2 });
    expect(result.verdictWithLeaning).toEqual({ status: "reached" });
  });

  it("always uses a simple majority, even if marked an important question", () => {
    const result = tally("hrc_resolution", roster(47, { yes: 20, no: 15 }), {
      importantQuestion: true,
    });
    expect(result.verdictFirm).toEqual({ status: "reached" });
  });

  it("needs one yes when nobody has voted", () => {
    const result = tally("hrc_resolution", []);
    expect(result.threshold).toBe(1);
    expect(result.verdictFirm).toEqual({ status: "short", missing: 1 });
  });
});

describe("unsc_substantive", () => {
  it("is adopted with 9 yes while the permanent members abstain", () => {
    const result = tally("unsc_substantive", securityCouncil({}, { yes: 9 }));
    expect(result.threshold).toBe(9);
    expect(result.verdictFirm).toEqual({ status: "reached" });
    expect(result.summary).toBe("Adopted: 9 votes in favour (9 needed), no veto.");
  });

  it("treats a permanent member's absence as no veto", () => {
    const result = tally("unsc_substantive", securityCouncil({ RUS: "absent" }, { yes: 9 }));
    expect(result.verdictFirm).toEqual({ status: "reached" });
  });

  it("is vetoed by a permanent member voting no despite 9 yes", () => {
    const permanent = { CHN: "yes", FRA: "yes", GBR: "yes", USA: "yes", RUS: "no" } as const;
    const result = tally("unsc_substantive", securityCouncil(permanent, { yes: 5 }));
    expect(result.firm).toBe(9);
    expect(result.verdictFirm).toEqual({ status: "vetoed", vetoedBy: ["RUS"] });
    expect(result.summary).toBe("9 votes in favour (9 needed); vetoed by Russia.");
  });

  it("reports a veto ahead of a shortfall", () => {
    const result = tally("unsc_substantive", securityCouncil({ RUS: "no" }, { yes: 8 }));
    expect(result.verdictFirm).toEqual({ status: "vetoed", vetoedBy: ["RUS"] });
    expect(result.summary).toBe("8 of the 9 votes needed; vetoed by Russia.");
  });

  it("lists every vetoing permanent member in order", () => {
    const result = tally("unsc_substantive", securityCouncil({ RUS: "no", CHN: "opposes" }, {}));
    expect(result.verdictFirm).toEqual({ status: "vetoed", vetoedBy: ["CHN", "RUS"] });
    expect(result.summary).toBe("0 of the 9 votes needed; vetoed by China and Russia.");
  });

  it("names the vetoing members alphabetically, keeping ISO3 codes in the verdict", () => {
    const permanent = { USA: "no", GBR: "opposes", RUS: "no" } as const;
    const result = tally("unsc_substantive", securityCouncil(permanent, { yes: 9 }));
    expect(result.verdictFirm).toEqual({ status: "vetoed", vetoedBy: ["GBR", "RUS", "USA"] });
    expect(result.summary).toBe(
      "9 votes in favour (9 needed); vetoed by Russia, United Kingdom and United States.",
    );
  });

  it("does not let elected members veto", () => {
    const result = tally("unsc_substantive", securityCouncil({}, { yes: 9, no: 1 }));
    expect(result.verdictFirm).toEqual({ status: "reached" });
  });

  it("treats a permanent member leaning to oppose as a veto only with leaners", () => {
    const permanent = {
      CHN: "leaning_oppose",
      FRA: "yes",
      GBR: "yes",
      RUS: "supports",
      USA: "yes",
    } as const;
    const result = tally("unsc_substantive", securityCouncil(permanent, { yes: 10 }));
    expect(result.firm).toBe(14);
    expect(result.verdictFirm).toEqual({ status: "reached" });
    expect(result.verdictWithLeaning).toEqual({ status: "vetoed", vetoedBy: ["CHN"] });
  });

  it("is short by one with 8 yes", () => {
    const result = tally("unsc_substantive", securityCouncil({}, { yes: 8 }));
    expect(result.verdictFirm).toEqual({ status: "short", missing: 1 });
    expect(result.summary).toBe("8 of the 9 votes needed.");
  });

  it("counts leaning support as yes only with leaners", () => {
    const result = tally("unsc_substantive", securityCouncil({}, { yes: 7, leaning_support: 2 }));
    expect(result.verdictFirm).toEqual({ status: "short", missing: 2 });
    expect(result.verdictWithLeaning).toEqual({ status: "reached" });
  });

  it("cannot adopt anything with no members", () => {
    expect(tally("unsc_substantive", []).verdictFirm).toEqual({ status: "short", missing: 9 });
  });
});

describe("unga_resolution", () => {
  it("needs a simple majority of those present and voting", () => {
    const result = tally("unga_resolution", roster(193, { yes: 100, no: 50, abstain: 43 }));
    expect(result.threshold).toBe(51);
    expect(result.verdictFirm).toEqual({ status: "reached" });
    expect(result.summary).toBe("Adopted: 100 yes to 50 no.");
  });

  it("reaches two thirds with 100 yes to 50 no on an important question", () => {
    const result = tally("unga_resolution", roster(193, { yes: 100, no: 50 }), {
      importantQuestion: true,
    });
    expect(result.threshold).toBe(100);
    expect(result.verdictFirm).toEqual({ status: "reached" });
    expect(result.summary).toBe("Adopted by two thirds: 100 yes to 50 no.");
  });

  it("falls one short of two thirds with 99 yes to 50 no", () => {
    const result = tally("unga_resolution", roster(193, { yes: 99, no: 50 }), {
      importantQuestion: true,
    });
    expect(result.verdictFirm).toEqual({ status: "short", missing: 1 });
    expect(result.summary).toBe("Short of two thirds: 99 yes to 50 no; 1 more yes vote needed.");
  });

  it("needs at least one yes for two thirds when nobody votes no", () => {
    const important = { importantQuestion: true };
    const none = tally("unga_resolution", roster(193, { abstain: 10 }), important);
    expect(none.threshold).toBe(1);
    expect(none.verdictFirm).toEqual({ status: "short", missing: 1 });
    const one = tally("unga_resolution", roster(193, { yes: 1 }), important);
    expect(one.verdictFirm).toEqual({ status: "reached" });
  });

  it("applies two thirds to leaners on both sides", () => {
    const blocks = { yes: 80, no: 40, leaning_support: 5, leaning_oppose: 5 };
    const result = tally("unga_resolution", roster(193, blocks), { importantQuestion: true });
    expect(result.verdictFirm).toEqual({ status: "reached" });
    expect(result.verdictWithLeaning).toEqual({ status: "short", missing: 5 });
  });

  it("pluralises the missing votes", () => {
    const result = tally("unga_resolution", roster(193, { yes: 40, no: 50 }));
    expect(result.verdictFirm).toEqual({ status: "short", missing: 11 });
    expect(result.summary).toBe("Not adopted: 40 yes to 50 no; 11 more yes votes needed.");
  });
});

describe("state_action", () => {
  const blocks = {
    yes: 3,
    supports: 5,
    leaning_support: 2,
    opposes: 4,
    no: 1,
    undecided: 6,
  };

  it("counts acted, committed, leaning and refusing states without a threshold", () => {
    const result = tally("state_action", roster(193, blocks));
    expect(result).toMatchObject({
      memberCount: 193,
      threshold: null,
      firm: 8,
      leaning: 2,
      acted: 3,
      committed: 5,
      refuses: 5,
      verdictFirm: { status: "not_applicable" },
      verdictWithLeaning: { status: "not_applicable" },
    });
    expect(result.summary).toBe(
      "3 states have acted, 5 have committed, 2 are leaning towards acting and 5 refuse.",
    );
  });

  it("uses singular verbs for single states", () => {
    const result = tally(
      "state_action",
      roster(4, { yes: 1, supports: 1, leaning_support: 1, no: 1 }),
    );
    expect(result.summary).toBe(
      "1 state has acted, 1 has committed, 1 is leaning towards acting and 1 refuses.",
    );
  });

  it("handles an empty list of states", () => {
    const result = tally("state_action", []);
    expect(result).toMatchObject({ acted: 0, committed: 0, refuses: 0, threshold: null });
    expect(result.verdictFirm).toEqual({ status: "not_applicable" });
  });

  it("leaves the state-action counts off other rules", () => {
    const result = tally("hrc_resolution", roster(47, blocks));
    expect(result.acted).toBeUndefined();
    expect(result.committed).toBeUndefined();
    expect(result.refuses).toBeUndefined();
  });
});

describe("tally details", () => {
  it("zero-fills counts for every position", () => {
    const result = tally("hrc_resolution", []);
    expect(Object.keys(result.counts).sort()).toEqual([...positions].sort());
    expect(Object.values(result.counts).every((count) => count === 0)).toBe(true);
    expect(result.memberCount).toBe(0);
    expect(result.swing).toEqual([]);
  });

  it("counts every member exactly once", () => {
    const blocks = { yes: 3, abstain: 4, absent: 2, undecided: 1, leaning_oppose: 1 };
    const result = tally("unga_resolution", roster(20, blocks));
    expect(result.counts).toMatchObject({ ...blocks, no_information: 9, supports: 0, no: 0 });
    const total = Object.values(result.counts).reduce((sum, count) => sum + count, 0);
    expect(total).toBe(20);
  });

  it("groups swing members by regional group in a fixed order, sorted by name", () => {
    const members = [
      state("NOR", "undecided", { name: "Norway", regionalGroup: "WEOG" }),
      state("XKX", "leaning_support", { name: "Kosovo", regionalGroup: null }),
      state("BRA", "abstain", { name: "Brazil", regionalGroup: "GRULAC" }),
      state("KEN", "no_information", { name: "Kenya", regionalGroup: "African" }),
      state("BEN", "leaning_oppose", { name: "Benin", regionalGroup: "African" }),
      state("FRA", "supports", { name: "France", regionalGroup: "WEOG" }),
      state("IND", "opposes", { name: "India", regionalGroup: "Asia-Pacific" }),
      state("POL", "absent", { name: "Poland", regionalGroup: "Eastern European" }),
      state("ARG", "yes", { name: "Argentina", regionalGroup: "GRULAC" }),
      state("CHL", "no", { name: "Chile", regionalGroup: "GRULAC" }),
    ];
    const result = tally("hrc_resolution", members);
    expect(result.swing).toEqual([
      {
        group: "African",
        states: [
          { iso3: "BEN", name: "Benin", position: "leaning_oppose" },
          { iso3: "KEN", name: "Kenya", position: "no_information" },
        ],
      },
      { group: "GRULAC", states: [{ iso3: "BRA", name: "Brazil", position: "abstain" }] },
      { group: "WEOG", states: [{ iso3: "NOR", name: "Norway", position: "undecided" }] },
      { group: "No group", states: [{ iso3: "XKX", name: "Kosovo", position: "leaning_support" }] },
    ]);
  });

  it("returns no co-signers outside special sessions", () => {
    const nonMembers = roster(5, { supports: 5 }, "N");
    expect(tally("hrc_resolution", roster(47, {}), { nonMembers }).coSigners).toEqual([]);
  });

  it("exposes the summary through progressSentence", () => {
    const result = tally("unsc_substantive", securityCouncil({}, { yes: 8 }));
    expect(progressSentence(result)).toBe(result.summary);
  });
});

describe("unsc_procedural", () => {
  it("is adopted with 9 yes even when a permanent member votes no", () => {
    const result = tally(
      "unsc_procedural",
      securityCouncil({ RUS: "no", CHN: "no", USA: "yes", FRA: "yes" }, { yes: 7 }),
    );
    expect(result.threshold).toBe(9);
    expect(result.firm).toBe(9);
    expect(result.verdictFirm).toEqual({ status: "reached" });
    expect(progressSentence(result)).toBe(
      "Adopted: 9 votes in favour (9 needed); no veto applies to procedure.",
    );
  });

  it("is short by one with 8 yes", () => {
    const result = tally("unsc_procedural", securityCouncil({ GBR: "yes" }, { supports: 7 }));
    expect(result.verdictFirm).toEqual({ status: "short", missing: 1 });
    expect(progressSentence(result)).toBe("8 of the 9 votes needed; no veto applies to procedure.");
  });

  it("counts leaning support only with leaners, and never reports a veto", () => {
    const result = tally(
      "unsc_procedural",
      securityCouncil({ RUS: "opposes", CHN: "leaning_oppose" }, { yes: 8, leaning_support: 1 }),
    );
    expect(result.verdictFirm).toEqual({ status: "short", missing: 1 });
    expect(result.verdictWithLeaning).toEqual({ status: "reached" });
  });
});
