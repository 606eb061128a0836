import { z } from "zod";
import type { SwingGroup, Tally } from "./decision-rules";
import {
  type Position,
  positions,
  type RegionalGroup,
  regionalGroups,
  stanceLabels,
} from "./stance";

/** A state's seat on the Human Rights Council or the Security Council on the tally date. */
export interface BodySeat {
  permanent: boolean;
  startsOn: string | null;
  endsOn: string | null;
}

export interface ObservedPosition {
  position: Position;
  observedOn: string;
}

/** One row of the staff tracker: a state, its seats and its current position on each ask. */
export interface TrackerRow {
  iso3: string;
  name: string;
  regionalGroup: RegionalGroup | null;
  unStatus: "member" | "observer";
  hrc: BodySeat | null;
  unsc: BodySeat | null;
  romeStatuteParty: boolean;
  /** Keyed by ask slug; an ask without an entry means "no information". */
  positions: Record<string, ObservedPosition>;
  /** The latest observation on any of the campaign's asks. */
  lastObservedOn: string | null;
  /** Delegation responses logged for this state on the campaign. */
  responses: number;
}

export const bodyFilters = ["all", "un_members", "hrc", "unsc", "hrc_or_unsc"] as const;
export type BodyFilter = (typeof bodyFilters)[number];

export const bodyFilterLabels: Record<BodyFilter, string> = {
  all: "All 195 states",
  un_members: "UN member states only",
  hrc: "Human Rights Council members",
  unsc: "Security Council members",
  hrc_or_unsc: "Members of either council",
};

/** Sorting: by name, by regional group, or `ask:<slug>` for the stance on that ask. */
export type TrackerSort = "name" | "group" | `ask:${string}`;

export interface TrackerQuery {
  group?: RegionalGroup;
  body: BodyFilter;
  /** With `stance`: keep only states holding that position on this ask. */
  ask?: string;
  stance?: Position;
  sort: TrackerSort;
}

const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);

/**
 * The tracker's filter form (GET). A bad or stale value falls back to "no filter" rather than
 * failing: a bookmarked link should still open the page.
 */
export const trackerQuerySchema = z.object({
  group: z.preprocess(blankToUndefined, z.enum(regionalGroups).optional()).catch(undefined),
  body: z.enum(bodyFilters).catch("all"),
  ask: z.preprocess(blankToUndefined, z.string().max(60).optional()).catch(undefined),
  stance: z
    .preprocess(blankToUndefined, z.enum(positions as [Position, ...Position[]]).optional())
    .catch(undefined),
  sort: z
    .string()
    .regex(/^(name|group|ask:[a-z0-9-]{1,60})$/)
    .transform((value) => value as TrackerSort)
    .catch("name"),
});

/** Parses the tracker's search params; unknown keys (e.g. `index`) are ignored. */
export function parseTrackerQuery(params: URLSearchParams): TrackerQuery {
  return trackerQuerySchema.parse(Object.fromEntries(params));
}

export function positionOn(row: TrackerRow, askSlug: string): Position {
  return row.positions[askSlug]?.position ?? "no_information";
}

export function filterTrackerRows(rows: readonly TrackerRow[], query: TrackerQuery): TrackerRow[] {
  const { group, body, ask, stance } = query;
  return rows.filter(
    (row) =>
      (group === undefined || row.regionalGroup === group) &&
      inBody(row, body) &&
      (ask === undefined || stance === undefined || positionOn(row, ask) === stance),
  );
}

function inBody(row: TrackerRow, body: BodyFilter): boolean {
  switch (body) {
    case "all":
      return true;
    case "un_members":
      return row.unStatus === "member";
    case "hrc":
      return row.hrc !== null;
    case "unsc":
      return row.unsc !== null;
    case "hrc_or_unsc":
      return row.hrc !== null || row.unsc !== null;
  }
}

