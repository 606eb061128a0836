import { gzipSync } from "node:zlib";
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import seed from "../../db/seed/un-2026.json";
import { type Position, positions, stanceLabels } from "./stance";
import { mapHeight, mapWidth, StanceMap, stanceColours } from "./world-map";
import { backgroundPaths, markerStates, worldMapShapes } from "./world-map.server";
import { stanceMapData, worldMapAsset } from "./world-map-asset.server";

const memberIso3s = seed.states.filter((s) => s.un_status === "member").map((s) => s.iso3);
const allIso3s = seed.states.map((s) => s.iso3);

function stanceMap(slug: string, stances: Record<string, Position>) {
  return createElement(StanceMap, {
    key: slug,
    map: stanceMapData(),
    positions: stances,
    hrefFor: (iso3: string) => `/asks/${slug}/states/${iso3}`,
    title: `Stances on ${slug}`,
    skipTo: `${slug}-table`,
  });
}

/** A page with one map per ask; the geometry is in the asset, not the page. */
function renderPage(maps: Record<string, Record<string, Position>>): string {
  return renderToStaticMarkup(
    createElement(
      Fragment,
      null,
      ...Object.entries(maps).map(([slug, stances]) => stanceMap(slug, stances)),
    ),
  );
}

function renderMap(): string {
  return renderPage({ a1: { FRA: "supports", TUV: "opposes" } });
}

const asset = worldMapAsset();

/** Each map's figure, in page order. */
function figuresOf(markup: string): string[] {
  return [...markup.matchAll(/<figure class="stance-map">[\s\S]*?<\/figure>/g)].map((m) => m[0]);
}

function svgOf(figure: string): string {
  return figure.slice(figure.indexOf("<svg"), figure.indexOf("</svg>"));
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
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

describe("worldMapAsset", () => {
  it("is one SVG document whose URL carries a hash of its content", () => {
    expect(asset.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg">/);
    expect(asset.version).toMatch(/^[0-9a-f]{12}$/);
    expect(asset.href).toBe(`/maps/${asset.version}/world.svg`);
    expect(worldMapAsset()).toBe(asset);
  });

  it("holds each state's shape under its ISO3 id, and the background, as definitions", () => {
    for (const iso3 of allIso3s) expect(count(asset.svg, `id="${iso3}"`), iso3).toBe(1);
    expect(count(asset.svg, 'id="background"')).toBe(1);
    expect(asset.svg).toMatch(/<path id="FRA" d="M[\d.]+,[\d.]+/);
    expect(asset.svg).toMatch(/<defs>[\s\S]*<\/defs>\n<\/svg>\n$/);
    expect(asset.svg).not.toContain("<a ");
  });

  it("leaves fills to the maps, except for marker leader lines", () => {
    expect(asset.svg.match(/fill="(?!none")/g)).toBeNull();
    expect(asset.svg).toMatch(/<g id="[A-Z]{3}"><path d="M[^"]+" fill="none"/);
  });
});

describe("StanceMap", () => {
  const page = renderPage({
    a1: { FRA: "supports", TUV: "opposes" },
    a2: { FRA: "opposes" },
    a3: { FRA: "undecided" },
    a4: {},
  });
  const figures = figuresOf(page);
  const firstSvg = svgOf(figures[0] ?? "");

  it("puts no geometry in the page: every map uses the one asset", () => {
    expect(figures).toHaveLength(4);
    expect(page).not.toMatch(/ d="/);
    expect(page).not.toMatch(/ id="(FRA|background)"/);
    for (const figure of figures) {
      expect(count(figure, `<use href="${asset.href}#background"`)).toBe(1);
    }
  });

  it("draws every member state once per map", () => {
    for (const figure of figures) {
      for (const iso3 of memberIso3s) {
        expect(count(figure, `<use href="${asset.href}#${iso3}"`), iso3).toBe(1);
      }
    }
  });

  it("links every state to the href it is given", () => {
    const hrefs = [...firstSvg.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs).toHaveLength(195);
    expect(hrefs.sort()).toEqual(allIso3s.map((iso3) => `/asks/a1/states/${iso3}`).sort());
  });

  it("labels the svg and names each state with its stance", () => {
    const first = figures[0] ?? "";
    expect(first).toMatch(/<svg[^>]*role="group"[^>]*aria-labelledby="([^"]+)"/);
    expect(first).toContain(">Stances on a1</title>");
    expect(first).toContain("<title>Tuvalu: Opposes</title>");
    expect(first).toContain("<title>Germany: No information</title>");
  });

  it("fills each map's state with the colour of its stance there", () => {
    const franceIn = (figure: string) =>
      figure.match(/<a href="\/asks\/a\d\/states\/FRA"[\s\S]*?<\/a>/)?.[0];
    const expected: Position[] = ["supports", "opposes", "undecided", "no_information"];
    figures.forEach((figure, index) => {
      const position = expected[index] ?? "no_information";
      expect(franceIn(figure)).toContain(
        `<use href="${asset.href}#FRA" fill="${stanceColours[position]}"`,
      );
      expect(franceIn(figure)).toContain(`data-position="${position}"`);
    });
  });

  it("lists every position in the legend", () => {
    const first = figures[0] ?? "";
    const legend = first.slice(first.indexOf("</svg>"));
    for (const position of positions) expect(legend).toContain(stanceLabels[position]);
  });

  it("says where the text alternative is, unless told otherwise", () => {
    expect(renderMap()).toContain(
      "<figcaption>The table below lists every state&#x27;s position.</figcaption>",
    );
  });

  it("keeps a map's markup under 8 KB gzip, and the asset under 60 KB gzip", () => {
    expect(gzipSync(figures[0] ?? "").length).toBeLessThan(8_000);
    expect(gzipSync(asset.svg).length).toBeLessThan(60_000);
  });
});
