import { type SQL, sql } from "drizzle-orm";
import type { MetricsRange } from "./metrics-range";

/**
 * The period in SQL, for the dashboard's queries, the summary tables, the
 * exports and the mission report alike: calendar days in the range's zone.
 */

/** The first instant of a calendar day in a zone. */
export function startOfDay(day: string, timeZone: string): SQL {
  return sql`(${day}::date::timestamp at time zone ${timeZone})`;
}

/** The first instant after a calendar day in a zone. */
export function endOfDay(day: string, timeZone: string): SQL {
  return sql`((${day}::date + 1)::timestamp at time zone ${timeZone})`;
}

/** `column` falls on a day of the range, in the range's zone; sargable, so indexes apply. */
export function withinRange(column: SQL, range: MetricsRange): SQL {
  return sql`${column} >= ${startOfDay(range.from, range.timeZone)}
    and ${column} < ${endOfDay(range.to, range.timeZone)}`;
}

/** The day of a timestamptz in a zone. */
export function dayOf(column: SQL, timeZone: string): SQL {
  return sql`(${column} at time zone ${timeZone})::date`;
}

/** Every day of the range, one row each (`day`), for zero-filled daily series. */
export function rangeDays(range: MetricsRange): SQL {
  return sql`select (${range.from}::date + i) as day
    from generate_series(0, ${range.to}::date - ${range.from}::date) as i`;
}

/**
 * Delegation responses logged in the range, per state (`state_iso3`, `n`), with a letter or
 * without (meetings, statements). Responses carry a date, not a time: the range's days as such.
 */
export function responsesByState(campaignId: number, range: MetricsRange): SQL {
  return sql`select dr.state_iso3, count(*)::int as n
    from delegation_responses dr
    where dr.campaign_id = ${campaignId}
      and dr.received_on between ${range.from}::date and ${range.to}::date
    group by dr.state_iso3`;
}
