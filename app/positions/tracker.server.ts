import type { DbOrTx } from "~/lib/db.server";
import {
  type BodyCode,
  type BodyMember,
  bodyMembersAsOf,
  listStates,
  romeStatutePartiesAsOf,
} from "~/reference/membership.server";
import {
  type Audience,
  type CurrentPosition,
  currentPositions,
  stateTimeline,
  todayUtc,
} from "./positions.server";
import type { Position } from "./stance";
import { type Ask, type AskTally, tallyAsks, tallyDate } from "./tally.server";
import type { BodySeat, ObservedPosition, TrackerRow } from "./tracker";

export type { Ask } from "./tally.server";

/** The days the tracker counts each council's membership on. */
export interface TrackerDays {
  hrc: string;
  unsc: string;
  /** Rome Statute party status and asks without a council. */
  today: string;
}

/**
 * A council's membership is shown as of the decision date of the campaign's first ask before
 * that council (the day its tally counts), or today when there is none.
 */
export function trackerDays(campaignAsks: readonly Ask[], today = todayUtc()): TrackerDays {
  const dayFor = (body: BodyCode) => {
    const ask = campaignAsks.find((a) => a.bodyCode === body);
    return ask ? tallyDate(ask, undefined) : today;
  };
  return { hrc: dayFor("hrc"), unsc: dayFor("unsc"), today };
}

/**
 * Each ask's positions as of its tally date, so the table, the map and the tally agree. Asks
 * usually share a date, so this is one query per distinct date, never one per state.
 */
export async function positionsOnTallyDates(
  db: DbOrTx,
  campaignAsks: readonly Ask[],
  audience: Audience,
): Promise<Map<number, Map<string, CurrentPosition>>> {
  const asksByDay = new Map<string, number[]>();
  for (const ask of campaignAsks) {
    const day = tallyDate(ask);
    asksByDay.set(day, [...(asksByDay.get(day) ?? []), ask.id]);
  }
  const byDay = await Promise.all(
    [...asksByDay].map(([asOf, askIds]) => currentPositions(db, askIds, { audience, asOf })),
  );
  return new Map(byDay.flatMap((positions) => [...positions]));
}

function seatsByState(members: readonly BodyMember[]): Map<string, BodySeat> {
  return new Map(
    members.map(({ iso3, permanent, startsOn, endsOn }) => [iso3, { permanent, startsOn, endsOn }]),
  );
}

export interface Tracker {
  days: TrackerDays;
  tallies: AskTally[];
  rows: TrackerRow[];
}

/**
 * Everything the staff tracker shows for a campaign, internal observations included, in a fixed
 * number of queries whatever the number of states.
 */
export async function loadTracker(db: DbOrTx, campaignAsks: Ask[]): Promise<Tracker> {
  const days = trackerDays(campaignAsks);
  const [states, hrc, unsc, romeParties, positions, tallies] = await Promise.all([
    listStates(db),
    bodyMembersAsOf(db, "hrc", days.hrc),
    bodyMembersAsOf(db, "unsc", days.unsc),
    romeStatutePartiesAsOf(db, days.today),
    positionsOnTallyDates(db, campaignAsks, "staff"),
    tallyAsks(db, campaignAsks, { audience: "staff" }),
  ]);
  const hrcSeats = seatsByState(hrc);
  const unscSeats = seatsByState(unsc);
  const parties = new Set(romeParties.map((party) => party.iso3));
  const rows = states.map((state): TrackerRow => {
    const observed: Record<string, ObservedPosition> = {};
    let lastObservedOn: string | null = null;
    for (const ask of campaignAsks) {
      const current = positions.get(ask.id)?.get(state.iso3);
      if (!current) continue;
      observed[ask.slug] = { position: current.position, observedOn: current.observedOn };
      if (lastObservedOn === null || current.observedOn > lastObservedOn)
        lastObservedOn = current.observedOn;
    }
    return {
      iso3: state.iso3,
      name: state.name,
      regionalGroup: state.regionalGroup,
      unStatus: state.unStatus,
      hrc: hrcSeats.get(state.iso3) ?? null,
      unsc: unscSeats.get(state.iso3) ?? null,
      romeStatuteParty: parties.has(state.iso3),
      positions: observed,
      lastObservedOn,
    };
  });
  return { days, tallies, rows };
}

