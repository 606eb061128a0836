import { defaultPublicLanguage, isPublicLanguage, type PublicLanguage } from "./languages";

/**
 * The page language of a request: `?lang=xx`, else the `lang` cookie, else the
 * first of the browser's languages that Démarche speaks, else English. The
 * supporter's e-mails are written in it (submitLetter's `supporterLanguage`).
 * One function in one place, so that the public pages' language module can
 * replace it.
 */
export function requestLanguage(request: Request): PublicLanguage {
  const query = new URL(request.url).searchParams.get("lang");
  if (isPublicLanguage(query)) return query;
  const cookie = /(?:^|;\s*)lang=([^;]*)/.exec(request.headers.get("Cookie") ?? "")?.[1];
  if (isPublicLanguage(cookie)) return cookie;
  for (const part of (request.headers.get("Accept-Language") ?? "").split(",")) {
    const primary = part.trim().split(/[-;]/)[0]?.toLowerCase();
    if (isPublicLanguage(primary)) return primary;
  }
  return defaultPublicLanguage;
}
