import { textDirection } from "~/i18n/languages";
import type { LetterLanguage } from "~/letters/letter-form";

/**
 * The write form's words about the letter's language, in English until the
 * public pages' catalogues take them over: one key per message, `{language}`
 * standing for the letter language's name in the page's language.
 */
export const letterLanguageMessages = {
  fieldLabel: "Language of the letter",
  ministryLanguage: "The language of the office you write to (recommended)",
  differsFromPage:
    "Your letter is written in {language}, the language chosen for it, not in the language of this page.",
  paragraphAsTyped: "Your own paragraph goes into it as you typed it, without translation:",
} as const;

/**
 * On the preview, when the letter's language is not the page's. The name is
 * made on the server (languageNameIn), so the browser renders the same text.
 */
export function LetterLanguageNote({
  languageName,
  personalParagraph,
}: {
  languageName: string;
  personalParagraph: string;
}) {
  return (
    <div className="notice" id="letter-language-note">
      <p>{letterLanguageMessages.differsFromPage.replace("{language}", languageName)}</p>
      {personalParagraph ? (
        <>
          <p>{letterLanguageMessages.paragraphAsTyped}</p>
          <blockquote dir="auto">{personalParagraph}</blockquote>
        </>
      ) : null}
    </div>
  );
}

/** Attributes for text written in a letter language: its `lang` and writing direction. */
export function letterTextAttributes(language: LetterLanguage) {
  return { lang: language, dir: textDirection(language) };
}

/** "de" named in the page's language ("German" on an English page). */
export function languageNameIn(pageLanguage: string, language: LetterLanguage): string {
  try {
    return new Intl.DisplayNames([pageLanguage], { type: "language" }).of(language) ?? language;
  } catch {
    return language;
  }
}
