import { describe, expect, it } from "vitest";
import { tallyAsk } from "./decision-rules";
import type { Position, RegionalGroup } from "./stance";
import {
  applyTrackerQuery,
  describeTrackerQuery,
  filterTrackerRows,
  parseTrackerQuery,
  positionOn,
  sortTrackerRows,
  type TrackerQuery,
  type TrackerRow,
  tallyFigures,
} from "./tracker";

function row(
  iso3: string,
  name: string,
  regionalGroup: RegionalGroup | null,
  extra: Partial<TrackerRow> = {},
): TrackerRow {
  return {
    iso3,
    name,
    regionalGroup,
    unStatus: "member",
    hrc: null,
    unsc: null,
    romeStatuteParty: false,
    positions: {},
    lastObservedOn: null,
    responses: 0,
    ...extra,
  };
}

const seat = (permanent = false) => ({ permanent, startsOn: null, endsOn: null });
const observed = (position: Position) => ({ position, observedOn: "2026-02-01" });

const rows: TrackerRow[] = [
  row("FRA", "France", "WEOG", {
    hrc: seat(),
    unsc: seat(true),
    positions: { session: observed("supports") },
  }),
  row("BRA", "Brazil", "GRULAC", { hrc: seat(), positions: { session: observed("undecided") } }),
  row("CHN", "China", "Asia-Pacific", {
    unsc: seat(true),
    positions: { session: observed("opposes") },
  }),
  row("VAT", "Holy See", null, { unStatus: "observer" }),
  row("DEU", "Germany", "WEOG", { positions: { session: observed("leaning_support") } }),
];

const names = (list: TrackerRow[]) => list.map((r) => r.name);
const query = (over: Partial<TrackerQuery> = {}): TrackerQuery => ({
  body: "all",
  sort: "name",
  ...over,
});

describe("parseTrackerQuery", () => {
  it("reads every filter from the search params", () => {
    const params = new URLSearchParams(
      "group=WEOG&body=hrc&ask=session&stance=supports&sort=ask:session",
    );
    expect(parseTrackerQuery(params)).toEqual({
      group: "WEOG",
      body: "hrc",
      ask: "session",
      stance: "supports",
      sort: "ask:session",
    });
  });

  it("treats empty selects as no filter and ignores unknown keys", () => {
    const params = new URLSearchParams("group=&ask=&stance=&index=");
    expect(parseTrackerQuery(params)).toEqual({ body: "all", sort: "name" });
  });

  it("falls back to no filter on values it does not know", () => {
    const params = new URLSearchParams("group=Martians&body=ga&stance=maybe&sort=<script>");
    expect(parseTrackerQuery(params)).toEqual({ body: "all", sort: "name" });
  });
});

describe("filterTrackerRows", () => {
  it("keeps every state without filters", () => {
    expect(filterTrackerRows(rows, query())).toHaveLength(rows.length);
  });

  it("filters by regional group", () => {
    expect(names(filterTrackerRows(rows, query({ group: "WEOG" })))).toEqual(["France", "Germany"]);
  });

  it("filters by council membership", () => {
    expect(names(filterTrackerRows(rows, query({ body: "hrc" })))).toEqual(["France", "Brazil"]);
    expect(names(filterTrackerRows(rows, query({ body: "unsc" })))).toEqual(["France", "China"]);
    expect(names(filterTrackerRows(rows, query({ body: "hrc_or_unsc" })))).toEqual([
      "France",
      "Brazil",
      "China",
    ]);
  });

  it("leaves out observer states when asked for UN members only", () => {
    expect(names(filterTrackerRows(rows, query({ body: "un_members" })))).not.toContain("Holy See");
  });

  it("filters by the position on one ask, a missing observation being no information", () => {
    const supports = filterTrackerRows(rows, query({ ask: "session", stance: "supports" }));
    expect(names(supports)).toEqual(["France"]);
    const unknown = filterTrackerRows(rows, query({ ask: "session", stance: "no_information" }));
    expect(names(unknown)).toEqual(["Holy See"]);
  });

  it("ignores a stance without an ask", () => {
    expect(filterTrackerRows(rows, query({ stance: "supports" }))).toHaveLength(rows.length);
  });

  it("combines filters", () => {
    const result = filterTrackerRows(
      rows,
      query({ group: "WEOG", body: "hrc", ask: "session", stance: "supports" }),
    );
    expect(names(result)).toEqual(["France"]);
  });
});

