import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { asks, campaigns } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import { decisionRules } from "~/positions/stance";
import { forgetCachedCampaigns } from "./campaigns.server";

/** The body that decides an ask follows from its rule. */
export const bodyForRule = {
  hrc_special_session: "hrc",
  hrc_resolution: "hrc",
  unsc_substantive: "unsc",
  unga_resolution: "unga",
  state_action: null,
} as const;

export const newAskSchema = z.object({
  slug: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9]+(-[a-z0-9]+)*$/,
      "Use lower-case letters, digits and hyphens, e.g. hrc-special-session",
    )
    .max(60),
  title: z.string().trim().min(3, "Give the ask a title").max(200),
  description: z.string().trim().max(2000).default(""),
  rule: z.enum(decisionRules, {
    message: `rule must be one of ${decisionRules.join(", ")}`,
  }),
  // An ISO date that exists: the regex alone let 2026-02-30 through to a database error.
  decidesOn: z.iso.date("decidesOn must be a date like 2026-03-01").nullish(),
  importantQuestion: z.boolean().default(false),
});

export class DuplicateAskError extends Error {}

export async function createAsk(
  db: DbOrTx,
  actor: Actor,
  campaignId: number,
  input: z.input<typeof newAskSchema>,
) {
  const ask = newAskSchema.parse(input);
  const stored = await db.transaction(async (tx) => {
    const [position] = await tx
      .select({ next: sql<number>`coalesce(max(${asks.position}) + 1, 0)::int` })
      .from(asks)
      .where(eq(asks.campaignId, campaignId));
    const [created] = await tx
      .insert(asks)
      .values({
        campaignId,
        slug: ask.slug,
        title: ask.title,
        description: ask.description,
        bodyCode: bodyForRule[ask.rule],
        decisionRule: ask.rule,
        decisionDate: ask.decidesOn ?? null,
        importantQuestion: ask.importantQuestion,
        position: position?.next ?? 0,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new DuplicateAskError(`This campaign already has an ask "${ask.slug}"`);
    await recordAudit(tx, actor, {
      action: "ask.create",
      entityType: "ask",
      entityId: created.id,
      details: { campaignId, slug: ask.slug, rule: ask.rule },
    });
    return created;
  });
  forgetCachedCampaigns();
  return stored;
}

export async function getAsk(db: DbOrTx, campaignSlug: string, askSlug: string) {
  const [row] = await db
    .select({ ask: asks, campaign: campaigns })
    .from(asks)
    .innerJoin(campaigns, eq(campaigns.id, asks.campaignId))
    .where(and(eq(campaigns.slug, campaignSlug), eq(asks.slug, askSlug)));
  return row ?? null;
}
