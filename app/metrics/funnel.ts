import { letterEvent } from "#db/schema";

/**
 * The letter funnel the dashboard, the summary tables and the exports count:
 * one list of its count columns, so a new step is added in one place.
 */

/** The funnel's count columns, as the queries, the tallies and the export files name them. */
export const funnelCountColumns = [
  "started",
  "confirmed",
  "sent",
  "delivered",
  "bounced",
  "replied",
  "replied_by_supporter",
  "replied_by_email",
] as const;
export type FunnelCountColumn = (typeof funnelCountColumns)[number];

/** The daily series' count columns: each step on the day it happened, as the tallies name them. */
export const dailyCountColumns = letterEvent.enumValues;
export type DailyCount = { date: string } & Record<(typeof dailyCountColumns)[number], number>;

/** One piece of SQL text per daily column, joined: `coalesce(events.sent, 0) as sent, …`. */
export function eachDailyColumn(piece: (column: string) => string, separator = ", "): string {
  return dailyCountColumns.map(piece).join(separator);
}

/** A row of counts as a query returns it. */
export type FunnelRow = Record<FunnelCountColumn, number>;

export interface FunnelCounts {
  started: number;
  confirmed: number;
  sent: number;
  delivered: number;
  bounced: number;
  replied: number;
  repliedBySupporter: number;
  repliedByEmail: number;
}

export type FunnelStepKey = "started" | "confirmed" | "sent" | "delivered" | "bounced" | "replied";

export interface FunnelStep {
  key: FunnelStepKey;
  label: string;
  count: number;
  /** Share of the letters started, 0–1; null when none were started. */
  ofStarted: number | null;
  /** Share of the step it follows from (null for "started", or when that step is 0). */
  ofPrevious: number | null;
  /** The step `ofPrevious` is a share of. */
  previous: FunnelStepKey | null;
}

const stepLabels: Record<FunnelStepKey, string> = {
  started: "Started",
  confirmed: "Confirmed",
  sent: "Sent",
  delivered: "Delivered",
  bounced: "Bounced",
  replied: "Replied",
};

/** Each step and the one it is a share of: bounced and delivered both split "sent". */
const stepPrevious: Record<FunnelStepKey, FunnelStepKey | null> = {
  started: null,
  confirmed: "started",
  sent: "confirmed",
  delivered: "sent",
  bounced: "sent",
  replied: "delivered",
};

export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export function funnelSteps(counts: FunnelCounts): FunnelStep[] {
  return (Object.keys(stepLabels) as FunnelStepKey[]).map((key) => {
    const previous = stepPrevious[key];
    return {
      key,
      label: stepLabels[key],
      count: counts[key],
      ofStarted: share(counts[key], counts.started),
      ofPrevious: previous ? share(counts[key], counts[previous]) : null,
      previous,
    };
  });
}

/** A query's row as counts; no row (nothing in the range) counts zero. */
export function funnelCounts(row: FunnelRow | undefined): FunnelCounts {
  return {
    started: row?.started ?? 0,
    confirmed: row?.confirmed ?? 0,
    sent: row?.sent ?? 0,
    delivered: row?.delivered ?? 0,
    bounced: row?.bounced ?? 0,
    replied: row?.replied ?? 0,
    repliedBySupporter: row?.replied_by_supporter ?? 0,
    repliedByEmail: row?.replied_by_email ?? 0,
  };
}
