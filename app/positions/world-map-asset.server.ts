import { createHash } from "node:crypto";
import { backgroundId, type MapState, markerRadius, type StanceMapData } from "./world-map";
import { backgroundPaths, type MapShape, worldMapShapes } from "./world-map.server";

/** The world's geometry as one SVG document, and the fingerprinted URL it is served at. */
export interface WorldMapAsset {
  /** A hash of the document: a new geometry gets a new URL, so the old one can be cached forever. */
  version: string;
  href: string;
  svg: string;
}

let cached: WorldMapAsset | undefined;

/**
 * Every page with a map draws it by reference (`<use href="…/world.svg#FRA">`), so the ~100 KB
 * of paths travel once per browser, not once per page and per map. Built once per process.
 */
export function worldMapAsset(): WorldMapAsset {
  if (!cached) {
    const svg = worldMapSvg();
    const version = createHash("sha256").update(svg).digest("hex").slice(0, 12);
    cached = { version, href: `/maps/${version}/world.svg`, svg };
  }
  return cached;
}

/** What a page hands to `StanceMap`: the asset's URL and the states in paint order. */
export function stanceMapData(): StanceMapData {
  const states: MapState[] = worldMapShapes().map(({ iso3, name, kind }) => ({ iso3, name, kind }));
  return { href: worldMapAsset().href, states };
}

// The shapes carry no fill or stroke: each <use> passes its own down.
function worldMapSvg(): string {
  const background = backgroundPaths()
    .map((d) => `<path d="${d}"/>`)
    .join("");
  return [
    '<svg xmlns="http://www.w3.org/2000/svg">',
    "<defs>",
    `<g id="${backgroundId}">${background}</g>`,
    ...worldMapShapes().map(shapeElement),
    "</defs>",
    "</svg>",
    "",
  ].join("\n");
}

function shapeElement(shape: MapShape): string {
  if (shape.kind === "outline") return `<path id="${shape.iso3}" d="${shape.d}"/>`;
  const circle = (id: string) =>
    `<circle${id} cx="${shape.cx}" cy="${shape.cy}" r="${markerRadius}"/>`;
  if (!shape.anchor) return circle(` id="${shape.iso3}"`);
  // The leader line keeps fill="none" whatever fill the <use> passes down.
  const leader = `<path d="M${shape.anchor.join(",")}L${shape.cx},${shape.cy}" fill="none" stroke-width="0.75"/>`;
  return `<g id="${shape.iso3}">${leader}${circle("")}</g>`;
}
