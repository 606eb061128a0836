import { and, eq, gt } from "drizzle-orm";
import { asks, campaigns, letters, states } from "#db/schema";
import { hashSecretToken } from "~/auth/secret-token.server";
import type { DbOrTx } from "~/lib/db.server";
import { type FollowUpAnswer, followUpAnswers } from "./follow-up";
import { recordReplyReport } from "./review-queue.server";

/**
 * The follow-up e-mail's links: a supporter tells whether their ministry replied, which files
 * a report in the review queue.
 */

/** What the follow-up page may show: the letter's campaign, state and ask, never the supporter. */
export async function findFollowUp(db: DbOrTx, token: string) {
  if (!token) return null;
  const [row] = await db
    .select({
      answeredAt: letters.followUpAnsweredAt,
      campaignTitle: campaigns.title,
      stateIso3: states.iso3,
      stateName: states.name,
      askTitle: asks.title,
    })
    .from(letters)
    .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
    .innerJoin(asks, eq(asks.id, letters.askId))
    .innerJoin(states, eq(states.iso3, letters.stateIso3))
    .where(followUpLink(token));
  if (!row) return null;
  const { answeredAt, ...letter } = row;
  return { ...letter, answered: answeredAt !== null };
}

/** The letter whose follow-up links carry this token, while they work (only its hash is stored). */
function followUpLink(token: string) {
  return and(
    eq(letters.followUpToken, hashSecretToken(token)),
    gt(letters.followUpExpiresAt, new Date()),
  );
}

export type FollowUpResult =
  | { kind: "recorded"; reportId: number }
  | { kind: "already_answered" }
  | { kind: "unknown" };

/**
 * The supporter's one answer to "did your ministry reply?". The letter row is locked, so a
 * double click or a second link files nothing more.
 */
export async function answerFollowUp(
  db: DbOrTx,
  options: { token: string; answer: FollowUpAnswer; text?: string | null; now?: Date },
): Promise<FollowUpResult> {
  if (!options.token) return { kind: "unknown" };
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [letter] = await tx
      .select({ id: letters.id, answeredAt: letters.followUpAnsweredAt })
      .from(letters)
      .where(followUpLink(options.token))
      .for("update");
    if (!letter) return { kind: "unknown" };
    if (letter.answeredAt) return { kind: "already_answered" };
    const kind = followUpAnswers[options.answer];
    const report = await recordReplyReport(tx, {
      letterId: letter.id,
      source: "supporter",
      kind,
      // Only a reply has words worth keeping.
      text: kind === "replied" ? options.text : null,
      receivedAt: now,
    });
    await tx.update(letters).set({ followUpAnsweredAt: now }).where(eq(letters.id, letter.id));
    return { kind: "recorded", reportId: report.id };
  });
}
