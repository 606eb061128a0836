import { createHmac } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "~/lib/db.server";
import { sessionSecret } from "~/lib/env.server";

/**
 * Sign-in throttles, kept in PostgreSQL so every web process shares them
 * (docs/decisions/007-sign-in-throttles.md). A browser that has signed in to
 * an account before carries a device cookie for it and is judged on its own
 * failures only; every other client counts against the account (whether it
 * exists or not), its address and a global budget. So an attacker can slow
 * down guessing at the admin's password but never lock the admin's own
 * browser out.
 */
export type ThrottleName = "device" | "account" | "ip" | "global";

export interface ThrottleRule {
  name: ThrottleName;
  key: string;
  limit: number;
}

export const throttleWindowSeconds = 15 * 60;
export const throttleLimits: Record<ThrottleName, number> = {
  device: 10,
  account: 10,
  ip: 20,
  global: 500,
};

/** A keyed hash: the table holds neither addresses, e-mails nor device ids. */
export function throttleKey(name: ThrottleName, value: string): string {
  const digest = createHmac("sha256", sessionSecret())
    .update(`sign-in:${name}:${value}`)
    .digest("base64url");
  return `signin:${name}:${digest.slice(0, 32)}`;
}

export function signInRules(client: {
  ip: string;
  email: string;
  /** Set only when the browser's device cookie belongs to this very account. */
  trustedDevice: string | null;
}): ThrottleRule[] {
  const rule = (name: ThrottleName, value: string) => ({
    name,
    key: throttleKey(name, value),
    limit: throttleLimits[name],
  });
  if (client.trustedDevice) return [rule("device", client.trustedDevice)];
  return [
    rule("account", client.email.trim().toLowerCase()),
    rule("ip", client.ip),
    rule("global", "all"),
  ];
}

export function windowStart(now: Date): Date {
  const ms = throttleWindowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

export type Reservation =
  | { ok: true }
  | { ok: false; rule: ThrottleName; retryAfterSeconds: number; firstRefusal: boolean };

/**
 * Counts this attempt against every rule before the password is checked, in
 * one upsert whose RETURNING gives the new counts: parallel attempts cannot
 * all slip under a limit, as a read followed by a write would let them.
 */
export async function reserveSignInAttempt(
  db: DbOrTx,
  rules: readonly ThrottleRule[],
  now: Date,
): Promise<Reservation> {
  const start = windowStart(now);
  const values = sql.join(
    rules.map((rule) => sql`(${rule.key}, ${start.toISOString()}, 1)`),
    sql`, `,
  );
  const rows = await db.execute<{ key: string; hits: number }>(sql`
    insert into rate_limit_hits (key, window_start, hits) values ${values}
    on conflict (key, window_start) do update set hits = rate_limit_hits.hits + 1
    returning key, hits`);
  const hitsOf = (rule: ThrottleRule) => rows.find((row) => row.key === rule.key)?.hits ?? 0;
  const over = rules.find((rule) => hitsOf(rule) > rule.limit);
  if (!over) return { ok: true };
  const reopens = start.getTime() + throttleWindowSeconds * 1000;
  return {
    ok: false,
    rule: over.name,
    retryAfterSeconds: Math.max(1, Math.ceil((reopens - now.getTime()) / 1000)),
    firstRefusal: hitsOf(over) === over.limit + 1,
  };
}

/** A successful sign-in gives its attempt back: the limits count failures. */
export async function refundSignInAttempt(
  db: DbOrTx,
  rules: readonly ThrottleRule[],
  now: Date,
): Promise<void> {
  const keys = sql.join(
    rules.map((rule) => sql`${rule.key}`),
    sql`, `,
  );
  await db.execute(sql`
    update rate_limit_hits set hits = hits - 1
    where window_start = ${windowStart(now).toISOString()} and key in (${keys}) and hits > 0`);
}
