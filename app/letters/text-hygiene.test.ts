import { describe, expect, it } from "vitest";
import { isCleanLine, isCleanParagraph, paragraphs, singleLine } from "./text-hygiene";

const samples = [
  "",
  "Ada Lovelace",
  "  Ada",
  "Ada ",
  "Ada  Lovelace",
  "Ada\tLovelace",
  "Ada\nLovelace",
  "Ada\n\nLovelace",
  "Ada\n\n\nLovelace",
  "Ada \nLovelace",
  "Ada\r\nLovelace",
  "Eve\u202Egnp.exe",
  "bell\u0007",
  "line\u2028separator",
  "\n  indented",
  "Zoë 🌍✊🏽",
  "مريم",
];

describe("isCleanLine and isCleanParagraph", () => {
  it.each(samples)("say %j is clean only when cleaning would not change it", (text) => {
    if (isCleanLine(text)) expect(singleLine(text)).toBe(text);
    if (isCleanParagraph(text)) expect(paragraphs(text)).toBe(text);
    expect(isCleanLine(singleLine(text))).toBe(true);
  });

  it("accept ordinary text", () => {
    expect(isCleanLine("Ada Lovelace")).toBe(true);
    expect(isCleanParagraph("First.\n\nSecond, with a line\nbreak.")).toBe(true);
  });
});
