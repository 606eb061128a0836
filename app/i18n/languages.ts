/**
 * The languages supporters read Démarche in. Letters have their own, longer
 * list (`letterLanguages`): a ministry may work in a language the pages are
 * not translated into.
 */
export const publicLanguages = ["en", "fr", "es", "ar", "zh", "ru", "fa"] as const;
export type PublicLanguage = (typeof publicLanguages)[number];

export const defaultPublicLanguage: PublicLanguage = "en";

const rightToLeft: ReadonlySet<string> = new Set(["ar", "fa"]);

export function isPublicLanguage(value: unknown): value is PublicLanguage {
  return typeof value === "string" && (publicLanguages as readonly string[]).includes(value);
}

/** The writing direction of a page or a letter in this language. */
export function textDirection(language: string): "ltr" | "rtl" {
  return rightToLeft.has(language.split("-")[0] ?? "") ? "rtl" : "ltr";
}

/** "de" named in the page's language ("German" on an English page). */
export function languageNameIn(pageLanguage: string, language: string): string {
  try {
    return new Intl.DisplayNames([pageLanguage], { type: "language" }).of(language) ?? language;
  } catch {
    return language;
  }
}
