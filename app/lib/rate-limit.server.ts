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
 * Counts a hit against each rule in fixed windows shared by every process (the
 * counters live in PostgreSQL), in one statement, and says whether every rule
 * is still within its limit.
 */
export async function hitRateLimits(
  db: DbOrTx,
  rules: readonly RateLimit[],
  now = new Date(),
): Promise<boolean> {
  if (rules.length === 0) return true;
  // Hand-written: on the letter form's hot path the query builder cost more than the query.
  const hits = sql.join(
    rules.map((rule) => sql`(${rule.key}, ${windowStart(rule, now).toISOString()}, 1)`),
    sql`, `,
  );
  const rows = await db.execute<{ key: string; hits: number }>(sql`
    insert into rate_limit_hits (key, window_start, hits) values ${hits}
    on conflict (key, window_start) do update set hits = rate_limit_hits.hits + 1
    returning key, hits`);
  return rules.every((rule) => {
    const row = rows.find((r) => r.key === rule.key);
    return (row?.hits ?? 0) <= rule.limit;
  });
}

function windowStart(rule: RateLimit, now: Date): Date {
  const windowMs = rule.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** Old windows are useless; the worker calls this now and then. */
export async function pruneRateLimits(db: DbOrTx, olderThan: Date): Promise<void> {
  await db.delete(rateLimitHits).where(sql`${rateLimitHits.windowStart} < ${olderThan}`);
}