describe("sortTrackerRows", () => {
  it("sorts by name", () => {
    expect(names(sortTrackerRows(rows, "name"))).toEqual([
      "Brazil",
      "China",
      "France",
      "Germany",
      "Holy See",
    ]);
  });

  it("sorts by regional group in UN order, then by name, states without a group last", () => {
    expect(names(sortTrackerRows(rows, "group"))).toEqual([
      "China",
      "Brazil",
      "France",
      "Germany",
      "Holy See",
    ]);
  });

  it("sorts by the position on an ask, supporters first and no information last", () => {
    expect(names(sortTrackerRows(rows, "ask:session"))).toEqual([
      "France",
      "Germany",
      "Brazil",
      "China",
      "Holy See",
    ]);
  });

  it("ranks a recorded vote with the stance it matches", () => {
    const votes = [
      row("AAA", "Alpha", null, { positions: { v: observed("no") } }),
      row("BBB", "Beta", null, { positions: { v: observed("yes") } }),
      row("CCC", "Gamma", null, { positions: { v: observed("supports") } }),
    ];
    expect(names(sortTrackerRows(votes, "ask:v"))).toEqual(["Beta", "Gamma", "Alpha"]);
  });

  it("does not change the rows it is given", () => {
    const before = names(rows);
    sortTrackerRows(rows, "group");
    expect(names(rows)).toEqual(before);
  });
});

describe("applyTrackerQuery", () => {
  it("filters, then sorts", () => {
    const result = applyTrackerQuery(rows, query({ body: "unsc", sort: "ask:session" }));
    expect(names(result)).toEqual(["France", "China"]);
  });
});

describe("positionOn", () => {
  it("is no information for an ask without an observation", () => {
    expect(positionOn(rows[0] as TrackerRow, "session")).toBe("supports");
    expect(positionOn(rows[0] as TrackerRow, "other")).toBe("no_information");
  });
});

describe("describeTrackerQuery", () => {
  it("puts the active filters in words", () => {
    expect(
      describeTrackerQuery(query({ group: "GRULAC", body: "hrc", ask: "s", stance: "supports" }), {
        s: "Convene a special session",
      }),
    ).toEqual([
      "GRULAC group",
      "Human Rights Council members",
      "Supports on “Convene a special session”",
    ]);
    expect(describeTrackerQuery(query(), {})).toEqual([]);
  });
});

describe("tallyFigures", () => {
  const members = [
    { iso3: "FRA", name: "France", regionalGroup: "WEOG" as const, permanent: true },
    { iso3: "CHN", name: "China", regionalGroup: "Asia-Pacific" as const, permanent: true },
    { iso3: "BRA", name: "Brazil", regionalGroup: "GRULAC" as const, permanent: false },
  ];
  const tally = tallyAsk({
    rule: "unsc_substantive",
    members: members.map((m, i) => ({
      ...m,
      position: (["supports", "opposes", "undecided"] as const)[i] ?? "no_information",
    })),
  });
  const nameOf = new Map(members.map((m) => [m.iso3, m.name]));

  it("names the vetoing members", () => {
    expect(tallyFigures(tally, nameOf, { swing: false }).vetoerNames).toEqual({ CHN: "China" });
  });

  it("leaves the swing list out unless asked for it", () => {
    expect(tallyFigures(tally, nameOf, { swing: false })).not.toHaveProperty("swing");
    expect(tallyFigures(tally, nameOf, { swing: true }).swing).toEqual([
      { group: "GRULAC", states: [{ iso3: "BRA", name: "Brazil", position: "undecided" }] },
    ]);
  });
});
