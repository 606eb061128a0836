import { describe, expect, it } from "vitest";
import { formErrorMessage } from "./form-errors";
import { textDirection } from "./languages";
import { catalogues } from "./messages.server";
import { intlLocale, translator } from "./use-t";

const on = (language: "en" | "fa" | "ar" | "zh" | "ru") =>
  translator({ language, dir: textDirection(language), messages: catalogues[language] });

describe("numbers, dates and plurals in the page language", () => {
  it("write Persian with Persian digits and the Solar Hijri calendar", () => {
    const date = new Date(Date.UTC(2026, 2, 21, 12));
    const persian = new Intl.DateTimeFormat(intlLocale("fa"), { dateStyle: "long" }).format(date);
    expect(persian).toMatch(/[۰-۹]/);
    expect(persian).toContain("۱۴۰۵"); // 21 March 2026 is 1 Farvardin 1405
    expect(new Intl.DateTimeFormat(intlLocale("fa")).resolvedOptions().calendar).toBe("persian");
    expect(on("fa").t("tally.progress", { votes: 12, needed: 16 })).toBe("۱۲ از ۱۶");
  });

  it("keep English dates Gregorian with Western digits", () => {
    const date = new Date(Date.UTC(2026, 2, 21, 12));
    expect(new Intl.DateTimeFormat(intlLocale("en"), { dateStyle: "long" }).format(date)).toBe(
      "March 21, 2026",
    );
  });

  it("choose the plural form CLDR gives each language", () => {
    const thanks = (language: "en" | "ar" | "ru", count: number) =>
      on(language).t("thanks.count", { count, country: "X" });
    expect(thanks("en", 1)).toBe("You are the first person from X to write.");
    expect(thanks("en", 2)).toBe("2 people from X have written so far.");
    expect(thanks("ru", 3)).toContain("написали 3 человека");
    expect(thanks("ru", 5)).toContain("написали 5 человек");
    expect(thanks("ar", 2)).toContain("شخصان");
    expect(thanks("ar", 3)).toContain("أشخاص");
    expect(thanks("ar", 11)).toContain("شخصًا");
  });

  it("fill rich messages with elements, not strings", () => {
    const parts = on("en").rich("thanks.copy", { url: "u", code: (chunks) => chunks.join("") });
    expect(parts).toBeTruthy();
  });
});

describe("form errors", () => {
  it("map the schema's English to catalogue keys, never passing English through", () => {
    expect(formErrorMessage("Choose your country")).toEqual({ key: "formError.country" });
    expect(formErrorMessage("Your name must be at most 100 characters")).toEqual({
      key: "formError.tooLong",
      values: { max: 100 },
    });
    expect(formErrorMessage("City must not contain links, e-mail or web addresses").key).toBe(
      "formError.noLinks",
    );
    expect(formErrorMessage("Something new").key).toBe("formError.check");
  });
});
