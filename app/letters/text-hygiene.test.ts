import { describe, expect, it } from "vitest";
import {
  containsLinkOrHtml,
  isCleanLine,
  isCleanParagraph,
  paragraphs,
  sanitiseSupporterText,
  singleLine,
  tidyLines,
  tidyText,
} from "./text-hygiene";

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

describe("on hostile input", () => {
  // Complexity, not speed: a quadratic scan of 1 MB takes minutes, a linear one milliseconds.
  const megabyte = 1_000_000;
  it.each([
    ["a long run of spaces", `a${" ".repeat(megabyte)}b`],
    ["a long run of spaces and tabs", `a${" \t".repeat(megabyte / 2)}b\nc`],
    ["spaces after an opening <", `<${" ".repeat(megabyte)}`],
    ["many unclosed tags", "<a".repeat(megabyte / 2)],
    ["many unclosed brackets", "[".repeat(megabyte)],
    ["many unclosed link targets", "[](".repeat(megabyte / 3)],
  ])("cleans and checks %s in linear time", (_, text) => {
    const started = process.cpuUsage();
    paragraphs(text);
    singleLine(text);
    isCleanParagraph(text);
    containsLinkOrHtml(text);
    sanitiseSupporterText(text, 8_000);
    expect(cpuMs(started)).toBeLessThan(1_000);
  });

  it("still removes the blanks before each line end, and only those", () => {
    expect(tidyText("a  \t\nb \n\n\n\nc  d  ")).toBe("a\nb\n\nc d");
    expect(tidyLines(" x \n y ")).toBe(" x\n y ");
  });

  it.each([["<b>bold</b>"], ["< / script>"], ["<a <b>"], ["[click](here)"], ["[[x](y)"]])(
    "still finds the markup in %s",
    (text) => {
      expect(containsLinkOrHtml(text)).toBe(true);
    },
  );
});

/** CPU time, not wall time: a loaded machine slows a linear scan, it does not make it quadratic. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1_000;
}
