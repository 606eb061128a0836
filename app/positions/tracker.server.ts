import { eq, sql } from "drizzle-orm";
import { delegationResponses } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";
import {
  type BodyCode,
  type BodyMember,
  bodyMembersAsOf,
  romeStatutePartiesAsOf,
} from "~/reference/membership.server";
import { listStates } from "~/states/states.server";
import type { MemberPosition } from "./decision-rules";
import { stateTimeline, todayUtc } from "./positions.server";
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
  const [states, hrc, unsc, romeParties, tallies, responses] = await Promise.all([
    listStates(db),
    bodyMembersAsOf(db, "hrc", days.hrc),
    bodyMembersAsOf(db, "unsc", days.unsc),
    romeStatutePartiesAsOf(db, days.today),
    tallyAsks(db, campaignAsks, { audience: "staff" }),
    responseCounts(db, campaignAsks[0]?.campaignId),
  ]);
  const positions = new Map(tallies.map((tally) => [tally.askId, observedStates(tally)]));
  const hrcSeats = seatsByState(hrc);
  const unscSeats = seatsByState(unsc);
  const parties = new Set(romeParties.map((party) => party.iso3));
  const rows = states.map((state): TrackerRow => {
    const observed: Record<string, ObservedPosition> = {};
    let lastObservedOn: string | null = null;
    for (const ask of campaignAsks) {
      const current = positions.get(ask.id)?.get(state.iso3);
      if (!current) continue;
      observed[ask.slug] = current;
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
      responses: responses.get(state.iso3) ?? 0,
    };
  });
  return { days, tallies, rows };
}

/** Delegation responses per state on the campaign: one grouped query. */
async function responseCounts(db: DbOrTx, campaignId: number | undefined) {
  if (campaignId === undefined) return new Map<string, number>();
  const rows = await db
    .select({ stateIso3: delegationResponses.stateIso3, count: sql<number>`count(*)::int` })
    .from(delegationResponses)
    .where(eq(delegationResponses.campaignId, campaignId))
    .groupBy(delegationResponses.stateIso3);
  return new Map(rows.map((r) => [r.stateIso3, r.count]));
}

/** The states with an observation on the ask by its tally date, keyed by ISO3. */
function observedStates(tally: AskTally): Map<string, ObservedPosition> {
  const observed = new Map<string, ObservedPosition>();
  for (const { iso3, position, observedOn } of [...tally.members, ...tally.nonMembers]) {
    if (observedOn !== undefined) observed.set(iso3, { position, observedOn });
  }
  return observed;
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
  const tallies = await tallyAsks(db, campaignAsks, { audience: "public" });
  const tallyByAsk = new Map(tallies.map((tally) => [tally.askId, tally]));
  return campaignAsks.map((ask) => {
    const tally = tallyByAsk.get(ask.id);
    if (!tally) throw new Error(`ask ${ask.slug} was not tallied`);
    const council = ask.bodyCode === "hrc" || ask.bodyCode === "unsc";
    // Without a council to list apart, members and observers make one list: back in name order.
    const others = council
      ? tally.nonMembers
      : [...tally.members, ...tally.nonMembers].sort(byName);
    return {
      ask,
      tally,
      members: council ? tally.members.map(publicStance) : null,
      others: others.filter((state) => state.position !== "no_information").map(publicStance),
      noInformation: tally.counts.no_information,
    };
  });
}

function publicStance({ iso3, name, position }: MemberPosition): PublicStance {
  return { iso3, name, position };
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name, "en");
}
