import { describe, expect, it } from "vitest";
import { isEmptyTranslation } from "./campaign-translation";
import { translationFormSchema } from "./translation-fields";

describe("translationFormSchema", () => {
  const schema = translationFormSchema([7]);

  it("reads the campaign's and each ask's fields, empty ones as empty", () => {
    const parsed = schema.parse({ title: " Titre ", "ask-7-title": "Session spéciale" });
    expect(parsed).toEqual({
      title: "Titre",
      summary: "",
      publicText: "",
      asks: [{ askId: 7, title: "Session spéciale", description: "" }],
    });
    expect(isEmptyTranslation(parsed)).toBe(false);
    expect(isEmptyTranslation(schema.parse({}))).toBe(true);
  });

  it("refuses what the campaign's own fields refuse, at the field", () => {
    const result = schema.safeParse({
      title: "x".repeat(201),
      summary: "one\n\ntwo",
      publicText: "<script>alert(1)</script>",
      "ask-7-title": "ab",
    });
    expect(result.success).toBe(false);
    const fields = new Set(result.error?.issues.map((i) => i.path[0]));
    expect(fields).toEqual(new Set(["title", "summary", "publicText", "ask-7-title"]));
  });
});
