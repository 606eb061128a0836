import { describe, expect, it } from "vitest";
import { positionEventSchema } from "./positions.server";

function errorPaths(input: unknown): string[] {
  const result = positionEventSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
}

describe("positionEventSchema", () => {
  const valid = {
    stateIso3: "fra",
    position: "supports",
    observedOn: "2026-01-20",
    evidence: "Said so in the plenary",
  };

  it("accepts an observation with any one of source link, title or evidence", () => {
    expect(errorPaths(valid)).toEqual([]);
    expect(positionEventSchema.parse(valid)).toMatchObject({ stateIso3: "FRA" });
  });

  it("asks for a source when nothing else is wrong", () => {
    expect(errorPaths({ ...valid, evidence: " " })).toEqual(["sourceUrl"]);
  });

  it("asks for a source alongside the other errors, so a form shows them all at once", () => {
    const paths = errorPaths({ ...valid, position: "", observedOn: "2026-02-30", evidence: "" });
    expect(paths).toEqual(expect.arrayContaining(["position", "observedOn", "sourceUrl"]));
  });

  it("does not ask for a source when the given link is the problem", () => {
    expect(errorPaths({ ...valid, evidence: "", sourceUrl: "ftp://example.org" })).toEqual([
      "sourceUrl",
    ]);
  });

  it("reports a body that is not an object without running the source check", () => {
    expect(errorPaths("not an object")).toEqual([""]);
  });
});
