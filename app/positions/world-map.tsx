import { type ReactNode, useId } from "react";
import { type Translator, useT } from "~/i18n/use-t";
import { positions as allPositions, type Position } from "./stance";

/** The map's coordinate space: an Equal Earth world fitted to this width. */
export const mapWidth = 960;
export const mapHeight = 468;
export const markerRadius = 3.5;

/**
 * Okabe–Ito hues, safe for the common colour-vision deficiencies: blue for support, vermillion
 * for opposition, yellow and khaki for the neutral middle, greys for no data. Votes reuse the
 * colour of the matching stance.
 */
export const stanceColours: Record<Position, string> = {
  supports: "#0072B2",
  yes: "#0072B2",
  leaning_support: "#56B4E9",
  undecided: "#F0E442",
  abstain: "#B5A77F",
  leaning_oppose: "#E69F00",
  opposes: "#D55E00",
  no: "#D55E00",
  no_information: "#CCCCCC",
  absent: "#808080",
};

const backgroundFill = "#F5F5F5";
const backgroundStroke = "#B3B3B3";
// Dark enough for 3:1 against white and against every fill, so markers and swatches stand out.
const markerStroke = "#1A1A1A";
/** The id of the land that is not a state, in the world map asset; states' ids are ISO3 codes. */
export const backgroundId = "background";

/** A state as a map draws it; its shape is in the world map asset under its ISO3 code. */
export type MapState = { iso3: string; name: string; kind: "outline" | "marker" };

/** The data every `StanceMap` needs: where the geometry is, and which states to draw in what order. */
export type StanceMapData = {
  /** URL of the world map asset (see `world-map-asset.server.ts`). */
  href: string;
  /** Every state, in paint order: markers last, so they paint above the outlines they sit on. */
  states: readonly MapState[];
};

type StanceMapProps = {
  map: StanceMapData;
  /** Keyed by ISO3; a state without an entry is shown as "No information". */
  positions: Readonly<Record<string, Position>>;
  hrefFor: (iso3: string) => string;
  title: string;
  caption?: ReactNode;
  /** Id of the element (usually the table) that the "Skip the map" link jumps to. */
  skipTo?: string;
};

/**
 * One map of stances. The geometry is not in the page: each state is a `<use>` of its shape in
 * the world map asset, which the browser fetches once and caches, however many maps it shows.
 */
export function StanceMap({ map, positions, hrefFor, title, caption, skipTo }: StanceMapProps) {
  const titleId = useId();
  const translate = useT();
  const stateLinks = (kind: MapState["kind"]) =>
    map.states
      .filter((state) => state.kind === kind)
      .map((state) => (
        <StateLink
          key={state.iso3}
          state={state}
          geometry={map.href}
          position={positions[state.iso3] ?? "no_information"}
          hrefFor={hrefFor}
          translate={translate}
        />
      ));
  return (
    <figure className="stance-map">
      {skipTo ? (
        <a className="stance-map__skip" href={`#${skipTo}`}>
          {translate.t("map.skip")}
        </a>
      ) : null}
      {/* role="group", not "img": an img's children are presentational, which would hide the links. */}
      {/* biome-ignore lint/a11y/useSemanticElements: an <svg> cannot be a <fieldset>. */}
      <svg
        className="stance-map__svg"
        role="group"
        aria-labelledby={titleId}
        viewBox={`0 0 ${mapWidth} ${mapHeight}`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={titleId}>{title}</title>
        <use
          href={`${map.href}#${backgroundId}`}
          fill={backgroundFill}
          stroke={backgroundStroke}
          strokeWidth={0.5}
        />
        <g stroke="#FFFFFF" strokeWidth={0.5} strokeLinejoin="round">
          {stateLinks("outline")}
        </g>
        {/* Markers come last so they paint above the outlines they sit on. */}
        <g stroke={markerStroke} strokeWidth={1}>
          {stateLinks("marker")}
        </g>
      </svg>
      <StanceLegend translate={translate} />
      <figcaption>{caption ?? translate.t("map.defaultCaption")}</figcaption>
    </figure>
  );
}

function StateLink({
  state,
  geometry,
  position,
  hrefFor,
  translate: { t },
}: {
  state: MapState;
  geometry: string;
  position: Position;
  hrefFor: (iso3: string) => string;
  translate: Translator;
}) {
  return (
    <a href={hrefFor(state.iso3)} className="stance-map__state" data-position={position}>
      <title>{t("map.state", { state: state.name, position: t(`stance.${position}`) })}</title>
      <use href={`${geometry}#${state.iso3}`} fill={stanceColours[position]} />
    </a>
  );
}

/** HTML, not SVG, so it reflows, zooms and reads like any other list. */
function StanceLegend({ translate: { t } }: { translate: Translator }) {
  return (
    <ul className="stance-map__legend" aria-label={t("map.key")}>
      {legendEntries(t).map(({ colour, labels }) => (
        <li key={colour}>
          <StanceSwatch fill={colour} /> {labels.join(" / ")}
        </li>
      ))}
      <li>
        <StanceSwatch fill={backgroundFill} /> {t("map.notMember")}
      </li>
    </ul>
  );
}

/** A square of a stance's map colour, beside words that say the stance: the colour is never the only cue. */
export function StanceSwatch({ fill }: { fill: string }) {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="13" height="13" fill={fill} stroke={markerStroke} />
    </svg>
  );
}

/** One entry per colour, so "Supports" and "Voted yes" share a swatch. */
function legendEntries(t: Translator["t"]): { colour: string; labels: string[] }[] {
  const entries = new Map<string, string[]>();
  for (const position of allPositions) {
    const colour = stanceColours[position];
    entries.set(colour, [...(entries.get(colour) ?? []), t(`stance.${position}`)]);
  }
  return [...entries].map(([colour, labels]) => ({ colour, labels }));
}
