import { createRequire } from "node:module";
import { type GeoPath, type GeoSphere, geoEqualEarth, geoPath } from "d3-geo";
import { feature, merge } from "topojson-client";
import type { GeometryCollection, MultiPolygon, Polygon, Topology } from "topojson-specification";
import seed from "../../db/seed/un-2026.json";
import { mapHeight, mapWidth, markerRadius } from "./world-map";

type StateIdentity = { iso3: string; iso2: string; name: string };

export type MapShape =
  | (StateIdentity & { kind: "outline"; d: string })
  | (StateIdentity & {
      kind: "marker";
      cx: number;
      cy: number;
      /** Where the state really is, when the marker was nudged aside to stop markers overlapping. */
      anchor?: [x: number, y: number];
    });

type MarkerShape = Extract<MapShape, { kind: "marker" }>;
type CountryProperties = { name: string };
type CountryGeometry = Polygon<CountryProperties> | MultiPolygon<CountryProperties>;
type MapGeometry = { shapes: MapShape[]; background: string[] };
type AtlasState = StateIdentity & { isoNumeric: string };

/**
 * Below roughly a 3×3 px square a country shape is neither visible nor clickable; a marker is both.
 */
const minOutlineArea = 8;

/**
 * States that the 110m atlas leaves out (too small at that scale): [longitude, latitude] of the
 * capital, or of the main island. 110m keeps the map markup small; 50m would be ~10× larger.
 */
export const missingFromAtlas: Readonly<Record<string, [lon: number, lat: number]>> = {
  AND: [1.52, 42.51],
  ATG: [-61.85, 17.12],
  BHR: [50.59, 26.22],
  BRB: [-59.6, 13.1],
  COM: [43.26, -11.7],
  CPV: [-23.51, 14.93],
  DMA: [-61.39, 15.3],
  FSM: [158.16, 6.92],
  GRD: [-61.75, 12.06],
  KIR: [173.0, 1.33],
  KNA: [-62.72, 17.3],
  LCA: [-61.0, 14.0],
  LIE: [9.52, 47.14],
  MCO: [7.42, 43.74],
  MDV: [73.51, 4.18],
  MHL: [171.38, 7.09],
  MLT: [14.51, 35.9],
  MUS: [57.5, -20.16],
  NRU: [166.92, -0.55],
  PLW: [134.62, 7.5],
  SGP: [103.82, 1.35],
  SMR: [12.45, 43.94],
  STP: [6.73, 0.34],
  SYC: [55.45, -4.62],
  TON: [-175.2, -21.14],
  TUV: [179.2, -8.52],
  VAT: [12.45, 41.9],
  VCT: [-61.23, 13.16],
  WSM: [-171.77, -13.83],
};

/**
 * Unrecognised entities the atlas draws separately, keyed by atlas name. The UN counts them as part
 * of a member state, so they take that state's colour and link rather than showing as a gap.
 */
const atlasPartsOfStates: Readonly<Record<string, string>> = {
  Somaliland: "706",
  "N. Cyprus": "196",
};

const sphere: GeoSphere = { type: "Sphere" };
const requireFromHere = createRequire(import.meta.url);
let cached: MapGeometry | undefined;

/** Every UN member and observer state, as an outline or (when too small to see) a marker. */
export function worldMapShapes(): MapShape[] {
  return mapGeometry().shapes;
}

/** Land that is not a UN member or observer state (Antarctica, Greenland, W. Sahara, …). */
export function backgroundPaths(): string[] {
  return mapGeometry().background;
}

/** ISO3 codes of the states drawn as markers. */
export function markerStates(): string[] {
  return worldMapShapes()
    .filter((shape) => shape.kind === "marker")
    .map((shape) => shape.iso3);
}

// Projecting 195 states takes tens of milliseconds; the result never changes while the process runs.
function mapGeometry(): MapGeometry {
  cached ??= buildMapGeometry();
  return cached;
}

