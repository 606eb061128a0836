import { languageNameIn } from "~/i18n/languages";

/**
 * A campaign's texts in the page's language. Browser-safe: the public pages import it, so
 * the schemas that check staff's translations live in translation-fields.ts.
 */

/** The form's field names for an ask: one flat name each, so errors sit beside the field. */
export const askFieldName = (askId: number, field: "title" | "description") =>
  `ask-${askId}-${field}`;

export interface TranslationTexts {
  title: string;
  summary: string;
  publicText: string;
  asks: { askId: number; title: string; description: string }[];
}

/** Nothing written: saving it deletes the language's translation. */
export function isEmptyTranslation(t: TranslationTexts): boolean {
  return (
    !t.title && !t.summary && !t.publicText && t.asks.every((ask) => !ask.title && !ask.description)
  );
}

/** How many of the texts that exist in the default language have a translation. */
export function completeness(
  own: { summary: string; publicText: string; asks: { description: string }[] },
  t: TranslationTexts,
): { done: number; total: number } {
  const pairs: [string, string][] = [
    ["x", t.title],
    [own.summary, t.summary],
    [own.publicText, t.publicText],
    ...own.asks.flatMap((ask, i): [string, string][] => [
      ["x", t.asks[i]?.title ?? ""],
      [ask.description, t.asks[i]?.description ?? ""],
    ]),
  ];
  const needed = pairs.filter(([source]) => source.trim() !== "");
  return { done: needed.filter(([, text]) => text !== "").length, total: needed.length };
}

/**
 * The text a page in `pageLanguage` shows: the translation when there is one,
 * else the campaign's own text, marked with the language it is written in so
 * the page can say so and set `lang` on that block.
 */
export interface LocalizedText {
  text: string;
  /** The campaign's default language when the text is shown untranslated, else null. */
  lang: string | null;
}

export function localized(
  own: string,
  translation: string | undefined,
  pageLanguage: string,
  defaultLanguage: string,
): LocalizedText {
  if (pageLanguage === defaultLanguage) return { text: own, lang: null };
  if (translation) return { text: translation, lang: null };
  return { text: own, lang: own.trim() === "" ? null : defaultLanguage };
}

/** The default language's name in the page's, when any of these texts is shown untranslated. */
export function untranslatedLanguageName(
  pageLanguage: string,
  langs: readonly (string | null)[],
): string | null {
  const lang = langs.find((l) => l !== null);
  return lang ? languageNameIn(pageLanguage, lang) : null;
}

/**
 * A campaign with its texts in the page's language (translated where staff
 * wrote it, else the default marked with `*Lang`), its asks likewise.
 */
export function campaignInLanguage<
  C extends {
    title: string;
    summary: string;
    defaultLanguage: string;
    translations: Record<string, TranslationTexts>;
    asks: { id: number; title: string; description: string }[];
  },
>(campaign: C, language: string) {
  const translation = campaign.translations[language];
  const shown = (own: string, translated: string | undefined) =>
    localized(own, translated, language, campaign.defaultLanguage);
  const title = shown(campaign.title, translation?.title);
  const summary = shown(campaign.summary, translation?.summary);
  return {
    ...campaign,
    title: title.text,
    titleLang: title.lang,
    summary: summary.text,
    summaryLang: summary.lang,
    asks: campaign.asks.map((ask: C["asks"][number]) => {
      const t = translation?.asks.find((a) => a.askId === ask.id);
      const askTitle = shown(ask.title, t?.title);
      const description = shown(ask.description, t?.description);
      return {
        ...ask,
        title: askTitle.text,
        titleLang: askTitle.lang,
        description: description.text,
        descriptionLang: description.lang,
      };
    }),
  };
}
