import { officialLanguage } from "~/states/official-languages";
import type { LetterLanguage } from "./letter-form";

/**
 * The language a supporter's letter is written in. In order: the supporter's
 * explicit choice; else the language of the office written to (its contact's
 * `language`); else the state's main official language; else English. Each
 * only if the campaign offers it (`available`); a campaign without English
 * falls back to its first language.
 */
export function chooseLetterLanguage(options: {
  /** The write form's choice: "" is "the ministry's language". */
  requested: string;
  contactLanguage: string | null;
  stateIso3: string;
  available: readonly LetterLanguage[];
}): LetterLanguage {
  const { requested, contactLanguage, stateIso3, available } = options;
  const offered = (code: string | null | undefined): LetterLanguage | null => {
    const primary = code?.trim().toLowerCase().split(/[-_]/)[0] ?? "";
    return available.find((language) => language === primary) ?? null;
  };
  return (
    offered(requested) ??
    offered(contactLanguage) ??
    offered(officialLanguage(stateIso3)) ??
    offered("en") ??
    available[0] ??
    "en"
  );
}

/** Each letter language named in itself, as the write form offers it. */
export const letterLanguageNames: Record<LetterLanguage, string> = {
  en: "English",
  fr: "Français",
  es: "Español",
  ar: "العربية",
  zh: "中文",
  ru: "Русский",
  de: "Deutsch",
  pt: "Português",
  fa: "فارسی",
};

/** The staff pages' names: in English, with the language's own name. */
export const letterLanguageStaffNames: Record<LetterLanguage, string> = {
  en: "English",
  fr: "French (français)",
  es: "Spanish (español)",
  ar: "Arabic (العربية)",
  zh: "Chinese (中文)",
  ru: "Russian (русский)",
  de: "German (Deutsch)",
  pt: "Portuguese (português)",
  fa: "Persian (فارسی)",
};
