import { and, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";
import { letters, supporters } from "#db/schema";
import { hashSecretToken } from "~/auth/secret-token.server";
import type { DbOrTx } from "~/lib/db.server";
import { anonymisedSupporter, scrubbedLetter } from "./retention.server";

const dataChoiceSchema = z.enum(["unsubscribe", "delete"]);

/** What the link in a supporter's e-mail asks for (`/s/{token}/{choice}`), or null. */
export function dataChoice(value: string | undefined) {
  const choice = dataChoiceSchema.safeParse(value);
  return choice.success ? choice.data : null;
}

/** The supporter whose manage links carry this token, while they work. */
function byManageToken(token: string) {
  return and(
    eq(supporters.manageToken, hashSecretToken(token)),
    gt(supporters.manageTokenExpiresAt, new Date()),
  );
}

/** Stops every e-mail to the supporter except those they ask for (confirmations). */
export async function unsubscribeSupporter(db: DbOrTx, manageToken: string): Promise<boolean> {
  const updated = await db
    .update(supporters)
    .set({ unsubscribedAt: new Date(), consentUpdates: false })
    .where(byManageToken(manageToken))
    .returning({ id: supporters.id });
  return updated.length > 0;
}

/**
 * "Delete my data": the supporter's name, address, city and words are erased;
 * letters not yet sent are withdrawn. Letters stay as counts (state, ask,
 * dates, status) so the campaign's figures do not change.
 */
export async function anonymiseSupporter(db: DbOrTx, manageToken: string): Promise<boolean> {
  const now = new Date();
  return db.transaction(async (tx) => {
    const [supporter] = await tx
      .update(supporters)
      .set({
        ...anonymisedSupporter(now),
        consentUpdates: false,
        unsubscribedAt: now,
        // The links have done their last job.
        manageTokenExpiresAt: now,
      })
      .where(byManageToken(manageToken))
      .returning({ id: supporters.id });
    if (!supporter) return false;
    await tx
      .update(letters)
      .set({ status: "suppressed", failureReason: "withdrawn by the supporter" })
      .where(
        and(
          eq(letters.supporterId, supporter.id),
          inArray(letters.status, ["awaiting_confirmation", "awaiting_contact", "queued"]),
        ),
      );
    await tx.update(letters).set(scrubbedLetter(now)).where(eq(letters.supporterId, supporter.id));
    return true;
  });
}
