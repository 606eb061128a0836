import { match } from "@formatjs/intl-localematcher";
import {
  defaultPublicLanguage,
  isPublicLanguage,
  type PublicLanguage,
  publicLanguages,
} from "./languages";

/** The languages an Accept-Language header asks for, most wanted first; junk and `*` dropped. */
export function requestedLanguages(header: string | null): string[] {
  const ranked = (header ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ tag, q }) => tag !== "" && tag !== "*" && q > 0 && validTag(tag));
  return ranked.sort((a, b) => b.q - a.q || a.index - b.index).map(({ tag }) => tag);
}

function validTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

interface LanguageSources {
  /** `?lang=` in the address: an explicit choice. */
  query: string | null;
  /** The `lang` cookie: the choice made earlier in the visit. */
  cookie: string | null;
  acceptLanguage: string | null;
  /** The campaign's own language, when the page belongs to one; else English. */
  fallback?: PublicLanguage;
}

/**
 * The page language: an explicit choice, else the remembered one, else the
 * browser's, else the campaign's own language, else English.
 */
export function negotiateLanguage({
  query,
  cookie,
  acceptLanguage,
  fallback = defaultPublicLanguage,
}: LanguageSources): PublicLanguage {
  if (isPublicLanguage(query)) return query;
  if (isPublicLanguage(cookie)) return cookie;
  const requested = requestedLanguages(acceptLanguage);
  if (requested.length === 0) return fallback;
  const best = match(requested, publicLanguages, fallback, { algorithm: "best fit" });
  return isPublicLanguage(best) ? best : fallback;
}
