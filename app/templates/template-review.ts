import type { LetterLanguage } from "~/letters/letter-form";

/**
 * How far each language's shipped letter templates have been checked, as
 * templates/README.md lists it (a unit test keeps the two in step). Staff fix
 * wording per campaign with an override; a reviewed file changes this line.
 */
export const templateReviewStatus: Record<LetterLanguage, string> = {
  en: "Original text",
  fr: "Translated by the project; not yet reviewed by a native speaker",
  es: "Translated by the project; not yet reviewed by a native speaker",
  ar: "Draft, machine-assisted, needs review by a native speaker",
  zh: "Draft, machine-assisted, needs review by a native speaker",
  ru: "Draft, machine-assisted, needs review by a native speaker",
  de: "Draft, machine-assisted, needs review by a native speaker",
  pt: "Draft, machine-assisted, needs review by a native speaker",
  fa: "Draft, machine-assisted, needs review by a native speaker",
};

export interface LanguageOverviewRow {
  language: LetterLanguage;
  /** Supporters of this campaign may choose it. */
  offered: boolean;
  /** The campaign-wide version in effect for the target kind, or null for the shipped file. */
  campaignVersion: number | null;
  /** Ask-specific versions saved for the target kind. */
  askVersions: number;
  reviewStatus: string;
}

/** One row per letter language: what the campaign's letters to one kind of office use. */
export function languageOverview(
  languages: readonly LetterLanguage[],
  options: {
    offered: readonly string[];
    targetKind: string;
    versions: readonly {
      language: string;
      targetKind: string;
      askTitle: string | null;
      version: number;
    }[];
  },
): LanguageOverviewRow[] {
  return languages.map((language) => {
    const mine = options.versions.filter(
      (v) => v.language === language && v.targetKind === options.targetKind,
    );
    const campaignWide = mine.filter((v) => v.askTitle === null).map((v) => v.version);
    return {
      language,
      offered: options.offered.includes(language),
      campaignVersion: campaignWide.length > 0 ? Math.max(...campaignWide) : null,
      askVersions: mine.filter((v) => v.askTitle !== null).length,
      reviewStatus: templateReviewStatus[language],
    };
  });
}
