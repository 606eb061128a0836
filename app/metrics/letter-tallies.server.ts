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

/** The range as UTC instants: whole hours, since the zone is hour-aligned. */
function hourWithin(range: MetricsRange): SQL {
  return sql`hour >= (${range.from}::date::timestamp at time zone ${range.timeZone})
    and hour < ((${range.to}::date + 1)::timestamp at time zone ${range.timeZone})`;
}

/** Tallied and pending rows of the campaign in the range: their sum is the exact count. */
function cohortRows(campaignId: number, range: MetricsRange): SQL {
  return sql`select * from letter_tallies
      where campaign_id = ${campaignId} and ${hourWithin(range)}
    union all
    select * from letter_tally_changes
      where campaign_id = ${campaignId} and ${hourWithin(range)}`;
}

function eventRows(campaignId: number, range: MetricsRange): SQL {
  return sql`select * from letter_event_tallies
      where campaign_id = ${campaignId} and ${hourWithin(range)}
    union all
    select * from letter_event_changes
      where campaign_id = ${campaignId} and ${hourWithin(range)}`;
}

/**
 * Every split the dashboard shows, in one pass over the cohort's tallies:
 * the total, by language, ask, office and state, and each state's answered
 * letters by days to answer (for the median). States carry their name and the
 * delegation responses logged in the range.
 */
export function tallyCountsQuery(campaignId: number, range: MetricsRange): SQL {
  return sql`with t as (${cohortRows(campaignId, range)}),
    g as (
      select case
          when grouping(t.answered_after) = 0 then 'answer_days'
          when grouping(t.state_iso3) = 0 then 'state'
          when grouping(t.language) = 0 then 'language'
          when grouping(t.ask_id) = 0 then 'ask'
          when grouping(t.target_kind) = 0 then 'target_kind'
          else 'total'
        end as dimension,
        coalesce(t.state_iso3, t.language, t.ask_id::text, t.target_kind::text) as key,
        t.answered_after,
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
      group by grouping sets ((), (t.language), (t.ask_id), (t.target_kind), (t.state_iso3),
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
      left join states s on g.dimension = 'state' and s.iso3 = g.key
      left join responses r on g.dimension = 'state' and r.state_iso3 = g.key
    -- Keys whose letters all moved on (a pending change) sum to zero.
    where g.started <> 0
    order by g.dimension, s.name`;
}

/** Every day of the range (zero-filled), each step on the day it happened, in the range's zone. */
export function tallyDailyQuery(campaignId: number, range: MetricsRange): SQL {
  const day = sql`(hour at time zone ${range.timeZone})::date`;
  return sql`with days as (
      select (${range.from}::date + i) as day
      from generate_series(0, ${range.to}::date - ${range.from}::date) as i
    ),
    started as (
      select ${day} as day, sum(started)::int as n
      from (${cohortRows(campaignId, range)}) t group by 1
    ),
    events as (
      select ${day} as day,
        sum(n) filter (where event = 'confirmed')::int as confirmed,
        sum(n) filter (where event = 'sent')::int as sent,
        sum(n) filter (where event = 'bounced')::int as bounced,
        sum(n) filter (where event = 'replied')::int as replied
      from (${eventRows(campaignId, range)}) e group by 1
    )
    select days.day::text as date,
      coalesce(started.n, 0) as started,
      coalesce(events.confirmed, 0) as confirmed,
      coalesce(events.sent, 0) as sent,
      coalesce(events.bounced, 0) as bounced,
      coalesce(events.replied, 0) as replied
    from days left join started using (day) left join events using (day)
    order by days.day`;
}
