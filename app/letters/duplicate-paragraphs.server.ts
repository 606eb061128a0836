import { and, eq, isNotNull, sql } from "drizzle-orm";
import { letters } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";

export interface DuplicateParagraphGroup {
  letters: number;
  supporters: number;
  states: string[];
  /** The first 160 characters of one of them, for staff to judge. */
  sample: string;
}

/**
 * Personal paragraphs that several supporters sent with the same words (case,
 * punctuation and spacing aside): a copied text or a coordinated submission.
 * Reported to staff, never blocked; the template text is not a personal paragraph.
 */
export async function duplicateParagraphs(
  db: DbOrTx,
  campaignId: number,
  options: { minSupporters?: number; limit?: number } = {},
): Promise<DuplicateParagraphGroup[]> {
  const fingerprint = sql`md5(trim(regexp_replace(lower(${letters.personalParagraph}), '[^[:alnum:]]+', ' ', 'g')))`;
  const rows = await db
    .select({
      letters: sql<number>`count(*)::int`,
      supporters: sql<number>`count(distinct ${letters.supporterId})::int`,
      states: sql<string[]>`array_agg(distinct ${letters.stateIso3} order by ${letters.stateIso3})`,
      sample: sql<string>`left(min(${letters.personalParagraph}), 160)`,
    })
    .from(letters)
    .where(
      and(
        eq(letters.campaignId, campaignId),
        isNotNull(letters.personalParagraph),
        sql`length(${letters.personalParagraph}) >= 20`,
      ),
    )
    .groupBy(fingerprint)
    .having(sql`count(distinct ${letters.supporterId}) >= ${options.minSupporters ?? 3}`)
    .orderBy(sql`count(distinct ${letters.supporterId}) desc`)
    .limit(options.limit ?? 50);
  return rows;
}
