import { z } from "zod";
import { type LetterLanguage, letterLanguages, supporterLimits } from "./letter-form";

/**
 * The write form's schemas, for loaders and actions. Kept apart from letter-form.ts, which the
 * public pages' browser bundles import: zod would go to every supporter with it.
 */

/** CR, LF and other control characters would let a name forge mail headers. */
function hasControlCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const singleLine = (label: string, max: number) =>
  z
    .string()
    .max(max, `${label} must be at most ${max} characters`)
    .refine((v) => !hasControlCharacter(v), `${label} must be on one line`)
    .transform((v) => v.trim());

const linkOrHtml = /(https?:\/\/|www\.|<[a-z/!]|\]\()/i;

/**
 * Names and cities reach e-mails sent from the organisation's domain to the
 * address typed (the confirmation) and to ministries: no links, no addresses,
 * no bare domains ("evil.example/x"), which mail clients turn into links.
 */
const linkLike = /(https?:\/\/|www\.|<[a-z/!]|\]\(|@|[a-z0-9-]\.[a-z]{2,}(?![a-z]))/i;

const noLinks = (label: string, max: number) =>
  singleLine(label, max).refine(
    (v) => !linkLike.test(v),
    `${label} must not contain links, e-mail or web addresses`,
  );

/** What a supporter types on the campaign page. */
export const supporterLetterSchema = z.object({
  ask: z.string().min(1, "Choose what you are asking for"),
  country: z
    .string()
    .regex(/^[A-Z]{3}$/, "Choose your country")
    .describe("ISO3 of the state whose government the supporter addresses"),
  name: noLinks("Your name", supporterLimits.name).pipe(z.string().min(1, "Enter your name")),
  email: singleLine("Your e-mail", supporterLimits.email).pipe(
    z.string().email("Enter an e-mail address like name@example.org"),
  ),
  city: noLinks("City", supporterLimits.city).default(""),
  personalParagraph: z
    .string()
    .max(
      supporterLimits.paragraph,
      `Keep your paragraph under ${supporterLimits.paragraph} characters`,
    )
    .refine((v) => !linkOrHtml.test(v), "Links and HTML are not allowed in the letter")
    .default(""),
  /** "" (the default) leaves it to the ministry: chooseLetterLanguage decides. */
  language: z
    .union([z.literal(""), z.enum(letterLanguages)], { message: "Choose the letter's language" })
    .default(""),
  consentUpdates: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "yes" || v === "1"),
  /** Honeypot: hidden from people, filled in by bots. */
  website: z.string().max(0, "Leave this field empty").default(""),
});

export type SupporterLetterFields = z.infer<typeof supporterLetterSchema>;

/** What the supporter typed, with the letter's language decided (chooseLetterLanguage). */
export type SupporterLetterInput = Omit<SupporterLetterFields, "language"> & {
  language: LetterLanguage;
};

/** The letter as the supporter edited it on the preview. */
export const editedLetterSchema = z.object({
  body: z
    .string()
    .trim()
    .min(50, "The letter is too short")
    .max(supporterLimits.body, `Keep the letter under ${supporterLimits.body} characters`)
    .refine((v) => !linkOrHtml.test(v), "Links and HTML are not allowed in the letter"),
});
