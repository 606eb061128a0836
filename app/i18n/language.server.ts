import { cachedCampaignWithAsks } from "~/campaigns/campaigns.server";
import type { DbOrTx } from "~/lib/db.server";
import { isPublicLanguage, type PublicLanguage, textDirection } from "./languages";
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

/** A campaign's public pages and its embed: /c/{slug}/… and /embed/{slug}. */
const campaignPath = /^\/(?:c|embed)\/([\w-]{1,200})(?:\/|$)/;

/** The own language of the campaign whose page this is, if it is one (cached with the campaign). */
export async function campaignLanguageOf(
  db: DbOrTx,
  request: Request,
): Promise<PublicLanguage | null> {
  const slug = campaignPath.exec(new URL(request.url).pathname)?.[1];
  if (!slug) return null;
  const campaign = await cachedCampaignWithAsks(db, slug);
  return campaign && isPublicLanguage(campaign.defaultLanguage) ? campaign.defaultLanguage : null;
}

/**
 * The language of the page this request asks for (see docs/languages.md):
 * ?lang, the cookie, the browser's, then the campaign's own language.
 */
export function chooseLanguage(
  request: Request,
  campaignLanguage: PublicLanguage | null = null,
): PublicLanguage {
  const url = new URL(request.url);
  if (isStaffPath(url.pathname)) return "en";
  return negotiateLanguage({
    query: url.searchParams.get("lang"),
    cookie: cookieValue(request.headers.get("Cookie"), languageCookieName),
    acceptLanguage: request.headers.get("Accept-Language"),
    fallback: campaignLanguage ?? undefined,
  });
}

/** The page language as every loader of one request computes it: the root and the page agree. */
export async function pageLanguage(db: DbOrTx, request: Request): Promise<PublicLanguage> {
  return chooseLanguage(request, await campaignLanguageOf(db, request));
}

export interface PageLanguage {
  language: PublicLanguage;
  dir: "ltr" | "rtl";
  messages: Messages;
  /** Remembers a `?lang=` choice for the rest of the visit; not personal data. */
  setCookie: string | null;
}

export function pageLanguageOf(
  request: Request,
  campaignLanguage: PublicLanguage | null = null,
): PageLanguage {
  const language = chooseLanguage(request, campaignLanguage);
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
