import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "~/lib/db.server";
import { eachDailyColumn, funnelCountColumns } from "./funnel";
import type { MetricsRange } from "./metrics-range";
import { dayOf, endOfDay, rangeDays, responsesByState, startOfDay } from "./range-sql.server";
import { hourAligned } from "./tallies";

/**
 * The dashboard's counts from the summary tables (db/schema/metrics.ts),
 * kept by triggers as letters change. Buckets are UTC hours, so they answer
 * exactly for time zones whose offset is a whole number of hours; the others
 * (India, Nepal, Newfoundland…) are counted from the letters themselves.
 */

export function talliesCover(range: MetricsRange): boolean {
  return hourAligned(range.timeZone);
}

/** Moves pending changes into the tallies; a no-op while another fold runs. */
export async function foldLetterTallies(db: DbOrTx): Promise<void> {
  await db.execute(sql`select fold_letter_tallies()`);
}

/** Recounts the tallies from every letter: after a bulk load, or to repair them. */
export async function rebuildLetterTallies(db: DbOrTx): Promise<void> {
  await db.execute(sql`select rebuild_letter_tallies()`);
}

/** The tallies' count columns, in their order. */
const countNames = [...funnelCountColumns, "answered"];
const counts = sql.raw(countNames.join(", "));
const qualified = (alias: string) =>
  sql.raw(countNames.map((name) => `${alias}.${name}`).join(", "));
const sums = sql.raw(countNames.map((name) => `sum(${name})::int as ${name}`).join(", "));
const dimensions = sql.raw("state_iso3, language, ask_id, target_kind, answered_after");

/** The first instant at or after `at` that starts a UTC month or day. */
function utcCeiling(unit: "month" | "day", at: SQL): SQL {
  const floor = sql`date_trunc(${unit}, ${at}, 'UTC')`;
  return sql`case when ${floor} = ${at} then ${at}
    else ((${floor} at time zone 'UTC') + ${`1 ${unit}`}::interval) at time zone 'UTC' end`;
}

/**
 * The range's instants [s, e) cut into whole UTC months [ms, me), the whole
 * UTC days around them [ds, d1) and [d2, de), and the hours at the edges
 * [s, h1) and [h2, e). The pieces never overlap, and are empty where there
 * is no whole month or day. Arithmetic is on UTC wall-clock time, whatever
 * the session's zone.
 */
function bounds(range: MetricsRange): SQL {
  return sql`select s, e, ms, me, ds, de,
      least(ms, de) as d1, greatest(me, least(ms, de)) as d2,
      least(ds, e) as h1, greatest(de, least(ds, e)) as h2
    from (
      select s, e,
        ${utcCeiling("month", sql`s`)} as ms, date_trunc('month', e, 'UTC') as me,
        ${utcCeiling("day", sql`s`)} as ds, date_trunc('day', e, 'UTC') as de
      from (select ${startOfDay(range.from, range.timeZone)} as s,
        ${endOfDay(range.to, range.timeZone)} as e) r
    ) c`;
}

type Bound = "s" | "e" | "ms" | "me" | "ds" | "de" | "d1" | "d2" | "h1" | "h2";

/**
 * One of the bounds, as a scalar subquery of the `b` CTE: the planner then
 * treats it as a parameter and scans the tallies' index for that piece only.
 */
function bound(name: Bound): SQL {
  return sql.raw(`(select ${name} from b)`);
}

/** Tallies of one span that start in [from, to). */
function spanRows(campaignId: number, span: string, from: Bound, to: Bound) {
  return sql`select ${dimensions}, ${counts} from letter_tallies
    where campaign_id = ${campaignId} and span = ${span}
      and starts_at >= ${bound(from)} and starts_at < ${bound(to)}`;
}

/**
 * The cohort's counts in the range: whole months, whole days, hours at the
 * edges, plus the changes not folded yet. Their sum is exact.
 */
function cohortRows(campaignId: number): SQL {
  return sql`${spanRows(campaignId, "month", "ms", "me")}
    union all ${spanRows(campaignId, "day", "ds", "d1")}
    union all ${spanRows(campaignId, "day", "d2", "de")}
    union all ${spanRows(campaignId, "hour", "s", "h1")}
    union all ${spanRows(campaignId, "hour", "h2", "e")}
    union all
    select ${dimensions}, ${counts} from letter_tally_changes
    where campaign_id = ${campaignId} and hour >= ${bound("s")} and hour < ${bound("e")}`;
}

