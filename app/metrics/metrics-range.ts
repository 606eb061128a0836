import { z } from "zod";
import { knownTimeZone } from "~/lib/time-zones";

/**
 * The dashboard's period: which calendar days, in which time zone. Parsed
 * from the query string with the typing kept and each problem beside its
 * field; no database here.
 */

export const defaultTimeZone = "UTC";
export const defaultRangeDays = 30;
/** Three years of days: enough for any campaign, small enough for a chart and a table. */
export const maxRangeDays = 1096;

export interface MetricsRange {
  /** First day, inclusive, YYYY-MM-DD. */
  from: string;
  /** Last day, inclusive. */
  to: string;
  /** IANA name, e.g. Europe/Paris. */
  timeZone: string;
}

type RangeField = "from" | "to" | "tz";

export interface RangeForm {
  /** The range shown: the one asked for, or the default when it was not valid. */
  range: MetricsRange;
  /** What was typed, to put back in the form. */
  values: Record<RangeField, string>;
  errors: Partial<Record<RangeField, string>>;
}

const isoDay = z.iso.date({ error: "Use a date like 2026-03-01" });

/** The calendar day of an instant in a time zone, YYYY-MM-DD. */
export function dayIn(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The last `defaultRangeDays` days up to today in the zone. */
export function defaultRange(timeZone: string, now = new Date()): MetricsRange {
  const to = dayIn(now, timeZone);
  return { from: addDays(to, 1 - defaultRangeDays), to, timeZone };
}

/**
 * Reads `from`, `to` and `tz` from a query string. Anything invalid is
 * reported and the default range (in the valid zone, else UTC) is shown.
 */
export function parseRangeForm(params: URLSearchParams, now = new Date()): RangeForm {
  const values = {
    from: params.get("from")?.trim() ?? "",
    to: params.get("to")?.trim() ?? "",
    tz: params.get("tz")?.trim() || defaultTimeZone,
  };
  const errors: RangeForm["errors"] = {};
  const timeZone = knownTimeZone(values.tz);
  if (!timeZone) errors.tz = "Choose a time zone from the list";
  const fallback = defaultRange(timeZone ?? defaultTimeZone, now);
  const from = values.from === "" ? fallback.from : dayOrError(values.from, "from", errors);
  const to = values.to === "" ? fallback.to : dayOrError(values.to, "to", errors);
  if (from && to && from > to) errors.from = "The first day must be on or before the last day";
  else if (from && to && daysBetween(from, to) >= maxRangeDays) {
    errors.from = `Choose at most ${maxRangeDays} days`;
  }
  const valid = Object.keys(errors).length === 0 && from && to && timeZone;
  return {
    range: valid ? { from, to, timeZone } : fallback,
    values: { ...values, tz: timeZone ?? values.tz },
    errors,
  };
}

function dayOrError(
  value: string,
  field: RangeField,
  errors: RangeForm["errors"],
): string | undefined {
  const parsed = isoDay.safeParse(value);
  if (parsed.success) return parsed.data;
  errors[field] = parsed.error.issues[0]?.message ?? "Use a date like 2026-03-01";
  return undefined;
}
