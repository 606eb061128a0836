import { describe, expect, it } from "vitest";
import { demoAsks, demoCampaignTitle } from "#db/seed/seed-demo";
import { publicLanguages } from "~/i18n/languages";
import { fallbackTarget } from "~/letters/targets";
import type { Position } from "~/positions/stance";
import { formatLetterDate, renderLetter, renderSupporterEmail } from "./letter-template";
import {
  emailLayout,
  emailTemplateNames,
  fileTemplate,
  letterLanguages,
} from "./template-files.server";

/** Every `{{…}}` tag of a template, sorted: translations must use the same ones. */
function tags(source: string): string[] {
  return [...source.matchAll(/\{\{[^}]*\}\}/g)].map((match) => match[0]).sort();
}

const english = fileTemplate("letter", "en");
const translations = letterLanguages.filter((language) => language !== "en");

describe("every letter language", () => {
  it("ships its own files", () => {
    for (const language of letterLanguages) {
      expect(fileTemplate("letter", language).language).toBe(language);
    }
  });

  it.each(translations)("%s uses the same variables, helpers and variations as English", (lang) => {
    const template = fileTemplate("letter", lang);
    expect(tags(template.subject)).toEqual(tags(english.subject));
    expect(tags(template.body)).toEqual(tags(english.body));
    expect(template.openings.length).toBeGreaterThanOrEqual(3);
    expect(template.closings.length).toBeGreaterThanOrEqual(3);
    for (const variation of [...template.openings, ...template.closings]) {
      expect(variation).not.toMatch(/\{\{|\}\}|\n/);
    }
  });

  it.each(letterLanguages)("%s renders the demo campaign's letters for every stance", (lang) => {
    const template = fileTemplate("letter", lang);
    const fallback = fallbackTarget.ministry[lang];
    expect(fallback).toBeDefined();
    const date = formatLetterDate(new Date("2026-12-05T10:00:00Z"), lang);
    for (const ask of demoAsks) {
      for (const stance of ["supports", "opposes", "undecided"] satisfies Position[]) {
        const letter = renderLetter({
          ...template,
          variationSeed: `${ask.slug}:${stance}`,
          variables: {
            supporter: { name: "Ada Lovelace", city: stance === "undecided" ? null : "Bergen" },
            personalParagraph: stance === "opposes" ? "" : "Meine eigenen Worte.",
            target: {
              name: fallback?.name ?? "",
              salutation: fallback?.salutation ?? "",
              kind: "ministry",
            },
            state: { name: "Norway", stance },
            ask: { title: ask.title, description: ask.description },
            campaign: { title: demoCampaignTitle },
            date,
            language: lang,
          },
        });
        expect(letter.subject).toContain(ask.title);
        expect(letter.body).toContain(date);
        expect(letter.body).toContain(fallback?.salutation);
        expect(letter.body).toContain(demoCampaignTitle);
        expect(letter.body).not.toMatch(/\{\{|undefined|null/);
      }
    }
  });
});

describe("every supporter e-mail language", () => {
  const layout = emailLayout();
  const englishSubjects = emailTemplateNames.map((name) => fileTemplate(name, "en"));

  it.each(publicLanguages.filter((l) => l !== "en"))(
    "%s has every e-mail, with English's variables",
    (lang) => {
      emailTemplateNames.forEach((name, index) => {
        const template = fileTemplate(name, lang);
        const en = englishSubjects[index];
        expect(template.language).toBe(lang);
        expect(tags(template.body)).toEqual(tags(en?.body ?? ""));
        expect(tags(template.subject)).toEqual(tags(en?.subject ?? ""));
        expect(tags(template.footer)).toEqual(tags(en?.footer ?? ""));
      });
    },
  );

  it.each(publicLanguages)("%s wraps the e-mail in its writing direction", (lang) => {
    const template = fileTemplate("confirmation", lang);
    const email = renderSupporterEmail({
      bodySource: template.body,
      footerSource: template.footer,
      layoutHtml: layout.html,
      layoutText: layout.text,
      subject: template.subject,
      variables: {
        supporter: { name: "Ada", city: null },
        personalParagraph: null,
        target: { name: "Auswärtiges Amt", salutation: "Exzellenz", kind: "ministry" },
        state: { name: "Deutschland", stance: "no_information" },
        ask: { title: demoAsks[0]?.title ?? "", description: "" },
        campaign: { title: demoCampaignTitle },
        date: formatLetterDate(new Date(), lang),
        language: lang,
        links: {
          confirm: "https://act.example.org/c",
          unsubscribe: "https://u",
          deleteData: "https://d",
        },
        letter: { subject: "", body: "" },
        expiresInHours: 72,
      },
    });
    const dir = lang === "ar" || lang === "fa" ? "rtl" : "ltr";
    expect(email.html).toContain(`<html lang="${lang}" dir="${dir}">`);
    expect(email.html.match(/ dir="(\w+)"/g)?.every((d) => d === ` dir="${dir}"`)).toBe(true);
  });
});

describe("letter dates", () => {
  const day = new Date("2026-12-05T10:00:00Z");

  it.each([
    ["de", "5. Dezember 2026"],
    ["pt", "5 de dezembro de 2026"],
    ["ru", "5 декабря 2026 г."],
    ["zh", "2026年12月5日"],
    ["fr", "5 décembre 2026"],
    ["es", "5 de diciembre de 2026"],
  ])("%s writes %s", (lang, expected) => {
    expect(formatLetterDate(day, lang)).toBe(expected);
  });

  it("writes Persian dates in the Solar Hijri calendar with Persian digits", () => {
    // 5 December 2026 is 14 Azar 1405.
    expect(formatLetterDate(day, "fa")).toBe("۱۴ آذر ۱۴۰۵");
  });

  it("writes Arabic dates in the Gregorian calendar, as ministries date diplomatic letters", () => {
    const date = formatLetterDate(day, "ar");
    expect(date).toContain("ديسمبر");
    expect(date).toMatch(/2026|٢٠٢٦/);
  });
});
