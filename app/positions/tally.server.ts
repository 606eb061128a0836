import type { asks } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";
import { type BodyCode, bodyMembersAsOf } from "~/reference/membership.server";
import { listStates } from "~/states/states.server";
import { type MemberPosition, type Tally, tallyAsk } from "./decision-rules";
import {
  type Audience,
  type CurrentPosition,
  currentPositions,
  todayUtc,
} from "./positions.server";

export type Ask = typeof asks.$inferSelect;

export interface AskTally extends Tally {
  askId: number;
  askSlug: string;
  asOf: string;
  /** The deciding body's members on `asOf` (every UN member state without one), by name. */
  members: MemberPosition[];
  /** Every other state, by name: never counted, but shown on maps and as co-signers. */
  nonMembers: MemberPosition[];
}

type State = Awaited<ReturnType<typeof listStates>>[number];
/** Whether each member of a body holds a permanent seat, keyed by ISO3. */
type Seats = Map<string, boolean>;
type PositionsByState = Map<string, CurrentPosition>;
type DatedAsk = { ask: Ask; asOf: string };

/** The day an ask's membership is counted on: the ask's decision date, or today. */
export function tallyDate(ask: Ask, asOf?: string): string {
  return asOf ?? ask.decisionDate ?? todayUtc();
}

/**
 * Tallies asks against their deciding body's membership on the day. Each
 * state's position is its latest observation on or before that day, as the
 * audience may see it. Asks share their queries: the states once, positions
 * once per tally date and membership once per body and date, all at once.
 */
export async function tallyAsks(
  db: DbOrTx,
  campaignAsks: readonly Ask[],
  options: { audience: Audience; asOf?: string },
): Promise<AskTally[]> {
  const dated = campaignAsks.map((ask) => ({ ask, asOf: tallyDate(ask, options.asOf) }));
  const [allStates, positions, seats] = await Promise.all([
    listStates(db),
    positionsOnDays(db, dated, options.audience),
    seatsOnDays(db, dated),
  ]);
  const unMembers: Seats = new Map(
    allStates.filter((s) => s.unStatus === "member").map((s) => [s.iso3, false]),
  );
  return dated.map(({ ask, asOf }) =>
    tallyOn(ask, asOf, {
      allStates,
      seats: ask.bodyCode ? (seats.get(seatsKey(ask.bodyCode, asOf)) ?? new Map()) : unMembers,
      current: positions.get(ask.id) ?? new Map(),
    }),
  );
}

function tallyOn(
  ask: Ask,
  asOf: string,
  { allStates, seats, current }: { allStates: State[]; seats: Seats; current: PositionsByState },
): AskTally {
  const withPosition = (state: State): MemberPosition => {
    const observed = current.get(state.iso3);
    return {
      iso3: state.iso3,
      name: state.name,
      regionalGroup: state.regionalGroup,
      permanent: seats.get(state.iso3) ?? false,
      position: observed?.position ?? "no_information",
      observedOn: observed?.observedOn,
    };
  };
  const members = allStates.filter((s) => seats.has(s.iso3)).map(withPosition);
  const nonMembers = allStates.filter((s) => !seats.has(s.iso3)).map(withPosition);
  const tally = tallyAsk({
    rule: ask.decisionRule,
    importantQuestion: ask.importantQuestion,
    members,
    nonMembers,
  });
  return { ...tally, askId: ask.id, askSlug: ask.slug, asOf, members, nonMembers };
}

/** Each ask's positions on its day: one query per distinct day, for all the asks on it. */
async function positionsOnDays(
  db: DbOrTx,
  dated: readonly DatedAsk[],
  audience: Audience,
): Promise<Map<number, PositionsByState>> {
  const askIdsByDay = new Map<string, number[]>();
  for (const { ask, asOf } of dated) {
    askIdsByDay.set(asOf, [...(askIdsByDay.get(asOf) ?? []), ask.id]);
  }
  const byDay = await Promise.all(
    [...askIdsByDay].map(([asOf, askIds]) => currentPositions(db, askIds, { audience, asOf })),
  );
  return new Map(byDay.flatMap((positions) => [...positions]));
}

/** Each deciding body's seats on each day an ask is counted: one query per body and day. */
async function seatsOnDays(db: DbOrTx, dated: readonly DatedAsk[]): Promise<Map<string, Seats>> {
  const wanted = new Map<string, [BodyCode, string]>();
  for (const { ask, asOf } of dated) {
    if (ask.bodyCode) wanted.set(seatsKey(ask.bodyCode, asOf), [ask.bodyCode, asOf]);
  }
  return new Map(
    await Promise.all(
      [...wanted].map(async ([key, [body, day]]) => {
        const members = await bodyMembersAsOf(db, body, day);
        return [key, new Map(members.map((m) => [m.iso3, m.permanent]))] as const;
      }),
    ),
  );
}

function seatsKey(body: BodyCode, day: string): string {
  return `${body}|${day}`;
}