/**
 * From most to least favourable, so a stance sort puts the firm supporters first and the
 * states nobody has asked yet last. A recorded vote ranks with the stance it matches.
 */
const stanceRank: Record<Position, number> = {
  yes: 0,
  supports: 0,
  leaning_support: 1,
  undecided: 2,
  abstain: 3,
  absent: 4,
  leaning_oppose: 5,
  no: 6,
  opposes: 6,
  no_information: 7,
};

const groupRank = (group: RegionalGroup | null): number =>
  group === null ? regionalGroups.length : regionalGroups.indexOf(group);

const byName = (a: TrackerRow, b: TrackerRow) => a.name.localeCompare(b.name, "en");

/** A sorted copy; ties are broken by name so the order is stable between requests. */
export function sortTrackerRows(rows: readonly TrackerRow[], sort: TrackerSort): TrackerRow[] {
  const primary = comparatorFor(sort);
  return [...rows].sort((a, b) => primary(a, b) || byName(a, b));
}

function comparatorFor(sort: TrackerSort): (a: TrackerRow, b: TrackerRow) => number {
  if (sort === "group") return (a, b) => groupRank(a.regionalGroup) - groupRank(b.regionalGroup);
  if (sort.startsWith("ask:")) {
    const askSlug = sort.slice("ask:".length);
    return (a, b) => stanceRank[positionOn(a, askSlug)] - stanceRank[positionOn(b, askSlug)];
  }
  return byName;
}

/** Filters, then sorts. */
export function applyTrackerQuery(rows: readonly TrackerRow[], query: TrackerQuery): TrackerRow[] {
  return sortTrackerRows(filterTrackerRows(rows, query), query.sort);
}

/** Describes the active filters in words, for the "Showing N states" line. */
export function describeTrackerQuery(
  query: TrackerQuery,
  askTitles: Readonly<Record<string, string>>,
): string[] {
  const parts: string[] = [];
  if (query.group) parts.push(`${query.group} group`);
  if (query.body !== "all") parts.push(bodyFilterLabels[query.body]);
  if (query.ask && query.stance) {
    const title = askTitles[query.ask] ?? query.ask;
    parts.push(`${stanceLabels[query.stance]} on “${title}”`);
  }
  return parts;
}

/** What a tally card shows: the figures without the per-state detail. */
export type TallyFigures = Pick<
  Tally,
  | "rule"
  | "importantQuestion"
  | "memberCount"
  | "threshold"
  | "firm"
  | "leaning"
  | "verdictFirm"
  | "verdictWithLeaning"
  | "summaryMessage"
  | "coSigners"
  | "acted"
  | "committed"
  | "refuses"
> & {
  /** Names of the permanent members a verdict says vetoed it, keyed by ISO3. */
  vetoerNames: Record<string, string>;
  /** States still worth lobbying; left out where the page must not show it (the public page). */
  swing?: SwingGroup[];
};

export function tallyFigures(
  tally: Tally,
  nameOf: ReadonlyMap<string, string>,
  options: { swing: boolean },
): TallyFigures {
  const vetoers = [tally.verdictFirm, tally.verdictWithLeaning].flatMap((verdict) =>
    verdict.status === "vetoed" ? verdict.vetoedBy : [],
  );
  return {
    rule: tally.rule,
    importantQuestion: tally.importantQuestion,
    memberCount: tally.memberCount,
    threshold: tally.threshold,
    firm: tally.firm,
    leaning: tally.leaning,
    verdictFirm: tally.verdictFirm,
    verdictWithLeaning: tally.verdictWithLeaning,
    summaryMessage: tally.summaryMessage,
    coSigners: tally.coSigners,
    acted: tally.acted,
    committed: tally.committed,
    refuses: tally.refuses,
    vetoerNames: Object.fromEntries(vetoers.map((iso3) => [iso3, nameOf.get(iso3) ?? iso3])),
    ...(options.swing ? { swing: tally.swing } : {}),
  };
}
