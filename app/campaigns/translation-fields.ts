import { z } from "zod";
import { isPublicLanguage, type PublicLanguage } from "~/i18n/languages";
import { campaignPublicText } from "./campaign-fields";
import { askFieldName, type TranslationTexts } from "./campaign-translation";
import { publicTextProblem } from "./public-text";

/**
 * A campaign's texts in one more language. The limits are the campaign's own;
 * every field may be left empty, and an empty field falls back to the text in
 * the campaign's default language.
 */

export const translationLanguage = z
  .string()
  .refine(isPublicLanguage, "Choose one of the public languages")
  .transform((v) => v as PublicLanguage);

const optionalTitle = z.string().trim().max(200, "The title must be at most 200 characters");

const optionalSummary = z
  .string()
  .trim()
  .max(1_000, "The summary must be at most 1,000 characters")
  .refine((s) => !/\n\s*\n/.test(s), "The summary is one paragraph: remove the blank lines")
  .refine((s) => publicTextProblem(s) === null, "Write plain text: HTML is not allowed");

const optionalAskTitle = z
  .string()
  .trim()
  .max(200, "Use at most 200 characters for the title")
  .refine((s) => s === "" || s.length >= 3, "Give the ask a title of at least 3 characters");

const optionalAskDescription = z
  .string()
  .trim()
  .max(2000, "Use at most 2000 characters for the description")
  .refine((s) => publicTextProblem(s) === null, "Write plain text: HTML is not allowed");

/** The staff form for the campaign with these asks, parsed into one language's texts. */
export function translationFormSchema(askIds: readonly number[]) {
  const askShape: Record<string, z.ZodType<string>> = {};
  for (const id of askIds) {
    askShape[askFieldName(id, "title")] = optionalAskTitle.default("");
    askShape[askFieldName(id, "description")] = optionalAskDescription.default("");
  }
  return z
    .object({
      title: optionalTitle.default(""),
      summary: optionalSummary.default(""),
      publicText: campaignPublicText.default(""),
      ...askShape,
    })
    .transform(
      (v): TranslationTexts => ({
        title: v.title,
        summary: v.summary,
        publicText: v.publicText,
        asks: askIds.map((askId) => ({
          askId,
          title: (v as Record<string, string>)[askFieldName(askId, "title")] ?? "",
          description: (v as Record<string, string>)[askFieldName(askId, "description")] ?? "",
        })),
      }),
    );
}

/**
 * PUT /api/v1/campaigns/{campaign}/translations/{language}: the same limits,
 * asks named by their slug. Omitted texts are empty (not translated).
 */
export const translationApiSchema = z.strictObject({
  title: optionalTitle.default(""),
  summary: optionalSummary.default(""),
  publicText: campaignPublicText.default(""),
  asks: z
    .record(
      z.string(),
      z.strictObject({
        title: optionalAskTitle.default(""),
        description: optionalAskDescription.default(""),
      }),
    )
    .default({}),
});
