import { createHmac } from "node:crypto";
import { sessionSecret } from "~/lib/env.server";
import { appCookie } from "./cookies.server";
import { newSecretToken, sameSecret } from "./secret-token.server";
import { sessionId } from "./session.server";

/**
 * CSRF protection for every state-changing form: the token is an HMAC of
 * what identifies this browser to us: the staff session id when signed in
 * (so a new token at every sign-in, useless after sign-out), else a random id
 * in its own cookie for public forms. The root loader hands the page the
 * token; each action recomputes it from the cookies and compares.
 */
function anonymousCookie() {
  return appCookie("demarche_csrf");
}

export const csrfFieldName = "csrf";

function tokenFor(binding: string): string {
  return createHmac("sha256", sessionSecret()).update(`csrf:${binding}`).digest("base64url");
}

async function binding(request: Request): Promise<string | null> {
  const session = await sessionId(request);
  if (session) return `session:${session}`;
  const anonymous = await anonymousCookie().parse(request.headers.get("Cookie"));
  return typeof anonymous === "string" && anonymous ? `anonymous:${anonymous}` : null;
}

export async function csrfToken(request: Request): Promise<{ token: string; setCookie?: string }> {
  const existing = await binding(request);
  if (existing) return { token: tokenFor(existing) };
  const fresh = newSecretToken("");
  return {
    token: tokenFor(`anonymous:${fresh}`),
    setCookie: await anonymousCookie().serialize(fresh),
  };
}

/** At sign-in: the signed-out browser id is dropped, so its tokens die with it. */
export function dropAnonymousCsrfCookie(): Promise<string> {
  return anonymousCookie().serialize("", { maxAge: 0 });
}

export class CsrfError extends Response {
  constructor() {
    super("This form has expired or came from another site. Reload the page and try again.", {
      status: 403,
    });
  }
}

/** Throws a 403 response unless the form carries the token of this browser's cookies. */
export async function assertCsrf(request: Request, form: FormData): Promise<void> {
  const expected = await binding(request);
  const given = form.get(csrfFieldName);
  if (!expected || typeof given !== "string" || !sameSecret(tokenFor(expected), given)) {
    throw new CsrfError();
  }
}
