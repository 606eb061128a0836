import { type ReactNode, useId } from "react";
import { mapHeight, mapWidth, markerRadius } from "~/positions/world-map";
import type { MapShape } from "~/positions/world-map.server";

/**
 * Small SVG charts rendered on the server, without a chart library. Each is
 * an image with a title and a description; the page puts a table with the
 * same figures beside it. Colours and sizes come from SVG attributes and
 * app/styles/metrics.css: the CSP allows no inline styles.
 */

// Okabe–Ito blue and vermillion: apart for every common colour-vision deficiency.
const barColour = "#0072B2";
const lineColour = "#D55E00";
const ink = "#1A1A1A";
const gridColour = "#D0D0D0";

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-03-01" → "1 Mar": by hand, so server and browser print the same text. */
export function shortDay(day: string): string {
  const [, month, date] = day.split("-");
  return `${Number(date)} ${months[Number(month) - 1] ?? ""}`;
}

const monthNames = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "2026-03" → "March 2026". */
export function monthLabel(month: string): string {
  const [year, number] = month.split("-");
  return `${monthNames[Number(number) - 1] ?? month} ${year}`;
}

/** 12345 → "12,345", the same everywhere (toLocaleString depends on the browser). */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function formatShare(value: number | null): string {
  if (value === null) return "–";
  const percent = value * 100;
  if (percent > 0 && percent < 1) return `${percent.toFixed(1)}%`;
  return `${Math.round(percent)}%`;
}

/** A round axis maximum at or above `max`, and its tick step (1, 2 or 5 × 10ⁿ). */
export function niceScale(max: number, ticks = 4): { top: number; step: number } {
  if (max <= 0) return { top: ticks, step: 1 };
  const rough = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough;
  const whole = Math.max(1, Math.ceil(step));
  return { top: Math.ceil(max / whole) * whole, step: whole };
}

