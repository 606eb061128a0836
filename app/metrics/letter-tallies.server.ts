import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "~/lib/db.server";
import type { MetricsRange } from "./metrics.server";
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

const counts = sql.raw(`started, confirmed, sent, delivered, bounced, replied,
  replied_by_supporter, replied_by_email, answered`);
const dimensions = sql.raw("state_iso3, language, ask_id, target_kind, answered_after");

/** The first instant at or after `at` that starts a UTC month or day. */
function utcCeiling(unit: "month" | "day", at: SQL): SQL {
  const floor = sql`date_trunc(${unit}, ${at}, 'UTC')`;
  return sql`case when ${floor} = ${at} then ${at}
    else ((${floor} at time zone 'UTC') + ${`1 ${unit}`}::interval) at time zone 'UTC' end`;
}

/**
 * The range's instants [s, e), and within them the whole UTC months [ms, me)
 * and whole UTC days [ds, de) (empty when there is none). The arithmetic is
 * on UTC wall-clock time, whatever the session's zone.
 */
function bounds(range: MetricsRange): SQL {
  return sql`select s, e,
      ${utcCeiling("month", sql`s`)} as ms, date_trunc('month', e, 'UTC') as me,
      ${utcCeiling("day", sql`s`)} as ds, date_trunc('day', e, 'UTC') as de
    from (select (${range.from}::date::timestamp at time zone ${range.timeZone}) as s,
      ((${range.to}::date + 1)::timestamp at time zone ${range.timeZone}) as e) r`;
}

/**
 * One of the bounds, as a scalar subquery of the `b` CTE: the planner then
 * treats it as a parameter and scans the tallies' index for the range only
 * (a join with `b` made it read every tally).
 */
function bound(name: "s" | "e" | "ms" | "me" | "ds" | "de"): SQL {
  return sql.raw(`(select ${name} from b)`);
}

/** Tallies of one span from `from` to `to`, leaving out what a longer span already covers. */
function spanRows(campaignId: number, span: string, [from, to]: [SQL, SQL], covered?: [SQL, SQL]) {
  const uncovered = covered
    ? sql`and not (starts_at >= ${covered[0]} and starts_at < ${covered[1]})`
    : sql``;
  return sql`select ${dimensions}, ${counts} from letter_tallies
    where campaign_id = ${campaignId} and span = ${span}
      and starts_at >= ${from} and starts_at < ${to} ${uncovered}`;
}

/**
 * The cohort's counts in the range: whole months, then whole days, then the
 * hours at the edges, plus the changes not folded yet. Their sum is exact.
 */
function cohortRows(campaignId: number): SQL {
  const months: [SQL, SQL] = [bound("ms"), bound("me")];
  const days: [SQL, SQL] = [bound("ds"), bound("de")];
  return sql`${spanRows(campaignId, "month", months)}
    union all ${spanRows(campaignId, "day", days, months)}
    union all ${spanRows(campaignId, "hour", [bound("s"), bound("e")], days)}
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
 * The cohort's counts in one pass: by language × ask × office (the total and
 * those three splits are added up from it), and by state × days to answer
 * (each state's funnel, and the median). States carry their name and the
 * delegation responses logged in the range.
 */
export function tallyCountsQuery(campaignId: number, range: MetricsRange): SQL {
  return sql`with b as (${bounds(range)}),
    t as (${cohortRows(campaignId)}),
    g as (
      select case when grouping(t.state_iso3) = 0 then 'state' else 'split' end as dimension,
        t.state_iso3, t.answered_after, t.language, t.ask_id, t.target_kind,
        sum(t.started)::int as started,
        sum(t.confirmed)::int as confirmed,
        sum(t.sent)::int as sent,
        sum(t.delivered)::int as delivered,
        sum(t.bounced)::int as bounced,
        sum(t.replied)::int as replied,
        sum(t.replied_by_supporter)::int as replied_by_supporter,
        sum(t.replied_by_email)::int as replied_by_email,
        sum(t.answered)::int as answered
      from t
      group by grouping sets ((t.language, t.ask_id, t.target_kind),
        (t.state_iso3, t.answered_after))
    ),
    responses as (
      select dr.state_iso3, count(*)::int as n
      from delegation_responses dr
      where dr.campaign_id = ${campaignId}
        and dr.received_on between ${range.from}::date and ${range.to}::date
      group by dr.state_iso3
    )
    select g.*, s.name as state_name, coalesce(r.n, 0) as responses
    from g
      left join states s on s.iso3 = g.state_iso3
      left join responses r on r.state_iso3 = g.state_iso3
    -- Keys whose letters all moved on (a pending change) sum to zero.
    where g.started <> 0
    order by s.name, g.answered_after`;
}

/** Every day of the range (zero-filled), each step on the day it happened, in the range's zone. */
export function tallyDailyQuery(campaignId: number, range: MetricsRange): SQL {
  return sql`with b as (${bounds(range)}),
    days as (
      select (${range.from}::date + i) as day
      from generate_series(0, ${range.to}::date - ${range.from}::date) as i
    ),
    events as (
      select (hour at time zone ${range.timeZone})::date as day,
        sum(n) filter (where event = 'started')::int as started,
        sum(n) filter (where event = 'confirmed')::int as confirmed,
        sum(n) filter (where event = 'sent')::int as sent,
        sum(n) filter (where event = 'bounced')::int as bounced,
        sum(n) filter (where event = 'replied')::int as replied
      from (${eventRows(campaignId)}) e group by 1
    )
    select days.day::text as date,
      coalesce(events.started, 0) as started,
      coalesce(events.confirmed, 0) as confirmed,
      coalesce(events.sent, 0) as sent,
      coalesce(events.bounced, 0) as bounced,
      coalesce(events.replied, 0) as replied
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
