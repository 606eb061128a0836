import { describe, expect, it } from "vitest";
import { letterLanguages } from "./letter-form";
import { chooseLetterLanguage } from "./letter-language";

const all = letterLanguages;

describe("chooseLetterLanguage", () => {
  it("takes the supporter's explicit choice when the campaign offers it", () => {
    expect(
      chooseLetterLanguage({
        requested: "fr",
        contactLanguage: "de",
        stateIso3: "DEU",
        available: all,
      }),
    ).toBe("fr");
  });

  it("writes in the office's language when the supporter leaves it to the ministry", () => {
    expect(
      chooseLetterLanguage({
        requested: "",
        contactLanguage: "en",
        stateIso3: "DEU",
        available: all,
      }),
    ).toBe("en");
    expect(
      chooseLetterLanguage({
        requested: "",
        contactLanguage: "pt-BR",
        stateIso3: "BRA",
        available: all,
      }),
    ).toBe("pt");
  });

  it("falls back to the state's official language, then English", () => {
    expect(
      chooseLetterLanguage({
        requested: "",
        contactLanguage: null,
        stateIso3: "DEU",
        available: all,
      }),
    ).toBe("de");
    // A contact in a language without templates (Japanese) does not decide.
    expect(
      chooseLetterLanguage({
        requested: "",
        contactLanguage: "ja",
        stateIso3: "RUS",
        available: all,
      }),
    ).toBe("ru");
    expect(
      chooseLetterLanguage({
        requested: "",
        contactLanguage: "ja",
        stateIso3: "JPN",
        available: all,
      }),
    ).toBe("en");
  });

  it("only chooses among the campaign's languages", () => {
    const available = ["en", "fr", "es"] as const;
    expect(
      chooseLetterLanguage({ requested: "de", contactLanguage: null, stateIso3: "DEU", available }),
    ).toBe("en");
    expect(
      chooseLetterLanguage({ requested: "", contactLanguage: "de", stateIso3: "SEN", available }),
    ).toBe("fr");
    expect(
      chooseLetterLanguage({
        requested: "",
        contactLanguage: null,
        stateIso3: "JPN",
        available: ["es"],
      }),
    ).toBe("es");
  });
});
