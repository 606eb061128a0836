import { and, asc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { asks, campaigns, letters, positionEvents, responseAsks } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import type { DecisionRule } from "~/positions/stance";
import { type AskTally, tallyAsks } from "~/positions/tally.server";
import { askChangesSchema, newAskSchema } from "./ask-schema";
import { forgetCachedCampaigns } from "./campaigns.server";

/** The body that decides an ask follows from its rule. */
export const bodyForRule = {
  hrc_special_session: "hrc",
  hrc_resolution: "hrc",
  unsc_substantive: "unsc",
  unsc_procedural: "unsc",
  unga_resolution: "unga",
  state_action: null,
} as const;

export { newAskSchema } from "./ask-schema";

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

export { askChangesSchema } from "./ask-schema";
export type AskChanges = z.input<typeof askChangesSchema>;

export class AskInUseError extends Error {}
export class AskStateError extends Error {}

type AskRow = typeof asks.$inferSelect;

/** The fields an audit entry records before and after a change. */
function auditedFields(ask: AskRow) {
  return {
    title: ask.title,
    description: ask.description,
    rule: ask.decisionRule,
    decidesOn: ask.decisionDate,
    importantQuestion: ask.importantQuestion,
    position: ask.position,
    retired: ask.retiredAt !== null,
  };
}

async function lockAsk(tx: DbOrTx, askId: number): Promise<AskRow> {
  const [ask] = await tx.select().from(asks).where(eq(asks.id, askId)).for("update");
  if (!ask) throw new AskStateError("There is no such ask");
  return ask;
}

/** Applies `change` to one ask and audits it with the fields before and after, atomically. */
async function changeAsk(
  db: DbOrTx,
  actor: Actor,
  askId: number,
  action: string,
  change: (tx: DbOrTx, before: AskRow) => Promise<AskRow>,
): Promise<AskRow> {
  const stored = await db.transaction(async (tx) => {
    const before = await lockAsk(tx, askId);
    const after = await change(tx, before);
    await recordAudit(tx, actor, {
      action,
      entityType: "ask",
      entityId: askId,
      details: {
        campaignId: before.campaignId,
        slug: before.slug,
        before: auditedFields(before),
        after: auditedFields(after),
      },
    });
    return after;
  });
  forgetCachedCampaigns();
  return stored;
}

async function setAsk(tx: DbOrTx, askId: number, values: Partial<AskRow>): Promise<AskRow> {
  const [after] = await tx.update(asks).set(values).where(eq(asks.id, askId)).returning();
  if (!after) throw new Error(`ask ${askId} was not updated`);
  return after;
}

export async function updateAsk(db: DbOrTx, actor: Actor, askId: number, input: AskChanges) {
  const changes = askChangesSchema.parse(input);
  if (Object.values(changes).every((value) => value === undefined)) return lockAsk(db, askId);
  return changeAsk(db, actor, askId, "ask.update", (tx) =>
    setAsk(tx, askId, {
      title: changes.title,
      description: changes.description,
      decisionRule: changes.rule,
      bodyCode: changes.rule === undefined ? undefined : bodyForRule[changes.rule],
      decisionDate: changes.decidesOn,
      importantQuestion: changes.importantQuestion,
    }),
  );
}

/** Takes the ask off the public form and new positions; its history stays. */
export async function retireAsk(db: DbOrTx, actor: Actor, askId: number) {
  return changeAsk(db, actor, askId, "ask.retire", (tx, before) => {
    if (before.retiredAt) throw new AskStateError("This ask is already retired");
    return setAsk(tx, askId, { retiredAt: new Date() });
  });
}

export async function restoreAsk(db: DbOrTx, actor: Actor, askId: number) {
  return changeAsk(db, actor, askId, "ask.restore", (tx, before) => {
    if (!before.retiredAt) throw new AskStateError("This ask is not retired");
    return setAsk(tx, askId, { retiredAt: null });
  });
}

/** Positions, letters and responses recorded on an ask: any of them makes it history. */
export async function askHistoryCounts(db: DbOrTx, askId: number) {
  const [row] = await db.execute<{ positions: number; letters: number; responses: number }>(sql`
    select
      (select count(*)::int from ${positionEvents} where ${positionEvents.askId} = ${askId}) as positions,
      (select count(*)::int from ${letters} where ${letters.askId} = ${askId}) as letters,
      (select count(*)::int from ${responseAsks} where ${responseAsks.askId} = ${askId}) as responses`);
  return row ?? { positions: 0, letters: 0, responses: 0 };
}

/** Deletes an ask that has no history; one with positions, letters or responses is retired. */
export async function deleteAsk(db: DbOrTx, actor: Actor, askId: number) {
  await db.transaction(async (tx) => {
    const before = await lockAsk(tx, askId);
    const history = await askHistoryCounts(tx, askId);
    if (history.positions + history.letters + history.responses > 0) {
      throw new AskInUseError(
        "This ask has positions, letters or responses: retire it instead, so its history stays",
      );
    }
    // The ask's template overrides go with it (on delete cascade).
    await tx.delete(asks).where(eq(asks.id, askId));
    await recordAudit(tx, actor, {
      action: "ask.delete",
      entityType: "ask",
      entityId: askId,
      details: { campaignId: before.campaignId, slug: before.slug, before: auditedFields(before) },
    });
  });
  forgetCachedCampaigns();
}

/** Swaps the ask with its neighbour above or below and numbers the campaign's asks afresh. */
export async function moveAsk(db: DbOrTx, actor: Actor, askId: number, direction: "up" | "down") {
  await db.transaction(async (tx) => {
    const moved = await lockAsk(tx, askId);
    const ordered = await tx
      .select()
      .from(asks)
      .where(eq(asks.campaignId, moved.campaignId))
      .orderBy(asc(asks.position), asc(asks.id))
      .for("update");
    const from = ordered.findIndex((ask) => ask.id === askId);
    const to = direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= ordered.length) return;
    const order = ordered.map((ask) => ask.id);
    [order[from], order[to]] = [order[to] as number, order[from] as number];
    for (const [position, id] of order.entries()) {
      await tx.update(asks).set({ position }).where(eq(asks.id, id));
    }
    await recordAudit(tx, actor, {
      action: "ask.move",
      entityType: "ask",
      entityId: askId,
      details: {
        campaignId: moved.campaignId,
        slug: moved.slug,
        before: { order: ordered.map((ask) => ask.slug) },
        after: { order: order.map((id) => ordered.find((ask) => ask.id === id)?.slug) },
      },
    });
  });
  forgetCachedCampaigns();
}

/** Asks still open for letters and new positions, in the campaign's order. */
export function openAsks<A extends { retiredAt: Date | null }>(campaignAsks: readonly A[]): A[] {
  return campaignAsks.filter((ask) => ask.retiredAt === null);
}

export interface AskPreviewInput {
  rule: DecisionRule;
  decidesOn?: string | null;
  importantQuestion?: boolean;
}

/**
 * What an ask would count under a rule and date before it is saved: the deciding body's members
 * on the day and the tally of the ask's current positions (none for a new ask).
 */
export async function previewAskTally(
  db: DbOrTx,
  campaignId: number,
  existing: AskRow | null,
  input: AskPreviewInput,
): Promise<AskTally> {
  const ask: AskRow = {
    ...(existing ?? {
      id: -1,
      campaignId,
      slug: "preview",
      title: "",
      description: "",
      position: 0,
      retiredAt: null,
    }),
    decisionRule: input.rule,
    bodyCode: bodyForRule[input.rule],
    decisionDate: input.decidesOn ?? null,
    importantQuestion: input.importantQuestion ?? false,
  };
  const [tally] = await tallyAsks(db, [ask], { audience: "staff" });
  if (!tally) throw new Error("the preview was not tallied");
  return tally;
}
