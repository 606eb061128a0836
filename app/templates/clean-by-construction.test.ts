import { describe, expect, it } from "vitest";
import { rendersClean, type SampleRender } from "./clean-by-construction";

const city = (values: Readonly<Record<string, string>>) => values["supporter.city"] ?? "x";

describe("rendersClean", () => {
  it("holds when every combination of empty and set values renders clean", () => {
    const render: SampleRender = (values) =>
      `Dear x,\n\n${city(values) ? `${city(values)}, ` : ""}x`;
    expect(rendersClean(render, "body", ["supporter.city"])).toBe(true);
  });

  it("fails when an empty value leaves a double space, a trailing space or a blank line", () => {
    const renders: SampleRender[] = [
      (values) => `x ${city(values)} x`,
      (values) => `x ${city(values)}\nx`,
      (values) => `x\n\n${city(values)}\n\nx`,
      (values) => `x\n${city(values)}`,
    ];
    for (const render of renders)
      expect(rendersClean(render, "body", ["supporter.city"])).toBe(false);
  });

  it("tries every kind of stance", () => {
    const render: SampleRender = (values) =>
      values["state.stance"] === "opposes" ? "x  x" : "x x";
    expect(rendersClean(render, "body", ["state.stance"])).toBe(false);
    expect(rendersClean(render, "body", [])).toBe(true);
  });

  it("wants a subject on one line", () => {
    expect(rendersClean(() => "Appeal: x", "subject", [])).toBe(true);
    expect(rendersClean(() => "Appeal:\nx", "subject", [])).toBe(false);
    expect(rendersClean(() => "Appeal:\nx", "body", [])).toBe(true);
  });

  it("fails when a combination cannot be rendered", () => {
    const render: SampleRender = (values) => {
      if (!city(values)) throw new Error("no city");
      return "x";
    };
    expect(rendersClean(render, "body", ["supporter.city"])).toBe(false);
  });
});
