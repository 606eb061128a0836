import { z } from "zod";
import { truncate } from "../lib/csv-records.server";
import { knownTimeZone } from "../lib/time-zones";
import { contactKinds } from "./contact-kinds";

/**
 * What a contact is allowed to be, whichever way it arrives (the CSV import,
 * the staff form, the API), and how a new row merges with what is stored.
 */
const maxEmailsPerContact = 5;
const maxNameChars = 200;
const maxSalutationChars = 120;
const maxSalutations = 12;
const maxPostalAddressChars = 500;

const languageCode = /^[a-z]{2,3}$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

// Tabs and line breaks included: one-line fields end up in mail headers, where CR or LF forge more.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const controlCharacters = /[\u0000-\u001F\u007F-\u009F]/;
// Postal addresses keep line feeds and tabs; the rest only arrive through copy-paste accidents.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const strayControlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

function oneLine(what: string, max: number) {
  return z
    .string()
    .trim()
    .refine((text) => !controlCharacters.test(text), {
      error: `The ${what} must be one line of plain text (no line breaks or tabs)`,
    })
    .refine((text) => [...text].length <= max, {
      error: `The ${what} must be at most ${max} characters`,
    });
}

function isCalendarDate(text: string): boolean {
  if (!isoDate.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

const emailAddress = z
  .string()
  .trim()
  .pipe(
    z.email({
      error: (issue) => `"${truncate(String(issue.input), 60)}" is not an e-mail address`,
    }),
  )
  .refine((email) => email.length <= 254, { error: "An e-mail address is at most 254 characters" });

export const contactFields = {
  kind: z.enum(contactKinds, { error: `The kind must be one of ${contactKinds.join(", ")}` }),
  name: oneLine("name", maxNameChars).refine((name) => name !== "", {
    error: "Give the office's name",
  }),
  emails: z
    .array(emailAddress)
    .min(1, { error: "Give at least one e-mail address" })
    .max(maxEmailsPerContact, { error: `Give at most ${maxEmailsPerContact} e-mail addresses` })
    .refine((emails) => new Set(emails.map((e) => e.toLowerCase())).size === emails.length, {
      error: "An e-mail address appears twice",
    }),
  salutations: z
    .record(
      z.string(),
      // ";" separates languages in CSV cells, so it cannot be part of one.
      oneLine("salutation", maxSalutationChars).refine((text) => !text.includes(";"), {
        error: 'A salutation cannot contain ";"',
      }),
    )
    .superRefine((salutations, ctx) => {
      const codes = Object.keys(salutations);
      const bad = codes.find((code) => !languageCode.test(code));
      if (bad !== undefined) {
        ctx.addIssue(`"${truncate(bad, 20)}" is not a language code like en, fr or es`);
      }
      if (codes.length > maxSalutations) ctx.addIssue(`Give at most ${maxSalutations} salutations`);
      if (Object.values(salutations).includes("")) ctx.addIssue("A salutation cannot be empty");
    }),
  language: z
    .string()
    .trim()
    .toLowerCase()
    .regex(languageCode, { error: "The language must be a code like en, fr or es" }),
  timeZone: z
    .string()
    .trim()
    .transform((text, ctx) => {
      const zone = knownTimeZone(text);
      if (zone) return zone;
      ctx.addIssue(`"${truncate(text, 40)}" is not a time zone; use one like Europe/Zurich`);
      return z.NEVER;
    }),
  postalAddress: z
    .string()
    .transform((text) => text.replace(/\r\n?/g, "\n").replace(strayControlCharacters, "").trim())
    .refine((text) => [...text].length <= maxPostalAddressChars, {
      error: `The postal address must be at most ${maxPostalAddressChars} characters`,
    }),
  verifiedBy: oneLine("verifier", maxNameChars),
};

/** `today` is read at validation time, so a long-running server never goes stale. */
export function verifiedOnSchema(today: () => string) {
  return z
    .string()
    .trim()
    .superRefine((date, ctx) => {
      if (!isCalendarDate(date)) ctx.addIssue("Use a date like 2026-01-23");
      else if (date > today()) {
        ctx.addIssue(`The verification date cannot be in the future (today is ${today()})`);
      }
    });
}

/** Empty optional text means "none". */
export const blankAsNull = (text: string | null | undefined) => (text?.trim() ? text : null);

/** A complete contact, as stored. */
export function contactSchemaFor(today: () => string) {
  const optional = <T extends z.ZodType<unknown, string>>(schema: T) =>
    z.string().nullish().transform(blankAsNull).pipe(schema.nullable()).default(null);
  return z.object({
    stateIso3: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, { error: "The state must be an ISO3 code like FRA" }),
    kind: contactFields.kind,
    name: contactFields.name,
    emails: contactFields.emails,
    salutations: contactFields.salutations.default({}),
    language: contactFields.language.default("en"),
    timeZone: optional(contactFields.timeZone),
    postalAddress: optional(contactFields.postalAddress),
    verifiedBy: optional(contactFields.verifiedBy),
    verifiedOn: optional(verifiedOnSchema(today)),
  });
}

export type ContactFields = z.output<ReturnType<typeof contactSchemaFor>>;

type OptionalField = Exclude<keyof ContactFields, "stateIso3" | "kind" | "name" | "emails">;

/**
 * One contact as an import or form gives it. An optional field left undefined
 * (its column is not in the file) keeps the stored value; null clears it.
 */
export type ContactRow = Pick<ContactFields, "stateIso3" | "kind" | "name" | "emails"> &
  Partial<Pick<ContactFields, OptionalField>> & { line: number; stateName: string };

// ---------------------------------------------------------------------------
// Merging a row with what is stored

const newContactDefaults: Pick<ContactFields, OptionalField> = {
  salutations: {},
  language: "en",
  timeZone: null,
  postalAddress: null,
  verifiedBy: null,
  verifiedOn: null,
};

/**
 * The contact a row leaves behind. `verifier` (the importer) is recorded as
 * having verified the contact when the row sets a new date without saying who.
 */
export function mergeContact(
  stored: ContactFields | null,
  row: Omit<ContactRow, "line">,
  verifier: string,
): ContactFields {
  const base = stored ?? newContactDefaults;
  const verifiedOn = row.verifiedOn === undefined ? base.verifiedOn : row.verifiedOn;
  const sameDate = verifiedOn === base.verifiedOn;
  const verifiedBy = row.verifiedBy ?? (sameDate ? base.verifiedBy : null) ?? verifier;
  return {
    stateIso3: row.stateIso3,
    kind: row.kind,
    name: row.name,
    emails: row.emails,
    salutations: row.salutations ?? base.salutations,
    language: row.language ?? base.language,
    timeZone: row.timeZone === undefined ? base.timeZone : row.timeZone,
    postalAddress: row.postalAddress === undefined ? base.postalAddress : row.postalAddress,
    verifiedOn,
    // Without a date nobody vouches for the contact.
    verifiedBy: verifiedOn === null ? null : verifiedBy,
  };
}

const comparedFields = [
  "name",
  "emails",
  "salutations",
  "language",
  "timeZone",
  "postalAddress",
  "verifiedBy",
  "verifiedOn",
] as const satisfies readonly (keyof ContactFields)[];

/** The fields that differ; every field for a contact not stored yet. */
export function changedContactFields(
  stored: ContactFields | null,
  next: ContactFields,
): Array<(typeof comparedFields)[number]> {
  return comparedFields.filter(
    (field) => !stored || canonicalJson(stored[field]) !== canonicalJson(next[field]),
  );
}

function canonicalJson(value: unknown): string {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return JSON.stringify(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
  }
  return JSON.stringify(value);
}
