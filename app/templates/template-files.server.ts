import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { type PublicLanguage, publicLanguages } from "~/i18n/languages";
import { type LetterLanguage, letterLanguages } from "~/letters/letter-form";
import { config } from "~/lib/env.server";

/**
 * The shipped templates under templates/ (see templates/README.md), read once
 * and kept in memory. Staff overrides live in the database (letter-templates.server.ts).
 */

export { type LetterLanguage, letterLanguages };

export const emailTemplateNames = [
  "confirmation",
  "confirmation-reminder",
  "follow-up",
  "follow-up-reminder",
  "receipt",
] as const;
export type EmailTemplateName = (typeof emailTemplateNames)[number];

export interface FileLetterTemplate {
  /** The language actually used: English when the requested one is not shipped. */
  language: LetterLanguage;
  subject: string;
  body: string;
  openings: readonly string[];
  closings: readonly string[];
}

export interface FileEmailTemplate {
  /** The supporter's page language, or English when it has no e-mails. */
  language: PublicLanguage;
  subject: string;
  body: string;
  /** The footer text with the unsubscribe and delete-my-data links, in the same language. */
  footer: string;
}

export interface EmailLayout {
  html: string;
  text: string;
}

const variationsSchema = z.object({
  openings: z.array(z.string().min(1)).min(1),
  closings: z.array(z.string().min(1)).min(1),
});

const emailSubjectsSchema = z.object(
  Object.fromEntries(emailTemplateNames.map((name) => [name, z.string().min(1)])) as Record<
    EmailTemplateName,
    z.ZodString
  >,
);

/**
 * templates/ relative to the working directory: the server build is bundled into
 * build/, so paths from import.meta.url would point at the wrong place.
 */
export function templatesDirectory(): string {
  // The process's setting: templates are read by request code and the queue workers alike.
  const override = config().TEMPLATES_DIR;
  return override ? path.resolve(override) : path.join(process.cwd(), "templates");
}

/** "fr-CH" → "fr"; a language without shipped letter templates → "en". */
export function fileLanguage(language: string): LetterLanguage {
  return shippedIn(letterLanguages, language);
}

/** Supporter e-mails are in the page languages, a shorter list than the letters'. */
export function emailFileLanguage(language: string): PublicLanguage {
  return shippedIn(publicLanguages, language);
}

function shippedIn<T extends string>(shipped: readonly T[], language: string): T | "en" {
  const primary = language.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return shipped.find((code) => code === primary) ?? "en";
}

const loaded = new Map<string, FileLetterTemplate | FileEmailTemplate | EmailLayout>();

function remember<T extends FileLetterTemplate | FileEmailTemplate | EmailLayout>(
  key: string,
  load: () => T,
): T {
  const cacheKey = `${templatesDirectory()}|${key}`;
  const cached = loaded.get(cacheKey);
  if (cached) return cached as T;
  const value = load();
  loaded.set(cacheKey, value);
  return value;
}

function readTemplate(...parts: string[]): string {
  return readFileSync(path.join(templatesDirectory(), ...parts), "utf8");
}

function readJson<T>(schema: z.ZodType<T>, ...parts: string[]): T {
  const file = path.join(...parts);
  const parsed = schema.safeParse(JSON.parse(readTemplate(file)));
  if (!parsed.success) throw new Error(`templates/${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function fileTemplate(kind: "letter", language: string): FileLetterTemplate;
export function fileTemplate(kind: EmailTemplateName, language: string): FileEmailTemplate;
export function fileTemplate(
  kind: "letter" | EmailTemplateName,
  language: string,
): FileLetterTemplate | FileEmailTemplate {
  return kind === "letter"
    ? letterFile(fileLanguage(language))
    : emailFile(kind, emailFileLanguage(language));
}

function letterFile(language: LetterLanguage): FileLetterTemplate {
  return remember(`letter:${language}`, () => {
    const variations = readJson(variationsSchema, "letter", `variations.${language}.json`);
    return {
      language,
      subject: readTemplate("letter", `subject.${language}.hbs`).trim(),
      body: readTemplate("letter", `body.${language}.hbs`),
      openings: variations.openings,
      closings: variations.closings,
    };
  });
}

function emailFile(name: EmailTemplateName, language: PublicLanguage): FileEmailTemplate {
  return remember(`email:${name}:${language}`, () => ({
    language,
    subject: readJson(emailSubjectsSchema, "email", `subjects.${language}.json`)[name],
    body: readTemplate("email", `${name}.${language}.hbs`),
    footer: readTemplate("email", `footer.${language}.hbs`),
  }));
}

/** The wrapper of every supporter e-mail: one HTML and one plain-text layout. */
export function emailLayout(): EmailLayout {
  return remember("email:layout", () => ({
    html: readTemplate("email", "layout.html.hbs"),
    text: readTemplate("email", "layout.text.hbs"),
  }));
}
