import { textDirection } from "~/i18n/languages";
import { useT } from "~/i18n/use-t";

/** `lang` and `dir` for a campaign text shown in its default language on another language's page. */
export function untranslatedAttributes(lang: string | null | undefined) {
  return lang ? { lang, dir: textDirection(lang) } : {};
}

/** Says once, above the texts, that some are shown as staff wrote them. Name made on the server. */
export function UntranslatedNote({ languageName }: { languageName: string | null }) {
  const { t } = useT();
  if (!languageName) return null;
  return (
    <p className="notice muted" id="untranslated-note">
      {t("campaign.untranslated", { language: languageName })}
    </p>
  );
}
