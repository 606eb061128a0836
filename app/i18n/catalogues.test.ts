import {
  isArgumentElement,
  isPluralElement,
  isSelectElement,
  isTagElement,
  type MessageFormatElement,
  parse,
} from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { publicLanguages } from "./languages";
import { catalogues } from "./messages.server";

/** The arguments and tags a message uses: a translation must use the same ones. */
function placeholders(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (isArgumentElement(element)) found.add(`{${element.value}}`);
    if (isTagElement(element)) {
      found.add(`<${element.value}>`);
      placeholders(element.children, found);
    }
    if (isPluralElement(element) || isSelectElement(element)) {
      found.add(`{${element.value}}`);
      for (const option of Object.values(element.options)) placeholders(option.value, found);
    }
  }
  return found;
}

function pluralOptions(elements: MessageFormatElement[]): string[][] {
  return elements.flatMap((element) =>
    isPluralElement(element) ? [Object.keys(element.options)] : [],
  );
}

const english = catalogues.en;

describe("message catalogues", () => {
  it.each(publicLanguages)("%s has exactly the English keys", (language) => {
    expect(Object.keys(catalogues[language]).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(publicLanguages)("%s: every message parses and uses English's arguments", (language) => {
    for (const [key, message] of Object.entries(catalogues[language])) {
      const source = english[key] ?? "";
      const parsed = parse(message);
      // `{country}` may sit inside a plural's branches in one language and outside in another.
      expect([...placeholders(parsed)].sort(), `${language} ${key}`).toEqual(
        [...placeholders(parse(source))].sort(),
      );
      expect(message.trim(), `${language} ${key}`).not.toBe("");
    }
  });

  it.each(publicLanguages)("%s: every plural gives each CLDR form of the language", (language) => {
    const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    for (const [key, message] of Object.entries(catalogues[language])) {
      for (const options of pluralOptions(parse(message)))
        expect(options, `${language} ${key}`).toEqual(expect.arrayContaining(forms));
    }
  });

  it("Arabic has six plural forms, and its counted messages give all six", () => {
    expect(new Intl.PluralRules("ar").resolvedOptions().pluralCategories).toHaveLength(6);
    const counted = Object.values(catalogues.ar).filter((m) => pluralOptions(parse(m)).length > 0);
    expect(counted.length).toBeGreaterThanOrEqual(4);
    for (const message of counted)
      for (const options of pluralOptions(parse(message)))
        expect(options).toEqual(
          expect.arrayContaining(["zero", "one", "two", "few", "many", "other"]),
        );
  });

  it("leaves no translation identical to a long English sentence", () => {
    for (const language of publicLanguages.filter((l) => l !== "en"))
      for (const [key, message] of Object.entries(catalogues[language]))
        if ((english[key] ?? "").length > 20)
          expect(message, `${language} ${key}`).not.toBe(english[key as keyof typeof english]);
  });
});
