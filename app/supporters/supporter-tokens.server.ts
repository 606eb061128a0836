import { createHmac } from "node:crypto";
import { sessionSecret } from "~/lib/env.server";

/**
 * The secret in a link we e-mail to a supporter, derived from what the row
 * already holds and a key derived from SESSION_SECRET. Only its SHA-256 is
 * stored (`hashSecretToken`), and queue jobs carry ids only: whoever reads the
 * database or a backup cannot use a link, while the worker that writes the
 * e-mail can make the link again from the row.
 */
export function derivedToken(
  purpose: "confirm" | "manage" | "follow-up" | "mail",
  ...parts: (string | number)[]
): string {
  const key = createHmac("sha256", sessionSecret()).update(`demarche:token:${purpose}`).digest();
  return createHmac("sha256", key).update(parts.join(":")).digest("base64url");
}

/** Days a manage link (unsubscribe, delete my data) works after the last e-mail that carried it. */
export const manageLinkDays = 90;

/** Days the follow-up links work after the question is due (the campaign's follow-up days). */
export const followUpAnswerDays = 60;

/** The unsubscribe and delete-my-data links' token of a supporter. */
export function manageTokenFor(supporterId: number): string {
  return derivedToken("manage", supporterId);
}

/** The "did your ministry reply?" links' token of a sent letter. */
export function followUpTokenFor(letterId: number): string {
  return derivedToken("follow-up", letterId);
}

/** The confirmation link's token of a submission's first letter. */
export function confirmTokenFor(letter: { id: number; confirmExpiresAt: Date }): string {
  return derivedToken("confirm", letter.id, letter.confirmExpiresAt.getTime());
}
