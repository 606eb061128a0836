/**
 * How staff cookies are marked. `Secure` follows the public address alone
 * (APP_URL), never NODE_ENV: the local demo runs in production mode over
 * http://localhost or a LAN address, where a Secure cookie would never come
 * back and sign-in would silently fail. Over https the cookies also take the
 * `__Host-` prefix, which browsers only accept with Secure, Path=/ and no
 * Domain, so no sibling subdomain can plant or overwrite them.
 */
export interface CookiePolicy {
  secure: boolean;
  name: (base: string) => string;
}

export function cookiePolicy(appUrl: string | undefined): CookiePolicy {
  const secure = appUrl ? URL.canParse(appUrl) && new URL(appUrl).protocol === "https:" : false;
  return { secure, name: (base) => (secure ? `__Host-${base}` : `__${base}`) };
}