/** One state's page: its observations, its seats on the tally dates and Rome Statute status. */
export async function loadStateDossier(
  db: DbOrTx,
  campaignId: number,
  campaignAsks: Ask[],
  iso3: string,
) {
  const days = trackerDays(campaignAsks);
  const [timeline, hrc, unsc, romeParties] = await Promise.all([
    stateTimeline(db, { campaignId, stateIso3: iso3, audience: "staff" }),
    bodyMembersAsOf(db, "hrc", days.hrc),
    bodyMembersAsOf(db, "unsc", days.unsc),
    romeStatutePartiesAsOf(db, days.today),
  ]);
  // The timeline is newest first (by observed date, then id), the order that decides the current
  // position, so the first event per ask up to its tally date is the one the tracker shows.
  const tallyDays = new Map(campaignAsks.map((ask) => [ask.id, tallyDate(ask)]));
  const current = new Map<number, ObservedPosition>();
  for (const event of timeline) {
    const day = tallyDays.get(event.askId);
    if (current.has(event.askId) || day === undefined || event.observedOn > day) continue;
    current.set(event.askId, { position: event.position, observedOn: event.observedOn });
  }
  return {
    days,
    timeline,
    current,
    hrc: seatsByState(hrc).get(iso3) ?? null,
    unsc: seatsByState(unsc).get(iso3) ?? null,
    romeStatuteParty: romeParties.some((party) => party.iso3 === iso3),
  };
}

export interface PublicStance {
  iso3: string;
  name: string;
  position: Position;
}

export interface PublicAskStances {
  ask: Ask;
  tally: AskTally;
  /** HRC and Security Council asks: the council's members on the tally date; otherwise null. */
  members: PublicStance[] | null;
  /** States with a known public position that are not listed among `members`. */
  others: PublicStance[];
  /** Members of the deciding body (UN members for state action) with no public position. */
  noInformation: number;
}

/**
 * What the public campaign page shows for each ask, from public observations only: an internal
 * observation never reaches the result, not even as a count.
 */
export async function loadPublicStances(
  db: DbOrTx,
  campaignAsks: Ask[],
): Promise<PublicAskStances[]> {
  const councilDays = [
    ...new Set(
      campaignAsks
        .filter((ask) => ask.bodyCode === "hrc" || ask.bodyCode === "unsc")
        .map((ask) => `${ask.bodyCode}|${tallyDate(ask)}`),
    ),
  ];
  const [states, tallies, positions, councils] = await Promise.all([
    listStates(db),
    tallyAsks(db, campaignAsks, { audience: "public" }),
    positionsOnTallyDates(db, campaignAsks, "public"),
    Promise.all(
      councilDays.map(async (key) => {
        const [body, day] = key.split("|") as [BodyCode, string];
        return [key, await bodyMembersAsOf(db, body, day)] as const;
      }),
    ),
  ]);
  const membersByKey = new Map(councils);
  const tallyByAsk = new Map(tallies.map((tally) => [tally.askId, tally]));
  return campaignAsks.map((ask) => {
    const tally = tallyByAsk.get(ask.id);
    if (!tally) throw new Error(`ask ${ask.slug} was not tallied`);
    const current = positions.get(ask.id) ?? new Map<string, CurrentPosition>();
    const positionOf = (iso3: string): Position => current.get(iso3)?.position ?? "no_information";
    const council = membersByKey.get(`${ask.bodyCode}|${tallyDate(ask)}`);
    const memberCodes = new Set(council?.map((member) => member.iso3));
    return {
      ask,
      tally,
      members:
        council?.map(({ iso3, name }) => ({ iso3, name, position: positionOf(iso3) })) ?? null,
      others: states
        .filter(
          (state) => !memberCodes.has(state.iso3) && positionOf(state.iso3) !== "no_information",
        )
        .map(({ iso3, name }) => ({ iso3, name, position: positionOf(iso3) })),
      noInformation: tally.counts.no_information,
    };
  });
}
