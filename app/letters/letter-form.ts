/**
 * The write form's browser-safe parts: languages, limits and the small rules the
 * pages share. The public pages' browser bundles import this module, so it holds no
 * zod: the schemas are in letter-schema.ts, used by loaders and actions only.
 */

/**
 * The languages letters to ministries are written in (templates/letter/): the
 * six UN languages, German, Portuguese and Persian. The order is the staff
 * pages' order.
 */
export const letterLanguages = ["en", "fr", "es", "ar", "zh", "ru", "de", "pt", "fa"] as const;
export type LetterLanguage = (typeof letterLanguages)[number];

export const supporterLimits = { name: 100, email: 254, city: 100, paragraph: 2000, body: 8000 };

/** The longest value each field of the write form may carry; other fields are dropped. */
const formFieldLimits: Record<string, number> = {
  ask: 200,
  country: 3,
  name: supporterLimits.name,
  email: supporterLimits.email,
  city: supporterLimits.city,
  personalParagraph: supporterLimits.paragraph,
  language: 5,
  consentUpdates: 3,
  website: 200,
  body: supporterLimits.body,
};

/**
 * The form's fields, each cut to its limit so that a page never echoes more
 * than that back, with an error on each field that was longer: checked before
 * anything else reads them.
 */
export function boundedFormValues(entries: Iterable<[string, FormDataEntryValue]>): {
  values: Record<string, string>;
  errors: Record<string, string>;
} {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const [key, value] of entries) {
    const max = Object.hasOwn(formFieldLimits, key) ? formFieldLimits[key] : undefined;
    if (max === undefined || typeof value !== "string") continue;
    values[key] = value.slice(0, max);
    if (value.length > max) errors[key] = `Keep this under ${max} characters`;
  }
  return { values, errors };
}

/**
 * The address as the per-address limit counts it: `Ana+1@Example.org` and
 * `ana+2@example.org` are one mailbox.
 */
export function mailboxKey(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at < 0) return lower;
  const local = lower.slice(0, at).split("+")[0];
  return `${local}${lower.slice(at)}`;
}

/**
 * The country a supporter probably writes to, from the browser's languages
 * (never from an IP lookup): "fr-BE,fr;q=0.9" suggests BE.
 */
export function countryFromAcceptLanguage(header: string | null): string | null {
  for (const part of (header ?? "").split(",")) {
    const match = /^[a-z]{2,3}-([A-Z]{2})\b/i.exec(part.trim());
    if (match?.[1]) return match[1].toUpperCase();
  }
  return null;
}