function buildMapGeometry(): MapGeometry {
  const topology = requireFromHere("world-atlas/countries-110m.json") as Topology;
  const countries = topology.objects.countries as GeometryCollection<CountryProperties>;
  const projection = geoEqualEarth().fitSize([mapWidth, mapHeight], sphere);
  const path = geoPath(projection).digits(1);
  const states = atlasStates();
  const partsByState = groupByState(countries.geometries.filter(isAreal), states);

  const shapes: MapShape[] = [];
  const markers: MarkerShape[] = [];
  for (const state of states) {
    const parts = partsByState.get(state.isoNumeric) ?? [];
    const shape = parts.length > 0 ? shapeFromAtlas(state, parts, topology, path) : markerAt(state);
    (shape.kind === "marker" ? markers : shapes).push(shape);
  }
  spreadMarkers(markers);

  const background = countries.geometries
    .filter(isAreal)
    .filter((geometry) => stateNumericOf(geometry, states) === undefined)
    .map((geometry) => path(feature(topology, geometry)))
    .filter((d): d is string => Boolean(d));

  // Markers come last so they paint above the outlines they sit on.
  return { shapes: [...shapes, ...markers], background };

  function markerAt({ iso3, iso2, name }: AtlasState): MarkerShape {
    const location = missingFromAtlas[iso3];
    const point = location && projection(location);
    if (!point) throw new Error(`World map has no location for ${iso3}`);
    return { iso3, iso2, name, kind: "marker", cx: point[0], cy: point[1] };
  }
}

function atlasStates(): AtlasState[] {
  return seed.states
    .map(({ iso3, iso2, name, iso_numeric }) => ({ iso3, iso2, name, isoNumeric: iso_numeric }))
    .sort((a, b) => a.name.localeCompare(b.name, "en"));
}

function isAreal(geometry: { type: string | null }): geometry is CountryGeometry {
  return geometry.type === "Polygon" || geometry.type === "MultiPolygon";
}

function stateNumericOf(geometry: CountryGeometry, states: AtlasState[]): string | undefined {
  const numeric = geometry.id === undefined ? undefined : String(geometry.id);
  if (numeric && states.some((state) => state.isoNumeric === numeric)) return numeric;
  const name = geometry.properties?.name;
  return name === undefined ? undefined : atlasPartsOfStates[name];
}

function groupByState(
  geometries: CountryGeometry[],
  states: AtlasState[],
): Map<string, CountryGeometry[]> {
  const groups = new Map<string, CountryGeometry[]>();
  for (const geometry of geometries) {
    const numeric = stateNumericOf(geometry, states);
    if (numeric !== undefined) groups.set(numeric, [...(groups.get(numeric) ?? []), geometry]);
  }
  return groups;
}

function shapeFromAtlas(
  { iso3, iso2, name }: AtlasState,
  parts: CountryGeometry[],
  topology: Topology,
  path: GeoPath,
): MapShape {
  // merge() dissolves borders between parts (e.g. Somalia and Somaliland) so none is drawn.
  const land = merge(topology, parts);
  const d = path(land);
  if (d && path.area(land) >= minOutlineArea) return { iso3, iso2, name, kind: "outline", d };
  const [cx, cy] = path.centroid(land).map(roundToTenth) as [number, number];
  return { iso3, iso2, name, kind: "marker", cx, cy };
}

/**
 * Pushes overlapping markers apart (eastern Caribbean, European microstates) so each stays
 * visible and clickable; a displaced marker keeps an anchor for a leader line.
 */
function spreadMarkers(markers: MarkerShape[]): void {
  const origins = markers.map(({ cx, cy }) => [cx, cy] as const);
  const minDistance = 2 * markerRadius + 1;
  for (let round = 0; round < 100 && pushApart(markers, minDistance); round++);
  markers.forEach((marker, index) => {
    const [x, y] = origins[index] ?? [marker.cx, marker.cy];
    if (Math.hypot(marker.cx - x, marker.cy - y) > markerRadius) {
      marker.anchor = [roundToTenth(x), roundToTenth(y)];
    }
    marker.cx = roundToTenth(marker.cx);
    marker.cy = roundToTenth(marker.cy);
  });
}

/** One relaxation round; returns whether any pair still overlapped. */
function pushApart(markers: MarkerShape[], minDistance: number): boolean {
  let overlapped = false;
  for (const [i, a] of markers.entries()) {
    for (const b of markers.slice(i + 1)) {
      const dx = b.cx - a.cx;
      const dy = b.cy - a.cy;
      const distance = Math.hypot(dx, dy);
      if (distance >= minDistance) continue;
      overlapped = true;
      // Coincident markers have no direction to separate along; pick a fixed one.
      const [ux, uy] = distance === 0 ? [1, 0] : [dx / distance, dy / distance];
      const half = (minDistance - distance) / 2 + 0.01;
      moveWithinMap(a, -ux * half, -uy * half);
      moveWithinMap(b, ux * half, uy * half);
    }
  }
  return overlapped;
}

function moveWithinMap(marker: MarkerShape, dx: number, dy: number): void {
  marker.cx = clamp(marker.cx + dx, markerRadius, mapWidth - markerRadius);
  marker.cy = clamp(marker.cy + dy, markerRadius, mapHeight - markerRadius);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
