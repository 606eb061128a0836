import { sql } from "drizzle-orm";
import { rateLimitHits } from "#db/schema";
import type { DbOrTx } from "./db.server";

export interface RateLimit {
  /** e.g. "letter:ip:<hash>" */
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Counts a hit in a fixed window shared by every process (the counter lives
 * in PostgreSQL) and says whether it is still within the limit.
 */
export async function hitRateLimit(
  db: DbOrTx,
  rule: RateLimit,
  now = new Date(),
): Promise<boolean> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimitHits)
    .values({ key: rule.key, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitHits.key, rateLimitHits.windowStart],
      set: { hits: sql`${rateLimitHits.hits} + 1` },
    })
    .returning({ hits: rateLimitHits.hits });
  return (row?.hits ?? 0) <= rule.limit;
}

/** Old windows are useless; the worker calls this now and then. */
export async function pruneRateLimits(db: DbOrTx, olderThan: Date): Promise<void> {
  await db.delete(rateLimitHits).where(sql`${rateLimitHits.windowStart} < ${olderThan}`);
}
