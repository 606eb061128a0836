import { createHash, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { letters } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";
import { derivedToken } from "~/supporters/supporter-tokens.server";

/**
 * The token in a letter's Return-Path (`bounces+TOKEN@`), Reply-To
 * (`reply+TOKEN@`) and Message-ID: the letter's id and a MAC of it under a key
 * derived from SESSION_SECRET. Nothing secret is stored, so whoever reads the
 * database or a backup cannot forge a reply or a bounce; the worker makes the
 * token again from the id when it sends.
 */
const macLength = 22; // 132 bits of base64url
const derivedShape = /^(\d{1,10})-([A-Za-z0-9_-]{22})$/;

export function mailTokenFor(letterId: number): string {
  return `${letterId}-${derivedToken("mail", letterId).slice(0, macLength)}`;
}

/** The letter a token names, or null when it names none or was forged. */
export async function letterIdForMailToken(db: DbOrTx, token: string): Promise<number | null> {
  const derived = derivedShape.exec(token);
  if (derived) {
    const id = Number(derived[1]);
    if (!sameText(mailTokenFor(id), token)) return null;
    const [letter] = await db.select({ id: letters.id }).from(letters).where(eq(letters.id, id));
    return letter?.id ?? null;
  }
  // Letters sent before tokens were derived carry a random one, stored since as its SHA-256.
  const [legacy] = await db
    .select({ id: letters.id })
    .from(letters)
    .where(eq(letters.bounceToken, createHash("sha256").update(token).digest("hex")));
  return legacy?.id ?? null;
}

function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
