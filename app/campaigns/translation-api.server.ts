import type { z } from "zod";
import { type PublicLanguage, publicLanguages } from "~/i18n/languages";
import { apiJsonError } from "~/lib/api.server";
import type { TranslationTexts } from "./campaign-translation";
import type { translationApiSchema } from "./translation-fields";

/** A campaign as the translation API reads it: its own language and its asks, retired or not. */
interface TranslatedCampaign {
  slug: string;
  defaultLanguage: string;
  translations: Record<string, TranslationTexts>;
  asks: { id: number; slug: string; retiredAt: Date | null }[];
}

/** The language in the address: a public language other than the campaign's own, or a 404. */
export function requireTranslationLanguage(
  campaign: TranslatedCampaign,
  language: string | undefined,
): PublicLanguage {
  const found = publicLanguages.find((l) => l === language);
  if (!found) {
    throw apiJsonError(404, `There is no public language "${language}"`, {
      languages: publicLanguages,
    });
  }
  if (found === campaign.defaultLanguage) {
    throw apiJsonError(
      404,
      `The campaign is written in "${found}": change its own texts with PATCH /api/v1/campaigns/${campaign.slug}`,
    );
  }
  return found;
}

/** One language's texts, asks by slug: what GET answers and PUT takes. */
export function translationJson(
  campaign: TranslatedCampaign,
  language: PublicLanguage,
  texts: TranslationTexts | undefined,
) {
  const asks: Record<string, { title: string; description: string }> = {};
  for (const ask of campaign.asks.filter((a) => a.retiredAt === null)) {
    const t = texts?.asks.find((a) => a.askId === ask.id);
    asks[ask.slug] = { title: t?.title ?? "", description: t?.description ?? "" };
  }
  return {
    language,
    title: texts?.title ?? "",
    summary: texts?.summary ?? "",
    publicText: texts?.publicText ?? "",
    asks,
  };
}

/**
 * The body of a PUT as the texts to store: every open ask of the campaign,
 * empty where the body leaves it out. An ask the campaign does not have (or
 * has retired) is refused with 400, naming it.
 */
export function translationFromBody(
  campaign: TranslatedCampaign,
  body: z.output<typeof translationApiSchema>,
): TranslationTexts {
  const open = campaign.asks.filter((a) => a.retiredAt === null);
  const unknown = Object.keys(body.asks).filter((slug) => !open.some((a) => a.slug === slug));
  if (unknown.length > 0) {
    throw apiJsonError(400, "The request is not valid", {
      issues: unknown.map((slug) => ({
        path: ["asks", slug],
        message: `The campaign has no open ask "${slug}"`,
      })),
    });
  }
  return {
    title: body.title,
    summary: body.summary,
    publicText: body.publicText,
    asks: open.map((ask) => ({
      askId: ask.id,
      title: body.asks[ask.slug]?.title ?? "",
      description: body.asks[ask.slug]?.description ?? "",
    })),
  };
}
