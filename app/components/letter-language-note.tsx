import { textDirection } from "~/i18n/languages";
import { useT } from "~/i18n/use-t";
import type { LetterLanguage } from "~/letters/letter-form";

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
  const { t } = useT();
  return (
    <div className="notice" id="letter-language-note">
      <p>{t("preview.otherLanguage", { language: languageName })}</p>
      {personalParagraph ? (
        <>
          <p>{t("preview.paragraphAsTyped")}</p>
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
