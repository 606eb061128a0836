import { createHmac, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { SupporterLetterInput } from "~/letters/letter-schema";
import type { DbOrTx } from "~/lib/db.server";
import { sessionSecret } from "~/lib/env.server";

/** What a new supporter's row is made of; `language` is the page's, not the letter's. */
type NewSupporter = Pick<
  SupporterLetterInput,
  "email" | "name" | "city" | "country" | "consentUpdates"
> & {
  language: string;
};

/**
 * IP addresses are never stored: a keyed hash lets rate limits and abuse
 * reports group requests without keeping who sent them.
 */
export function hashIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  return createHmac("sha256", sessionSecret()).update(`ip:${ip}`).digest("base64url").slice(0, 32);
}

/**
 * The supporter with this e-mail, created with what they typed if new. Someone
 * who wrote before is left as they are: anyone can type their address, so
 * what was typed now waits for the address to confirm (`pendingSupporter`).
 * The row is locked either way, so a second submission of the same address
 * waits for this one's commit.
 */
export async function findOrCreateSupporter(
  tx: DbOrTx,
  input: NewSupporter,
  ipHash: string | null,
): Promise<{ id: number; existed: boolean }> {
  // The unique index is on lower(email), an expression the query builder cannot target.
  // The no-op update takes the row lock; xmax is 0 only on a row this statement inserted.
  // The manage token is a random value no link hashes to, until an e-mail sets it.
  const rows = await tx.execute<{ id: number; existed: boolean }>(sql`
    insert into supporters (email, name, city, country_iso3, language, consent_updates, ip_hash, manage_token)
    values (${input.email}, ${input.name}, ${input.city || null}, ${input.country}, ${input.language},
            ${input.consentUpdates}, ${ipHash}, ${randomBytes(24).toString("base64url")})
    on conflict (lower(email)) do update set email = supporters.email
    returning id, xmax <> 0 as existed`);
  const row = rows[0];
  if (!row) throw new Error("supporter was not stored");
  return { id: row.id, existed: row.existed };
}
