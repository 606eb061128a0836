import { createHmac, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { supporters } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";
import type { SupporterLetterInput } from "./letter-form";

/**
 * IP addresses are never stored: a keyed hash lets rate limits and abuse
 * reports group requests without keeping who sent them.
 */
export function hashIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const secret = process.env.SESSION_SECRET ?? "";
  return createHmac("sha256", secret).update(`ip:${ip}`).digest("base64url").slice(0, 32);
}

/** The supporter with this e-mail, created or refreshed with what they typed now. */
export async function upsertSupporter(
  tx: DbOrTx,
  input: SupporterLetterInput,
  ipHash: string | null,
): Promise<{ id: number; manageToken: string }> {
  // The unique index is on lower(email), an expression the query builder cannot target.
  const rows = await tx.execute<{ id: number; manage_token: string }>(sql`
    insert into supporters (email, name, city, country_iso3, language, consent_updates, ip_hash, manage_token)
    values (${input.email}, ${input.name}, ${input.city || null}, ${input.country}, ${input.language},
            ${input.consentUpdates}, ${ipHash}, ${randomBytes(24).toString("base64url")})
    on conflict (lower(email)) do update set
      name = excluded.name,
      city = excluded.city,
      country_iso3 = excluded.country_iso3,
      language = excluded.language,
      -- Consent is only ever widened here; withdrawing it is the unsubscribe link's job.
      consent_updates = supporters.consent_updates or excluded.consent_updates
    returning id, manage_token`);
  const row = rows[0] ? { id: rows[0].id, manageToken: rows[0].manage_token } : undefined;
  if (!row) throw new Error("supporter was not stored");
  return row;
}

export async function supporterByManageToken(db: DbOrTx, token: string) {
  const [row] = await db.select().from(supporters).where(eq(supporters.manageToken, token));
  return row ?? null;
}
