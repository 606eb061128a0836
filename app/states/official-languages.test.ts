import { describe, expect, it } from "vitest";
import { loadUnReference } from "#db/seed/un-reference";
import { letterLanguages } from "~/letters/letter-form";
import { officialLanguage, officialLanguages, statesByLanguage } from "./official-languages";

const members = new Set(
  loadUnReference()
    .states.filter((s) => s.un_status === "member")
    .map((s) => s.iso3),
);

describe("official languages", () => {
  it("lists only member states, each once", () => {
    const listed = Object.values(statesByLanguage).flat();
    expect(listed.filter((iso3) => !members.has(iso3))).toEqual([]);
    expect(officialLanguages.size).toBe(listed.length);
  });

  it("names only languages with letter templates", () => {
    for (const language of Object.keys(statesByLanguage)) {
      expect(letterLanguages).toContain(language);
    }
  });

  it("knows the ministries of the nine letter languages' main states", () => {
    expect(officialLanguage("DEU")).toBe("de");
    expect(officialLanguage("CHE")).toBe("de");
    expect(officialLanguage("BRA")).toBe("pt");
    expect(officialLanguage("RUS")).toBe("ru");
    expect(officialLanguage("CHN")).toBe("zh");
    expect(officialLanguage("IRN")).toBe("fa");
    expect(officialLanguage("EGY")).toBe("ar");
    expect(officialLanguage("SEN")).toBe("fr");
    expect(officialLanguage("MEX")).toBe("es");
    expect(officialLanguage("JPN")).toBeNull();
  });
});
