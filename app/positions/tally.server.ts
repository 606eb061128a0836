import type { asks } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";
import { bodyMembersAsOf, listStates } from "~/reference/membership.server";
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
}

/** The day an ask's membership is counted on: the ask's decision date, or today. */
export function tallyDate(ask: Ask, asOf?: string): string {
  return asOf ?? ask.decisionDate ?? todayUtc();
}

/**
 * Tallies asks against their deciding body's membership on the day. Each
 * state's position is its latest observation on or before that day, as the
 * audience may see it.
 */
export async function tallyAsks(
  db: DbOrTx,
  campaignAsks: Ask[],
  options: { audience: Audience; asOf?: string },
): Promise<AskTally[]> {
  const allStates = await listStates(db);
  const tallies: AskTally[] = [];
  for (const ask of campaignAsks) {
    const asOf = tallyDate(ask, options.asOf);
    const positionsByAsk = await currentPositions(db, [ask.id], {
      audience: options.audience,
      asOf,
    });
    const current = positionsByAsk.get(ask.id) ?? new Map<string, CurrentPosition>();
    const memberCodes = ask.bodyCode
      ? new Map((await bodyMembersAsOf(db, ask.bodyCode, asOf)).map((m) => [m.iso3, m.permanent]))
      : new Map(allStates.filter((s) => s.unStatus === "member").map((s) => [s.iso3, false]));
    const withPosition = (state: (typeof allStates)[number]): MemberPosition => ({
      iso3: state.iso3,
      name: state.name,
      regionalGroup: state.regionalGroup,
      permanent: memberCodes.get(state.iso3) ?? false,
      position: current.get(state.iso3)?.position ?? "no_information",
    });
    const tally = tallyAsk({
      rule: ask.decisionRule,
      importantQuestion: ask.importantQuestion,
      members: allStates.filter((s) => memberCodes.has(s.iso3)).map(withPosition),
      nonMembers: allStates.filter((s) => !memberCodes.has(s.iso3)).map(withPosition),
    });
    tallies.push({ ...tally, askId: ask.id, askSlug: ask.slug, asOf });
  }
  return tallies;
}
