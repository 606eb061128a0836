import { type Cookie, createCookie } from "@remix-run/node";
import { config, sessionSecret } from "~/lib/env.server";
import { cookiePolicy } from "./cookie-policy";

const cookies = new Map<string, Cookie>();

/**
 * A signed, HttpOnly, SameSite=Lax cookie for the whole site, Secure (and
 * `__Host-`) exactly when APP_URL is https (see cookie-policy.ts). APP_URL is
 * the process's, as `npm start` settled it: every request must agree on the names.
 */
export function appCookie(base: string, maxAgeSeconds?: number): Cookie {
  const secret = sessionSecret();
  const policy = cookiePolicy(config().APP_URL);
  const name = policy.name(base);
  const key = `${name}:${maxAgeSeconds}:${secret}`;
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = createCookie(name, {
      httpOnly: true,
      sameSite: "lax",
      secure: policy.secure,
      path: "/",
      maxAge: maxAgeSeconds,
      secrets: [secret],
    });
    cookies.set(key, cookie);
  }
  return cookie;
}
