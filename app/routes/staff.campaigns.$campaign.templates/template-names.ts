import { letterLanguageStaffNames } from "~/letters/letter-language";
import type { LetterTemplateField } from "~/templates/letter-templates.server";

export const languageNames: Record<string, string> = letterLanguageStaffNames;

export const fieldNames: Record<LetterTemplateField, string> = {
  subject: "Subject",
  body: "Letter",
  openings: "Openings",
  closings: "Closings",
};
