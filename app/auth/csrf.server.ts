import { createCookie } from "@remix-run/node";
import { newSecretToken, sameSecret } from "./secret-token.server";

/**
 * CSRF protection for every state-changing form: a signed double-submit
 * token. The root loader hands the page the token (setting the cookie when it
 * is new); each action checks the form field against the cookie.
 */
let cookie: ReturnType<typeof createCookie> | undefined;
function csrfCookie() {
  const secret = process.env.SESSION_SECRET;
  if (!secret) throw new Error("SESSION_SECRET is not set");
  cookie ??= createCookie("__demarche_csrf", {
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.NODE_ENV === "production",
    path: "/",
    secrets: [secret],
  });
  return cookie;
}

export const csrfFieldName = "csrf";

export async function csrfToken(request: Request): Promise<{ token: string; setCookie?: string }> {
  const existing = await csrfCookie().parse(request.headers.get("Cookie"));
  if (typeof existing === "string" && existing) return { token: existing };
  const token = newSecretToken("");
  return { token, setCookie: await csrfCookie().serialize(token) };
}

export class CsrfError extends Response {
  constructor() {
    super("This form has expired or came from another site. Reload the page and try again.", {
      status: 403,
    });
  }
}

/** Throws a 403 response unless the form carries the token of this browser's cookie. */
export async function assertCsrf(request: Request, form: FormData): Promise<void> {
  const expected = await csrfCookie().parse(request.headers.get("Cookie"));
  const given = form.get(csrfFieldName);
  if (typeof expected !== "string" || typeof given !== "string" || !sameSecret(expected, given)) {
    throw new CsrfError();
  }
}
