import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import seed from "../../db/seed/un-2026.json";
import { positions, stanceLabels } from "./stance";
import { mapHeight, mapWidth, StanceMap, stanceColours } from "./world-map";
import { backgroundPaths, markerStates, worldMapShapes } from "./world-map.server";

const memberIso3s = seed.states.filter((s) => s.un_status === "member").map((s) => s.iso3);
const allIso3s = seed.states.map((s) => s.iso3);

function renderMap(): string {
  return renderToStaticMarkup(
    createElement(StanceMap, {
      shapes: worldMapShapes(),
      background: backgroundPaths(),
      positions: { FRA: "supports", TUV: "opposes" },
      hrefFor: (iso3: string) => `/asks/a1/states/${iso3}`,
      title: "Stances on the ask",
    }),
  );
}

function svgOf(markup: string): string {
  return markup.slice(markup.indexOf("<svg"), markup.indexOf("</svg>"));
}

describe("worldMapShapes", () => {
  it("draws every member state exactly once", () => {
    const drawn = worldMapShapes().map((shape) => shape.iso3);
    expect(memberIso3s).toHaveLength(193);
    for (const iso3 of memberIso3s) {
      expect(
        drawn.filter((d) => d === iso3),
        iso3,
      ).toHaveLength(1);
    }
  });

  it("draws the observer states too, and nothing else", () => {
    expect(
      worldMapShapes()
        .map((shape) => shape.iso3)
        .sort(),
    ).toEqual([...allIso3s].sort());
  });

  it("shows small island and microstates as markers", () => {
    expect(markerStates()).toEqual(expect.arrayContaining(["TUV", "NRU", "MCO", "MDV", "KNA"]));
  });

  it("gives every outline path data and every marker a point inside the map", () => {
    for (const shape of worldMapShapes()) {
      if (shape.kind === "outline") {
        expect(shape.d, shape.iso3).toMatch(/^M[\d.]+,[\d.]+/);
      } else {
        expect(shape.cx, shape.iso3).toBeGreaterThan(0);
        expect(shape.cx, shape.iso3).toBeLessThan(mapWidth);
        expect(shape.cy, shape.iso3).toBeGreaterThan(0);
        expect(shape.cy, shape.iso3).toBeLessThan(mapHeight);
      }
    }
  });

  it("keeps land that is not a state as background", () => {
    expect(backgroundPaths().length).toBeGreaterThan(0);
    expect(backgroundPaths().every((d) => d.startsWith("M"))).toBe(true);
  });

  it("builds the geometry once per process", () => {
    expect(worldMapShapes()).toBe(worldMapShapes());
  });
});

describe("StanceMap", () => {
  it("links every state to the href it is given", () => {
    const hrefs = [...svgOf(renderMap()).matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs).toHaveLength(195);
    expect(hrefs.sort()).toEqual(allIso3s.map((iso3) => `/asks/a1/states/${iso3}`).sort());
  });

  it("labels the svg and names each state with its stance", () => {
    const markup = renderMap();
    expect(markup).toMatch(/<svg[^>]*role="group"[^>]*aria-labelledby="([^"]+)"/);
    expect(markup).toContain(">Stances on the ask</title>");
    expect(markup).toContain("<title>Tuvalu: Opposes</title>");
    expect(markup).toContain("<title>Germany: No information</title>");
  });

  it("fills a supporting state with the supports colour", () => {
    const france = svgOf(renderMap()).match(/<a href="\/asks\/a1\/states\/FRA"[\s\S]*?<\/a>/)?.[0];
    expect(france).toContain(`fill="${stanceColours.supports}"`);
  });

  it("lists every position in the legend", () => {
    const markup = renderMap();
    const legend = markup.slice(markup.indexOf("</svg>"));
    for (const position of positions) expect(legend).toContain(stanceLabels[position]);
  });

  it("says where the text alternative is, unless told otherwise", () => {
    expect(renderMap()).toContain(
      "<figcaption>The table below lists every state&#x27;s position.</figcaption>",
    );
  });

  it("stays small enough to inline in every page", () => {
    expect(renderMap().length).toBeLessThan(200_000);
  });
});
