import { type Cookie, createCookie } from "@remix-run/node";
import { cookiePolicy } from "./cookie-policy";

export function sessionSecret(): string {
  const secret = process.env.SESSION_SECRET;
  if (!secret) throw new Error("SESSION_SECRET is not set: start the app with `npm start`");
  return secret;
}

const cookies = new Map<string, Cookie>();

/**
 * A signed, HttpOnly, SameSite=Lax cookie for the whole site, Secure (and
 * `__Host-`) exactly when APP_URL is https (see cookie-policy.ts). APP_URL is
 * read per call: `npm start` fills it in before serving.
 */
export function appCookie(base: string, maxAgeSeconds?: number): Cookie {
  const secret = sessionSecret();
  const policy = cookiePolicy(process.env.APP_URL);
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