function ChartFrame({
  title,
  description,
  width,
  height,
  className,
  children,
}: {
  title: string;
  description: string;
  width: number;
  height: number;
  className: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <svg
      className={`chart ${className}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

// ---------------------------------------------------------------------------
// Letters per day: bars for letters started, a line for letters sent

export interface DayPoint {
  date: string;
  started: number;
  sent: number;
}

const day = { width: 720, height: 300, left: 52, right: 16, top: 16, bottom: 56 };

export function LettersPerDayChart({
  days,
  title,
  description,
  timeZone,
}: {
  days: readonly DayPoint[];
  title: string;
  description: string;
  timeZone: string;
}) {
  const plotWidth = day.width - day.left - day.right;
  const plotHeight = day.height - day.top - day.bottom;
  const { top, step } = niceScale(Math.max(0, ...days.map((d) => Math.max(d.started, d.sent))));
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(1, slot * 0.7);
  const x = (index: number) => day.left + slot * index + slot / 2;
  const y = (value: number) => day.top + plotHeight - (value / top) * plotHeight;
  const labelEvery = Math.ceil(days.length / 8);
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  const line = days.map((d, i) => `${round(x(i))},${round(y(d.sent))}`).join(" ");
  return (
    <ChartFrame
      title={title}
      description={description}
      width={day.width}
      height={day.height}
      className="chart--days"
    >
      <g className="chart__grid">
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={day.left}
              x2={day.width - day.right}
              y1={y(tick)}
              y2={y(tick)}
              stroke={gridColour}
            />
            <text x={day.left - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle">
              {formatCount(tick)}
            </text>
          </g>
        ))}
      </g>
      <g fill={barColour}>
        {days.map((d, i) =>
          d.started > 0 ? (
            <rect
              key={d.date}
              x={round(x(i) - barWidth / 2)}
              y={round(y(d.started))}
              width={round(barWidth)}
              height={round(y(0) - y(d.started))}
            />
          ) : null,
        )}
      </g>
      <polyline points={line} fill="none" stroke={lineColour} strokeWidth={2} />
      {days.length <= 62 ? (
        <g fill={lineColour}>
          {days.map((d, i) => (
            <circle key={d.date} cx={round(x(i))} cy={round(y(d.sent))} r={2.5} />
          ))}
        </g>
      ) : null}
      <g className="chart__axis">
        <line x1={day.left} x2={day.width - day.right} y1={y(0)} y2={y(0)} stroke={ink} />
        <line x1={day.left} x2={day.left} y1={day.top} y2={y(0)} stroke={ink} />
        {days.map((d, i) =>
          i % labelEvery === 0 ? (
            <g key={d.date}>
              <line x1={x(i)} x2={x(i)} y1={y(0)} y2={y(0) + 4} stroke={ink} />
              <text x={x(i)} y={y(0) + 18} textAnchor="middle">
                {shortDay(d.date)}
              </text>
            </g>
          ) : null,
        )}
        <text x={day.left + plotWidth / 2} y={day.height - 8} textAnchor="middle">
          {`Day (${timeZone})`}
        </text>
        <text
          x={14}
          y={day.top + plotHeight / 2}
          textAnchor="middle"
          transform={`rotate(-90 14 ${day.top + plotHeight / 2})`}
        >
          Letters
        </text>
      </g>
    </ChartFrame>
  );
}

/** HTML, so it reflows and zooms like text. */
export function LettersPerDayLegend() {
  return (
    <ul className="chart-legend" aria-label="Chart key">
      <li>
        <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
          <rect x="1" y="1" width="12" height="12" fill={barColour} />
        </svg>{" "}
        Bars: letters started
      </li>
      <li>
        <svg width="22" height="14" viewBox="0 0 22 14" aria-hidden="true" focusable="false">
          <line x1="1" x2="21" y1="7" y2="7" stroke={lineColour} strokeWidth="2" />
          <circle cx="11" cy="7" r="3" fill={lineColour} />
        </svg>{" "}
        Line: letters sent
      </li>
    </ul>
  );
}

// ---------------------------------------------------------------------------
// The funnel: one horizontal bar per step, scaled to the letters started

export interface FunnelBar {
  key: string;
  label: string;
  count: number;
  ofStarted: number | null;
}

const funnel = { width: 720, row: 34, label: 110, value: 130, top: 8 };

export function FunnelChart({
  steps,
  title,
  description,
}: {
  steps: readonly FunnelBar[];
  title: string;
  description: string;
}) {
  const height = funnel.top * 2 + steps.length * funnel.row;
  const barArea = funnel.width - funnel.label - funnel.value;
  const most = Math.max(1, ...steps.map((s) => s.count));
  return (
    <ChartFrame
      title={title}
      description={description}
      width={funnel.width}
      height={height}
      className="chart--funnel"
    >
      {steps.map((step, i) => {
        const top = funnel.top + i * funnel.row;
        const length = (step.count / most) * barArea;
        const middle = top + funnel.row / 2;
        return (
          <g key={step.key}>
            <text x={funnel.label - 8} y={middle} textAnchor="end" dominantBaseline="middle">
              {step.label}
            </text>
            <rect
              x={funnel.label}
              y={top + 5}
              width={round(Math.max(step.count > 0 ? 1 : 0, length))}
              height={funnel.row - 10}
              fill={step.key === "bounced" ? lineColour : barColour}
            />
            <text x={funnel.label + length + 6} y={middle} dominantBaseline="middle">
              {`${formatCount(step.count)} (${formatShare(step.ofStarted)})`}
            </text>
          </g>
        );
      })}
      <line
        className="chart__axis"
        x1={funnel.label}
        x2={funnel.label}
        y1={funnel.top}
        y2={height - funnel.top}
        stroke={ink}
      />
    </ChartFrame>
  );
}

// ---------------------------------------------------------------------------
// Letters per state on a world map: a 5-step sequential scale

/** ColorBrewer "Blues", 5 classes: sequential, safe for colour-vision deficiencies and in grey. */
export const countColours = ["#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C"] as const;
const noLetters = "#FFFFFF";
const notAState = "#E3E3E3";
const borderColour = "#8C8C8C";

export interface CountBin {
  min: number;
  max: number;
  colour: string;
}

/**
 * At most five equal classes from 1, with round widths (1, 2 or 5 × 10ⁿ) so
 * the key reads easily. Fewer classes spread over the whole scale.
 */
export function countBins(largest: number): CountBin[] {
  if (largest <= 0) return [];
  const raw = Math.ceil(largest / countColours.length);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const width = [1, 2, 5, 10].map((m) => m * magnitude).find((w) => w >= raw) ?? raw;
  const count = Math.ceil(largest / width);
  const last = countColours.length - 1;
  return Array.from({ length: count }, (_, i) => ({
    min: i * width + 1,
    max: (i + 1) * width,
    colour: countColours[count === 1 ? last : Math.round((i * last) / (count - 1))] ?? barColour,
  }));
}

export function colourFor(count: number, bins: readonly CountBin[]): string {
  if (count <= 0) return noLetters;
  return bins.find((bin) => count <= bin.max)?.colour ?? bins.at(-1)?.colour ?? barColour;
}

export function LettersMap({
  shapes,
  background,
  counts,
  title,
  description,
}: {
  shapes: readonly MapShape[];
  background: readonly string[];
  /** Letters per ISO3; a missing state has none. */
  counts: Readonly<Record<string, number>>;
  title: string;
  description: string;
}) {
  const bins = countBins(Math.max(0, ...Object.values(counts)));
  const label = (shape: MapShape) => {
    const count = counts[shape.iso3] ?? 0;
    return `${shape.name}: ${formatCount(count)} letter${count === 1 ? "" : "s"}`;
  };
  return (
    <figure className="letters-map">
      <ChartFrame
        title={title}
        description={description}
        width={mapWidth}
        height={mapHeight}
        className="chart--map"
      >
        <g fill={notAState}>
          {background.map((d) => (
            <path key={d} d={d} />
          ))}
        </g>
        <g stroke={borderColour} strokeWidth={0.4} strokeLinejoin="round">
          {shapes.map((shape) =>
            shape.kind === "outline" ? (
              <path key={shape.iso3} d={shape.d} fill={colourFor(counts[shape.iso3] ?? 0, bins)}>
                <title>{label(shape)}</title>
              </path>
            ) : null,
          )}
        </g>
        <g stroke={ink} strokeWidth={0.75}>
          {shapes.map((shape) =>
            shape.kind === "marker" ? (
              <circle
                key={shape.iso3}
                cx={shape.cx}
                cy={shape.cy}
                r={markerRadius}
                fill={colourFor(counts[shape.iso3] ?? 0, bins)}
              >
                <title>{label(shape)}</title>
              </circle>
            ) : null,
          )}
        </g>
      </ChartFrame>
      <figcaption>
        <ul className="chart-legend" aria-label="Map key">
          <li>
            <Swatch fill={noLetters} /> No letters
          </li>
          {bins.map((bin) => (
            <li key={bin.colour}>
              <Swatch fill={bin.colour} />{" "}
              {bin.min === bin.max
                ? `${formatCount(bin.min)} letter${bin.min === 1 ? "" : "s"}`
                : `${formatCount(bin.min)}–${formatCount(bin.max)} letters`}
            </li>
          ))}
          <li>
            <Swatch fill={notAState} /> Not a UN member or observer state
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}

function Swatch({ fill }: { fill: string }) {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="13" height="13" fill={fill} stroke={ink} />
    </svg>
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
