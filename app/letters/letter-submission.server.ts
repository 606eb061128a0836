import { languageNameIn, type PublicLanguage } from "~/i18n/languages";
import type { DbOrTx } from "~/lib/db.server";
import type { Config } from "~/lib/env.server";
import { boundedFormValues } from "./letter-form";
import { editedLetterSchema } from "./letter-schema";
import {
  defaultSubmissionLimits,
  type LetterSource,
  type LetterStatus,
  type SubmissionLimits,
  submitLetter,
} from "./letters.server";
import {
  type LetterPreview,
  type OpenCampaign,
  previewLetter,
  validateLetter,
} from "./public-letter.server";

/**
 * The supporter's form, step by step, as the write page and the embed both
 * run it: details → preview (editable) → send. Each caller turns the outcome
 * into its own page or redirect.
 */
export type LetterFormOutcome =
  | {
      step: "form";
      httpStatus: number;
      errors: Record<string, string>;
      values: Record<string, string>;
    }
  | {
      step: "preview";
      httpStatus: number;
      preview: LetterPreview & {
        /** The letter language's name in the page's, when the two differ (the page says so). */
        otherLanguage: string | null;
      };
      values: Record<string, string>;
      bodyError?: string;
    }
  | { step: "rate_limited"; limit: "sender" | "budget"; values: Record<string, string> }
  | { step: "sent"; status: LetterStatus; country: string };

/**
 * The form-wide errors, in English like the schemas' messages: pages show them
 * through the catalogues (app/i18n/form-errors.ts), the API as they are.
 */
export const rateLimitMessages = {
  sender: "Too many letters from here in the last hour. Please try again later.",
  budget: "We are receiving too many letters right now. Please try again in an hour.",
} as const;

export const expiredFormMessage = "This form has expired. Reload the page and try again.";

/** Limits of the public form, from the configuration (README). */
export function submissionLimits(settings: Config): SubmissionLimits {
  return {
    ...defaultSubmissionLimits,
    lettersPerClientHour: settings.LETTERS_PER_CLIENT_HOUR,
    confirmationsPerHour: settings.CONFIRMATIONS_PER_HOUR,
    confirmationsPerCampaignHour: settings.CONFIRMATIONS_PER_CAMPAIGN_HOUR,
  };
}

export async function runLetterForm(
  db: DbOrTx,
  options: {
    campaign: OpenCampaign;
    form: FormData;
    clientIp: string;
    /** `submissionLimits` of the configuration. */
    limits: SubmissionLimits;
    /** The page's language: the supporter's e-mails are written in it. */
    supporterLanguage: PublicLanguage;
    source?: LetterSource;
  },
): Promise<LetterFormOutcome> {
  const { campaign, form } = options;
  // Over-long fields stop here, and no more than a field's limit is ever sent back.
  // Only the letter's fields are kept: the caller's own (csrf, embed token) are not echoed.
  const { values, errors: tooLong } = boundedFormValues(form.entries());
  if (Object.keys(tooLong).length > 0)
    return { step: "form", httpStatus: 400, errors: tooLong, values };
  const letter = await validateLetter(db, campaign, values);
  if (!letter.ok) return { step: "form", httpStatus: 400, errors: letter.errors, values };
  const intent = form.get("intent");
  if (intent === "edit") return { step: "form", httpStatus: 200, errors: {}, values };
  if (intent !== "send") {
    return {
      step: "preview",
      httpStatus: 200,
      preview: noteLanguage(await previewLetter(db, campaign, letter), options.supporterLanguage),
      values,
    };
  }
  const edited = editedLetterSchema.safeParse({ body: values.body ?? "" });
  if (!edited.success) {
    const preview = noteLanguage(
      await previewLetter(db, campaign, letter),
      options.supporterLanguage,
    );
    return {
      step: "preview",
      httpStatus: 400,
      preview: { ...preview, body: values.body ?? "" },
      values,
      bodyError: edited.error.issues[0]?.message ?? "Check the letter",
    };
  }
  const result = await submitLetter(db, {
    campaign,
    ask: letter.ask,
    input: letter.input,
    approvedBody: edited.data.body,
    clientIp: options.clientIp,
    supporterLanguage: options.supporterLanguage,
    limits: options.limits,
    source: options.source,
  });
  if (result.kind === "rate_limited") return { step: "rate_limited", limit: result.limit, values };
  // A letter already written gets the same answer as a new one: the page
  // must not tell whoever typed an address that its owner wrote before.
  return { step: "sent", status: result.status, country: letter.input.country };
}

/** The letter may be in the ministry's language while the page is in the supporter's. */
function noteLanguage(preview: LetterPreview, pageLanguage: PublicLanguage) {
  const otherLanguage =
    preview.language === pageLanguage ? null : languageNameIn(pageLanguage, preview.language);
  return { ...preview, otherLanguage };
}
