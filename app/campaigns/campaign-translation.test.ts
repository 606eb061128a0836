import { describe, expect, it } from "vitest";
import { completeness, localized } from "./campaign-translation";

describe("localized", () => {
  it("shows the translation, else the default text marked with its language", () => {
    expect(localized("Title", "Titre", "fr", "en")).toEqual({ text: "Titre", lang: null });
    expect(localized("Title", "", "fr", "en")).toEqual({ text: "Title", lang: "en" });
    expect(localized("Title", "Titre", "en", "en")).toEqual({ text: "Title", lang: null });
    expect(localized("", undefined, "fr", "en")).toEqual({ text: "", lang: null });
  });
});

describe("completeness", () => {
  it("counts only texts the default language has", () => {
    const own = { summary: "S", publicText: "", asks: [{ description: "" }] };
    const t = {
      title: "T",
      summary: "",
      publicText: "",
      asks: [{ askId: 1, title: "Ask", description: "" }],
    };
    expect(completeness(own, t)).toEqual({ done: 2, total: 3 });
  });
});