function eventRows(campaignId: number): SQL {
  const rows = (table: string) => sql`select hour, event, n from ${sql.raw(table)}
    where campaign_id = ${campaignId} and hour >= ${bound("s")} and hour < ${bound("e")}`;
  return sql`${rows("letter_event_tallies")} union all ${rows("letter_event_changes")}`;
}

/**
 * The cohort's counts: by language × ask × office (the total and those three
 * splits are added up from these few rows), and by state with the state's
 * name, the delegation responses logged in the range, and the median days to
 * answer — interpolated like percentile_cont(0.5): the mean of the values at
 * positions ⌊(n−1)/2⌋ and ⌈(n−1)/2⌉ of the state's answered letters.
 */
export function tallyCountsQuery(campaignId: number, range: MetricsRange): SQL {
  return sql`with b as (${bounds(range)}),
    t as (${cohortRows(campaignId)}),
    state_days as (
      select state_iso3, answered_after, ${sums} from t group by state_iso3, answered_after
    ),
    answer_positions as (
      select state_iso3, answered_after,
        sum(answered) over (partition by state_iso3 order by answered_after) as answered_upto,
        floor((sum(answered) over (partition by state_iso3) - 1) / 2.0) as low,
        ceil((sum(answered) over (partition by state_iso3) - 1) / 2.0) as high
      from state_days where answered_after is not null and answered > 0
    ),
    medians as (
      select state_iso3,
        ((min(answered_after) filter (where answered_upto > low))
          + (min(answered_after) filter (where answered_upto > high))) / 2.0 as median
      from answer_positions group by state_iso3
    ),
    responses as (${responsesByState(campaignId, range)})
    select 'split' as dimension, language, ask_id, target_kind, null as state_iso3,
      null as state_name, null::float8 as median_days_to_answer, 0 as responses, ${sums}
    from t group by language, ask_id, target_kind
    having sum(started) <> 0
    union all
    select 'state', null, null, null, d.state_iso3, s.name, m.median::float8,
      coalesce(r.n, 0), ${qualified("d")}
    from (
      select state_iso3, ${sums} from state_days group by state_iso3
      -- Keys whose letters all moved on (a pending change) sum to zero.
      having sum(started) <> 0
    ) d
      join states s on s.iso3 = d.state_iso3
      left join medians m on m.state_iso3 = d.state_iso3
      left join responses r on r.state_iso3 = d.state_iso3
    order by dimension, state_name`;
}

/** Every day of the range (zero-filled), each step on the day it happened, in the range's zone. */
export function tallyDailyQuery(campaignId: number, range: MetricsRange): SQL {
  return sql`with b as (${bounds(range)}),
    days as (${rangeDays(range)}),
    events as (
      select ${dayOf(sql`hour`, range.timeZone)} as day,
        ${sql.raw(eachDailyColumn((name) => `sum(n) filter (where event = '${name}')::int as ${name}`))}
      from (${eventRows(campaignId)}) e group by 1
    )
    select days.day::text as date, ${sql.raw(eachDailyColumn((name) => `coalesce(events.${name}, 0) as ${name}`))}
    from days left join events using (day)
    order by days.day`;
}

/**
 * Letters on the row's ask delivered to its state before the instant
 * `before` (for `stateMovement`, where `fc` is the changed ask and
 * state): whole UTC days from the delivery tallies, the rest of that day
 * from the letters themselves, so the count is exact in any zone.
 */
export function deliveredBeforeQuery(campaignId: number, before: SQL): SQL {
  const tallied = (table: string) => sql`select n from ${sql.raw(table)} d
    where d.campaign_id = ${campaignId} and d.ask_id = fc.ask_id
      and d.state_iso3 = fc.state_iso3 and d.day < (${before} at time zone 'UTC')::date`;
  return sql`((select coalesce(sum(n), 0)::int from (
      ${tallied("letter_delivery_tallies")} union all ${tallied("letter_delivery_changes")}
    ) t)
    + (select count(*)::int from letters l
      where l.campaign_id = ${campaignId} and l.ask_id = fc.ask_id
        and l.state_iso3 = fc.state_iso3 and l.status <> 'bounced'
        and l.sent_at >= date_trunc('day', ${before}, 'UTC') and l.sent_at < ${before}))`;
}
