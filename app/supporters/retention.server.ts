import { and, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { campaigns, letters, supporters } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";

/** What erasing a letter's personal words sets: for retention and for "delete my data" alike. */
export function scrubbedLetter(now: Date) {
  return {
    personalParagraph: null,
    body: null,
    pendingSupporter: null,
    confirmTokenHash: null,
    scrubbedAt: now,
  } satisfies Partial<typeof letters.$inferInsert>;
}

/** What erasing a supporter's personal data sets; their letters stay as counts. */
export function anonymisedSupporter(now: Date) {
  return {
    email: null,
    name: null,
    city: null,
    ipHash: null,
    anonymisedAt: now,
  } satisfies Partial<typeof supporters.$inferInsert>;
}

/** Letters that are finished with: their words can go once the retention period has passed. */
const finishedStatuses = ["sent", "failed", "bounced", "suppressed"] as const;

/**
 * Scrubs the supporter's words from letters older than their campaign's
 * retention period (default 90 days), then anonymises supporters none of
 * whose letters still need them. Counts stay: the rows, states, asks and dates
 * are kept. Runs daily from the queue; safe to run at any time.
 */
export async function scrubExpiredLetters(
  db: DbOrTx,
  now = new Date(),
): Promise<{ letters: number; supporters: number }> {
  return db.transaction(async (tx) => {
    const scrubbed = await tx
      .update(letters)
      .set(scrubbedLetter(now))
      .where(
        and(
          isNull(letters.scrubbedAt),
          inArray(letters.status, [...finishedStatuses]),
          sql`${letters.createdAt} < ${now.toISOString()}::timestamptz - make_interval(days => (select ${campaigns.retentionDays} from ${campaigns} where ${campaigns.id} = ${letters.campaignId}))`,
        ),
      )
      .returning({ id: letters.id });
    const anonymised = await tx
      .update(supporters)
      .set(anonymisedSupporter(now))
      .where(
        and(
          isNull(supporters.anonymisedAt),
          isNotNull(supporters.email),
          // Every letter of theirs is scrubbed: nothing left to confirm, deliver or follow up.
          sql`not exists (select 1 from ${letters} where ${letters.supporterId} = ${supporters.id} and ${letters.scrubbedAt} is null)`,
          sql`exists (select 1 from ${letters} where ${letters.supporterId} = ${supporters.id})`,
        ),
      )
      .returning({ id: supporters.id });
    return { letters: scrubbed.length, supporters: anonymised.length };
  });
}
