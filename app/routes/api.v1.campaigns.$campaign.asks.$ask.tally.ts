import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiUser } from "~/auth/api-tokens.server";
import { asOfParam, parseQuery, requireAsk } from "~/lib/api.server";
import type { Verdict } from "~/positions/decision-rules";
import { type AskTally, tallyAsks } from "~/positions/tally.server";

const tallyQuery = z.object({ asOf: asOfParam });

/** The ask's tally on `asOf` (default: its decision date, else today), counting internal events. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireApiUser(db, request, "viewer");
  const { asOf } = parseQuery(request, tallyQuery);
  const { campaign, ask } = await requireAsk(db, params.campaign, params.ask);
  // Token holders are staff, so internal observations count as they do on staff pages.
  const [tally] = await tallyAsks(db, [ask], { audience: "staff", asOf });
  if (!tally) throw new Error(`ask ${ask.id} was not tallied`);
  return Response.json({ campaign: campaign.slug, ...tallyJson(tally) });
}

/**
 * The four headline counts add up to `members` with `absent`: `yes` and `no`
 * are firm (stance or recorded vote), and `undecided` is everyone still to
 * win or lose, leaners and states we know nothing about included; `counts`
 * keeps the full breakdown and `projected` counts leaners as they lean.
 */
function tallyJson(tally: AskTally) {
  const { counts } = tally;
  return {
    ask: tally.askSlug,
    rule: tally.rule,
    asOf: tally.asOf,
    members: tally.memberCount,
    needed: tally.threshold,
    yes: tally.firm,
    no: tally.against,
    abstain: counts.abstain,
    undecided:
      counts.undecided + counts.leaning_support + counts.leaning_oppose + counts.no_information,
    absent: counts.absent,
    counts,
    ...verdictJson(tally.verdictFirm),
    projected: verdictJson(tally.verdictWithLeaning),
    swing: tally.swing.flatMap((group) => group.states.map((state) => state.iso3)),
    coSigners: tally.coSigners.map((state) => state.iso3),
    // state_action only; JSON drops them elsewhere.
    acted: tally.acted,
    committed: tally.committed,
    refuses: tally.refuses,
    summary: tally.summary,
  };
}

/** `missing` is the yes votes still needed when short, else null. */
function verdictJson(verdict: Verdict) {
  return {
    outcome: verdict.status,
    missing: verdict.status === "short" ? verdict.missing : null,
    vetoedBy: verdict.status === "vetoed" ? verdict.vetoedBy : [],
  };
}
