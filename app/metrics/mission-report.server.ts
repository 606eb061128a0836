import { sql } from "drizzle-orm";
import type { DbOrTx } from "~/lib/db.server";
import { type MetricsCampaign, rows } from "./metrics.server";
import { defaultTimeZone } from "./metrics-range";
import { dayOf } from "./range-sql.server";

export interface MissionReport {
  /** People who wrote (confirmed at least one letter) to the state. */
  writers: number;
  /** Letters confirmed (the supporter approved them) and delivered. */
  letters: number;
  delivered: number;
  firstDay: string | null;
  lastDay: string | null;
  byAsk: Array<{ slug: string; title: string; writers: number; letters: number }>;
  byMonth: Array<{ month: string; writers: number; letters: number }>;
}

type ReportRow = {
  ask_id: number | null;
  month: string | null;
  writers: number;
  letters: number;
  delivered: number;
  first_day: string | null;
  last_day: string | null;
};

/**
 * How many people wrote to one state (letters address the supporter's own
 * state), on which asks, and month by month; confirmed letters only. A
 * supporter whose data was deleted no longer has an id: the letters of one
 * submission share their creation instant, which stands in for the person.
 */
export async function missionReport(
  db: DbOrTx,
  campaign: MetricsCampaign,
  stateIso3: string,
  timeZone = defaultTimeZone,
): Promise<MissionReport> {
  const found = await rows<ReportRow>(
    db,
    sql`with written as (
        select l.ask_id, l.sent_at, l.status,
          coalesce(l.supporter_id::text, 'deleted ' || l.created_at::text) as writer,
          ${dayOf(sql`l.confirmed_at`, timeZone)} as day,
          to_char(${dayOf(sql`l.confirmed_at`, timeZone)}, 'YYYY-MM') as month
        from letters l
        where l.campaign_id = ${campaign.id} and l.state_iso3 = ${stateIso3}
          and l.confirmed_at is not null
      )
      select
        case when grouping(ask_id) = 0 then ask_id end as ask_id,
        case when grouping(month) = 0 then month end as month,
        count(distinct writer)::int as writers,
        count(*)::int as letters,
        count(*) filter (where sent_at is not null and status <> 'bounced')::int as delivered,
        min(day)::text as first_day,
        max(day)::text as last_day
      from written
      group by grouping sets ((), (ask_id), (month))`,
  );
  const total = found.find((row) => row.ask_id === null && row.month === null);
  const perAsk = new Map(found.filter((row) => row.ask_id !== null).map((r) => [r.ask_id, r]));
  return {
    writers: total?.writers ?? 0,
    letters: total?.letters ?? 0,
    delivered: total?.delivered ?? 0,
    firstDay: total?.first_day ?? null,
    lastDay: total?.last_day ?? null,
    byAsk: campaign.asks.map((ask) => ({
      slug: ask.slug,
      title: ask.title,
      writers: perAsk.get(ask.id)?.writers ?? 0,
      letters: perAsk.get(ask.id)?.letters ?? 0,
    })),
    byMonth: found
      .filter((row): row is ReportRow & { month: string } => row.month !== null)
      .map(({ month, writers, letters }) => ({ month, writers, letters }))
      .sort((a, b) => a.month.localeCompare(b.month)),
  };
}
