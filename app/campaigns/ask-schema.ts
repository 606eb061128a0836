import { z } from "zod";
import { decisionRules } from "~/positions/stance";

const askFields = {
  title: z
    .string()
    .trim()
    .min(3, "Give the ask a title")
    .max(200, "Use at most 200 characters for the title"),
  description: z.string().trim().max(2000, "Use at most 2000 characters for the description"),
  rule: z.enum(decisionRules, { message: `rule must be one of ${decisionRules.join(", ")}` }),
  // An ISO date that exists: the regex alone let 2026-02-30 through to a database error.
  decidesOn: z.iso.date("decidesOn must be a date like 2026-03-01").nullish(),
  importantQuestion: z.boolean(),
};

const askSlug = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    "Use lower-case letters, digits and hyphens, e.g. hrc-special-session",
  )
  .max(60, "Use at most 60 characters for the slug");

/** An ask as the API creates it. */
export const newAskSchema = z.object({
  slug: askSlug,
  ...askFields,
  description: askFields.description.default(""),
  importantQuestion: askFields.importantQuestion.default(false),
});

/** What may change on an ask (API PATCH); the slug stays, since letters and links carry it. */
export const askChangesSchema = z.object(askFields).partial().strict();

const blankToNull = (value: unknown) => (value === "" ? null : value);

/** The staff ask form's fields as a browser sends them: "" for no date, "on" for a ticked box. */
const formFields = {
  ...askFields,
  rule: z.enum(decisionRules, { message: "Choose how the ask is decided" }),
  decidesOn: z.preprocess(
    blankToNull,
    z.iso.date("Use a date like 2026-03-01, or leave it empty").nullable(),
  ),
  importantQuestion: z.preprocess((value) => value === "on", z.boolean()),
};

export const askFormSchema = z.object({ slug: askSlug, ...formFields });
export const askEditFormSchema = z.object(formFields);
/** The preview needs only what decides the count. */
export const askPreviewFormSchema = z.object({
  rule: formFields.rule,
  decidesOn: formFields.decidesOn,
  importantQuestion: formFields.importantQuestion,
});
