import type { MessageKey } from "./use-t";

export interface FormErrorMessage {
  key: MessageKey;
  values?: Record<string, number>;
}

/**
 * The public form's schemas (app/letters/letter-form.ts) say what is wrong in English, for the
 * API and the logs. The page says it in its own language: each known message maps to a catalogue
 * key, and anything unforeseen to a plain "check this field" rather than English on the page.
 */
const exact: Record<string, MessageKey> = {
  "Choose what you are asking for": "formError.ask",
  "Choose your country": "formError.country",
  "Enter your name": "formError.name",
  "Enter an e-mail address like name@example.org": "formError.email",
  "Choose the letter's language": "formError.language",
  "Choose one of the languages offered": "formError.language",
  "Links and HTML are not allowed in the letter": "formError.noLinksInLetter",
  "Leave this field empty": "formError.honeypot",
  "The letter is too short": "formError.letterTooShort",
  "Too many letters from here in the last hour. Please try again later.": "write.limitSender",
  "We are receiving too many letters right now. Please try again in an hour.": "write.limitBudget",
  "This form has expired. Reload the page and try again.": "embed.expired",
};

export function formErrorMessage(message: string): FormErrorMessage {
  const key = exact[message];
  if (key) return { key };
  const tooLong = /(?:at most|under) (\d+) characters$/.exec(message);
  if (tooLong) return { key: "formError.tooLong", values: { max: Number(tooLong[1]) } };
  if (message.endsWith("must be on one line")) return { key: "formError.oneLine" };
  if (message.includes("must not contain links")) return { key: "formError.noLinks" };
  return { key: "formError.check" };
}
