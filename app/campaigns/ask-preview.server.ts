import type { DbOrTx } from "~/lib/db.server";
import { describeRule } from "~/positions/rule-descriptions";
import { tallyFigures } from "~/positions/tracker";
import { type AskPreviewInput, previewAskTally } from "./asks.server";

type ExistingAsk = Parameters<typeof previewAskTally>[2];

/**
 * What the ask form shows beside the rule and date: the rule in words, the deciding body's members
 * on that day (listed for the councils; counted for the General Assembly and for state action)
 * and the tally the ask's positions give today.
 */
export async function askPreview(
  db: DbOrTx,
  campaignId: number,
  existing: ExistingAsk,
  input: AskPreviewInput,
) {
  const tally = await previewAskTally(db, campaignId, existing, input);
  const council = input.rule.startsWith("hrc_") || input.rule.startsWith("unsc_");
  const names = new Map(tally.members.map((member) => [member.iso3, member.name]));
  return {
    rule: input.rule,
    ruleLine: describeRule(input.rule, {
      memberCount: tally.memberCount,
      importantQuestion: input.importantQuestion,
    }),
    asOf: tally.asOf,
    memberCount: tally.memberCount,
    members: council
      ? tally.members.map(({ iso3, name, permanent, position }) => ({
          iso3,
          name,
          permanent,
          position,
        }))
      : null,
    figures: tallyFigures(tally, names, { swing: false }),
  };
}

export type AskPreview = Awaited<ReturnType<typeof askPreview>>;
