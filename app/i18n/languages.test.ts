import { describe, expect, it } from "vitest";
import { isPublicLanguage, publicLanguages, textDirection } from "./languages";

describe("public languages", () => {
  it("are the six UN languages and Persian", () => {
    expect([...publicLanguages].sort()).toEqual(["ar", "en", "es", "fa", "fr", "ru", "zh"]);
  });

  it("know which are written right to left, with or without a region", () => {
    expect(textDirection("ar")).toBe("rtl");
    expect(textDirection("fa-IR")).toBe("rtl");
    expect(textDirection("zh")).toBe("ltr");
    expect(textDirection("en")).toBe("ltr");
  });

  it("refuse codes that are not offered", () => {
    expect(isPublicLanguage("de")).toBe(false);
    expect(isPublicLanguage(undefined)).toBe(false);
    expect(isPublicLanguage("fa")).toBe(true);
  });
});
