import countries from "i18n-iso-countries";
import ar from "i18n-iso-countries/langs/ar.json";
import es from "i18n-iso-countries/langs/es.json";
import fa from "i18n-iso-countries/langs/fa.json";
import fr from "i18n-iso-countries/langs/fr.json";
import ru from "i18n-iso-countries/langs/ru.json";
import zh from "i18n-iso-countries/langs/zh.json";
import type { PublicLanguage } from "./languages";

// English keeps the UN's own short names from the reference data; the others come from CLDR.
for (const locale of [ar, es, fa, fr, ru, zh]) countries.registerLocale(locale);

/** A state's name in the page language; the reference data's English name where none is known. */
export function countryName(iso3: string, englishName: string, language: PublicLanguage): string {
  if (language === "en") return englishName;
  return countries.getName(iso3, language, { select: "official" }) ?? englishName;
}

/** The same items with each state named in the page language. */
export function namedIn<T extends { iso3: string; name: string }>(
  items: readonly T[],
  language: PublicLanguage,
): T[] {
  return items.map((item) => ({ ...item, name: countryName(item.iso3, item.name, language) }));
}

/** A list of states to choose from, named and ordered as the page language sorts them. */
export function sortedNamedIn<T extends { iso3: string; name: string }>(
  items: readonly T[],
  language: PublicLanguage,
): T[] {
  const collator = new Intl.Collator(language);
  return namedIn(items, language).sort((a, b) => collator.compare(a.name, b.name));
}

/** An ask's public stances with its tables' states named and ordered in the page language. */
export function stancesNamedIn<
  S extends { iso3: string; name: string },
  T extends { members: S[] | null; others: S[] },
>(ask: T, language: PublicLanguage): T {
  return {
    ...ask,
    members: ask.members ? sortedNamedIn(ask.members, language) : null,
    others: sortedNamedIn(ask.others, language),
  };
}

/** The world map with each state's tooltip in the page language. */
export function mapNamedIn<M extends { states: readonly { iso3: string; name: string }[] }>(
  map: M,
  language: PublicLanguage,
): M {
  return { ...map, states: namedIn(map.states, language) };
}
