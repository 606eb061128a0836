import { z } from "zod";
import { publicLanguages } from "~/i18n/languages";
import { letterLanguages } from "~/letters/letter-form";
import { formFields } from "~/lib/form";
import { campaignStatuses } from "./campaign-lifecycle";
import { publicTextLimit, publicTextProblem } from "./public-text";

/**
 * A campaign's own fields as staff write them, shared by the staff forms and
 * the API so both refuse the same things with the same messages.
 */

/** Staff pages live at /staff/campaigns/new: no campaign may take that address. */
const reservedSlugs = new Set(["new"]);

export const campaignSlug = z
  .string({ message: "Enter the campaign's address" })
  .trim()
  .min(1, "Enter the campaign's address")
  .max(60, "The address must be at most 60 characters")
  .regex(/^[a-z0-9-]+$/, "Use only lowercase letters, digits and hyphens (no spaces or capitals)")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Start and end with a letter or digit, one hyphen at a time")
  .refine((slug) => !reservedSlugs.has(slug), "This address is reserved: choose another");

export const campaignTitle = z
  .string({ message: "Enter a title" })
  .trim()
  .min(1, "Enter a title")
  .max(200, "The title must be at most 200 characters");

export const campaignSummary = z
  .string({ message: "Enter a summary" })
  .trim()
  .min(1, "Enter a summary")
  .max(1_000, "The summary must be at most 1,000 characters")
  .refine((s) => !/\n\s*\n/.test(s), "The summary is one paragraph: remove the blank lines")
  .refine((s) => publicTextProblem(s) === null, "Write plain text: HTML is not allowed");

export const campaignPublicText = z
  .string()
  .trim()
  .max(
    publicTextLimit,
    `The public text must be at most ${publicTextLimit.toLocaleString("en")} characters`,
  )
  .superRefine((text, ctx) => {
    const problem = publicTextProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const day = (label: string) => z.iso.date({ error: `${label} must be a date like 2026-06-01` });

export const campaignLanguages = z
  .array(z.enum(letterLanguages, { error: `Languages are ${letterLanguages.join(", ")}` }))
  .min(1, "Offer at least one letter language")
  .transform((languages) => [...new Set(languages)]);

/** The language staff write the campaign's own texts in; its pages fall back to it. */
export const campaignDefaultLanguage = z.enum(publicLanguages, {
  error: `The campaign's language is one of ${publicLanguages.join(", ")}`,
});

export const campaignStatus = z.enum(campaignStatuses, {
  error: `Status is one of ${campaignStatuses.join(", ")}`,
});

const endsAfterStart = {
  message: "The end date cannot be before the start date",
  path: ["endsOn"],
};

function endsOnOrAfterStart(v: { startsOn?: string; endsOn?: string | null }): boolean {
  return !v.startsOn || !v.endsOn || v.endsOn >= v.startsOn;
}

/** The staff form: every field a string, empty end date meaning none, languages comma-joined. */
export const campaignFormSchema = z
  .object({
    slug: campaignSlug,
    title: campaignTitle,
    summary: campaignSummary,
    publicText: campaignPublicText.default(""),
    startsOn: day("The start date"),
    endsOn: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : null))
      .pipe(day("The end date").nullable()),
    languages: z
      .string()
      .default("")
      .transform((v) => v.split(",").filter(Boolean))
      .pipe(campaignLanguages),
    defaultLanguage: campaignDefaultLanguage.default("en"),
  })
  .refine(endsOnOrAfterStart, endsAfterStart);

export type CampaignFields = z.output<typeof campaignFormSchema>;

const apiFields = {
  slug: campaignSlug,
  title: campaignTitle,
  summary: campaignSummary,
  publicText: campaignPublicText,
  status: campaignStatus,
  startsOn: day("startsOn"),
  endsOn: day("endsOn").nullable(),
  languages: campaignLanguages,
  defaultLanguage: campaignDefaultLanguage,
};

/** POST /api/v1/campaigns. */
export const newCampaignApiSchema = z
  .strictObject({
    ...apiFields,
    publicText: apiFields.publicText.optional(),
    status: apiFields.status.optional(),
    startsOn: apiFields.startsOn.optional(),
    endsOn: apiFields.endsOn.optional(),
    languages: apiFields.languages.optional(),
    defaultLanguage: apiFields.defaultLanguage.optional(),
  })
  .refine(endsOnOrAfterStart, endsAfterStart);

/** PATCH /api/v1/campaigns/{campaign}: any of the fields. */
export const campaignChangesApiSchema = z
  .strictObject(apiFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change")
  .refine(endsOnOrAfterStart, endsAfterStart);

export type CampaignChanges = z.output<typeof campaignChangesApiSchema>;

/** The submitted form as strings: ticked languages comma-joined, the CSRF token left out. */
export function campaignFormValues(form: FormData): Record<string, string> {
  const values = formFields(form, ["languages"]);
  values.languages = form
    .getAll("languages")
    .filter((v) => typeof v === "string")
    .join(",");
  return values;
}

/** The first message per field, as the forms show them. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}
