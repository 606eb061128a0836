import { and, desc, eq } from "drizzle-orm";
import { letters, states } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { TargetKind } from "~/letters/targets";
import type { DbOrTx } from "~/lib/db.server";

/**
 * Bounces are believed when they come (a real one must stop the count of
 * delivered letters at once), but anyone who has seen a letter's Return-Path
 * can forge one. So staff see every bounce with its report and can undo one
 * they judge false; the undo is audited.
 */

export interface BouncedLetter {
  id: number;
  stateName: string;
  targetKind: TargetKind;
  sentAt: string | null;
  /** The delivery report's diagnostic: the ministry's server, never the supporter. */
  report: string | null;
}

export const bouncedListLimit = 50;

export async function bouncedLetters(db: DbOrTx, campaignId: number): Promise<BouncedLetter[]> {
  const rows = await db
    .select({
      id: letters.id,
      stateName: states.name,
      targetKind: letters.targetKind,
      sentAt: letters.sentAt,
      report: letters.failureReason,
    })
    .from(letters)
    .innerJoin(states, eq(states.iso3, letters.stateIso3))
    .where(and(eq(letters.campaignId, campaignId), eq(letters.status, "bounced")))
    .orderBy(desc(letters.sentAt), desc(letters.id))
    .limit(bouncedListLimit);
  return rows.map((row) => ({ ...row, sentAt: row.sentAt?.toISOString() ?? null }));
}

export class NotBouncedError extends Error {
  constructor() {
    super("This letter is not marked bounced (any more): nothing to undo.");
  }
}

/** Staff judge a bounce false: the letter counts as delivered again. */
export async function dismissBounce(
  db: DbOrTx,
  actor: Actor,
  target: { campaignId: number; letterId: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [restored] = await tx
      .update(letters)
      .set({ status: "sent", failureReason: null })
      .where(
        and(
          eq(letters.id, target.letterId),
          eq(letters.campaignId, target.campaignId),
          eq(letters.status, "bounced"),
        ),
      )
      .returning({ id: letters.id });
    if (!restored) throw new NotBouncedError();
    await recordAudit(tx, actor, {
      action: "letter.bounce_dismissed",
      entityType: "letter",
      entityId: restored.id,
    });
  });
}
