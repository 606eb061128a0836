import { createHmac } from "node:crypto";
import { z } from "zod";
import { sameSecret } from "~/auth/secret-token.server";
import { sessionSecret } from "~/lib/env.server";

/**
 * CSRF protection for the embedded form, without cookies: in a cross-site
 * frame the browser does not send our SameSite=Lax cookie with the POST (and
 * may block third-party cookies altogether), so the staff scheme cannot work.
 * The form carries a signed, short-lived token naming the campaign and where
 * the frame came from; the POST must also be a same-origin request of the
 * frame itself (Sec-Fetch-Site, Origin). See docs/security.md.
 */

export const embedTokenHours = 12;
const clockSkewMs = 5 * 60_000;

export interface EmbedTokenClaims {
  campaign: string;
  /** The partner page that framed the form (its origin, only if allowed), else null. */
  origin: string | null;
  /** The `?source=` code, if staff defined it. */
  source: string | null;
}

const claimsSchema = z.object({
  campaign: z.string(),
  origin: z.string().nullable(),
  source: z.string().nullable(),
  issuedAt: z.number().int(),
});

function signingKey(): Buffer {
  // Its own key, derived: a token of this kind is never valid as any other.
  return createHmac("sha256", sessionSecret()).update("embed-csrf-key").digest();
}

function sign(payload: string): string {
  return createHmac("sha256", signingKey()).update(payload).digest("base64url");
}

export function embedToken(claims: EmbedTokenClaims, now = new Date()): string {
  const payload = Buffer.from(JSON.stringify({ ...claims, issuedAt: now.getTime() })).toString(
    "base64url",
  );
  return `${payload}.${sign(payload)}`;
}

export type EmbedTokenCheck =
  | { ok: true; claims: EmbedTokenClaims }
  | { ok: false; reason: "missing" | "forged" | "expired" | "other campaign" };

export function checkEmbedToken(
  token: unknown,
  campaign: string,
  now = new Date(),
): EmbedTokenCheck {
  if (typeof token !== "string" || token === "") return { ok: false, reason: "missing" };
  const [payload = "", signature = ""] = token.split(".");
  if (!sameSecret(sign(payload), signature)) return { ok: false, reason: "forged" };
  const parsed = claimsSchema.safeParse(safeJson(Buffer.from(payload, "base64url").toString()));
  if (!parsed.success) return { ok: false, reason: "forged" };
  const { issuedAt, ...claims } = parsed.data;
  const age = now.getTime() - issuedAt;
  if (age > embedTokenHours * 3600_000 || age < -clockSkewMs) {
    return { ok: false, reason: "expired" };
  }
  if (claims.campaign !== campaign) return { ok: false, reason: "other campaign" };
  return { ok: true, claims };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The POST must come from the embed's own document: a form in the frame is a
 * same-origin request whatever page framed it. A cross-site page posting to
 * the embed directly says `cross-site` (browsers since 2020) or another Origin.
 */
export function isOwnFramePost(request: Request): boolean {
  const site = request.headers.get("Sec-Fetch-Site");
  if (site !== null && site !== "same-origin") return false;
  const origin = request.headers.get("Origin");
  return origin === null || origin === new URL(request.url).origin;
}

/** The origin of the page that framed the embed (the GET's Referer), if staff allowed it. */
export function framingOrigin(request: Request, allowed: readonly string[]): string | null {
  const referer = request.headers.get("Referer");
  if (!referer || !URL.canParse(referer)) return null;
  const origin = new URL(referer).origin;
  return allowed.includes(origin) ? origin : null;
}
