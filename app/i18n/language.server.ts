import { type PublicLanguage, textDirection } from "./languages";
import { catalogues, type Messages } from "./messages.server";
import { negotiateLanguage } from "./negotiate";

export const languageCookieName = "lang";
const oneYear = 60 * 60 * 24 * 365;

function cookieValue(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}

/** Staff pages stay in English: the tools are used by one team, the texts are edited there. */
function isStaffPath(pathname: string): boolean {
  return pathname === "/staff" || pathname.startsWith("/staff/");
}

/** The language of the page this request asks for (see docs/languages.md). */
export function pageLanguage(request: Request): PublicLanguage {
  const url = new URL(request.url);
  if (isStaffPath(url.pathname)) return "en";
  return negotiateLanguage({
    query: url.searchParams.get("lang"),
    cookie: cookieValue(request.headers.get("Cookie"), languageCookieName),
    acceptLanguage: request.headers.get("Accept-Language"),
  });
}

export interface PageLanguage {
  language: PublicLanguage;
  dir: "ltr" | "rtl";
  messages: Messages;
  /** Remembers a `?lang=` choice for the rest of the visit; not personal data. */
  setCookie: string | null;
}

export function pageLanguageOf(request: Request): PageLanguage {
  const language = pageLanguage(request);
  const chosen = new URL(request.url).searchParams.get("lang") === language;
  return {
    language,
    dir: textDirection(language),
    messages: catalogues[language],
    setCookie: chosen
      ? `${languageCookieName}=${language}; Path=/; Max-Age=${oneYear}; SameSite=Lax`
      : null,
  };
}
