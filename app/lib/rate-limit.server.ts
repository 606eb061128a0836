import { createHmac } from "node:crypto";
import { sql } from "drizzle-orm";
import { rateLimitHits } from "#db/schema";
import type { DbOrTx } from "./db.server";
import { sessionSecret } from "./env.server";

export interface RateLimit {
  /** e.g. "letter:ip:<hash>" */
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * The key of what a limit counts (an address, an IP): a keyed hash, so the
 * counters never hold who was counted, and nobody without the secret can
 * test a guess against them. The key is derived from SESSION_SECRET.
 */
export function limitKey(kind: string, value: string): string {
  const key = createHmac("sha256", sessionSecret()).update("demarche:rate-limit-keys").digest();
  return `${kind}:${createHmac("sha256", key).update(value).digest("base64url")}`;
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
  return (await rulesOverLimit(db, rules, now)).length === 0;
}

/** As `hitRateLimits`, and which rules the hit took over their limit. */
export async function rulesOverLimit(
  db: DbOrTx,
  rules: readonly RateLimit[],
  now = new Date(),
): Promise<RateLimit[]> {
  if (rules.length === 0) return [];
  // Hand-written: on the letter form's hot path the query builder cost more than the query.
  const hits = sql.join(
    rules.map((rule) => sql`(${rule.key}, ${windowStart(rule, now).toISOString()}, 1)`),
    sql`, `,
  );
  const rows = await db.execute<{ key: string; hits: number }>(sql`
    insert into rate_limit_hits (key, window_start, hits) values ${hits}
    on conflict (key, window_start) do update set hits = rate_limit_hits.hits + 1
    returning key, hits`);
  return rules.filter((rule) => {
    const row = rows.find((r) => r.key === rule.key);
    return (row?.hits ?? 0) > rule.limit;
  });
}

function windowStart(rule: RateLimit, now: Date): Date {
  const windowMs = rule.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** Windows older than this count nothing any more (the longest window is an hour). */
export const rateLimitKeepHours = 2;

/** Old windows are useless; the queue runs this every hour. */
export async function pruneRateLimits(
  db: DbOrTx,
  olderThan = new Date(Date.now() - rateLimitKeepHours * 3600_000),
): Promise<number> {
  const pruned = await db
    .delete(rateLimitHits)
    .where(sql`${rateLimitHits.windowStart} < ${olderThan.toISOString()}::timestamptz`)
    .returning({ key: rateLimitHits.key });
  return pruned.length;
}
