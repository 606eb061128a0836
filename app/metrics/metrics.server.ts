import { type SQL, sql } from "drizzle-orm";
import { type ContactKind, contactKindLabels } from "~/contacts/contact-kinds";
import type { DbOrTx } from "~/lib/db.server";
import type { Position } from "~/positions/stance";
import {
  type DailyCount,
  eachDailyColumn,
  type FunnelCounts,
  type FunnelRow,
  type FunnelStep,
  funnelCountColumns,
  funnelCounts,
  funnelSteps,
  share,
} from "./funnel";
import {
  deliveredBeforeQuery,
  talliesCover,
  tallyCountsQuery,
  tallyDailyQuery,
} from "./letter-tallies.server";
import { defaultTimeZone, type MetricsRange } from "./metrics-range";
import { dayOf, rangeDays, responsesByState, withinRange } from "./range-sql.server";

/**
 * Campaign metrics: aggregate counts only, never a supporter's data. Every
 * count is of letters *started* (created) in the range, followed through
 * confirmation, sending, bouncing and replies, except the daily series, which
 * counts each step on the day it happened. Days are calendar days in the
 * chosen time zone.
 */

/** A reply report that counts: a person replied (not an auto-reply) and staff did not reject it. */
const countedReply = sql`r.kind = 'replied' and not r.automatic and r.status <> 'rejected'`;

/** The campaign's letters started in the range, with their outcomes. */
function cohort(campaignId: number, range: MetricsRange): SQL {
  return sql`select l.id, l.state_iso3, l.language, l.ask_id, l.target_kind, l.sent_at,
      l.confirmed_at is not null as confirmed,
      l.sent_at is not null as sent,
      l.status = 'bounced' as bounced
    from letters l
    where l.campaign_id = ${campaignId} and ${withinRange(sql`l.created_at`, range)}`;
}

/** The cohort's replied letters, by who told us (a supporter's answer, or the reply address). */
const repliedLetters = sql`select r.letter_id,
      min(r.received_at) as first_at,
      bool_or(r.source = 'supporter') as by_supporter,
      bool_or(r.source = 'email') as by_email
    from reply_reports r join cohort c on c.id = r.letter_id
    where ${countedReply}
    group by r.letter_id`;

const funnelColumns = sql`count(c.id)::int as started,
    count(c.id) filter (where c.confirmed)::int as confirmed,
    count(c.id) filter (where c.sent)::int as sent,
    count(c.id) filter (where c.sent and not c.bounced)::int as delivered,
    count(c.id) filter (where c.bounced)::int as bounced,
    count(rl.letter_id)::int as replied,
    count(rl.letter_id) filter (where rl.by_supporter)::int as replied_by_supporter,
    count(rl.letter_id) filter (where rl.by_email)::int as replied_by_email`;

/** Every day of the range (zero-filled): letters started, confirmed, sent, bounced, replied. */
export function dailyCountsQuery(campaignId: number, range: MetricsRange): SQL {
  const inRange = (column: SQL) => withinRange(column, range);
  const perDay = (column: SQL, where: SQL) => sql`select ${dayOf(column, range.timeZone)} as day,
      count(*)::int as n
    from letters l where l.campaign_id = ${campaignId} and ${where} and ${inRange(column)}
    group by 1`;
  return sql`with days as (${rangeDays(range)}),
    started as (${perDay(sql`l.created_at`, sql`true`)}),
    confirmed as (${perDay(sql`l.confirmed_at`, sql`true`)}),
    sent as (${perDay(sql`l.sent_at`, sql`true`)}),
    -- Bounces have no time of their own: they count on the day the letter was sent.
    bounced as (${perDay(sql`l.sent_at`, sql`l.status = 'bounced'`)}),
    first_replies as (
      select r.letter_id, min(r.received_at) as at
      from reply_reports r join letters l on l.id = r.letter_id
      where l.campaign_id = ${campaignId} and ${countedReply}
      group by r.letter_id
    ),
    replied as (
      select ${dayOf(sql`at`, range.timeZone)} as day, count(*)::int as n
      from first_replies where ${inRange(sql`at`)} group by 1
    )
    select days.day::text as date, ${sql.raw(eachDailyColumn((name) => `coalesce(${name}.n, 0) as ${name}`))}
    from days ${sql.raw(eachDailyColumn((name) => `left join ${name} using (day)`, " "))}
    order by days.day`;
}

/**
 * Per target state: the funnel of letters started in the range, and how the
 * state answered them. A letter is answered when a reply report or a logged
 * delegation response points to it; days to answer are counted from the day
 * it was sent, in UTC calendar days whatever the range's zone (responses
 * carry a date, not a time, and the summary tables count the same way).
 * `responses` counts every response logged in the range, with a letter or
 * without (meetings, statements).
 */
export function stateMetricsQuery(campaignId: number, range: MetricsRange): SQL {
  return sql`with cohort as (${cohort(campaignId, range)}),
    rl as (${repliedLetters}),
    first_responses as (
      select dr.letter_id, min(dr.received_on) as received_on
      from delegation_responses dr join cohort c on c.id = dr.letter_id
      group by dr.letter_id
    ),
    answered as (
      select c.id, least(${dayOf(sql`rl.first_at`, "UTC")}, fr.received_on) as answered_on
      from cohort c
        left join rl on rl.letter_id = c.id
        left join first_responses fr on fr.letter_id = c.id
      where c.sent and not c.bounced
    ),
    responses as (${responsesByState(campaignId, range)})
    select s.iso3 as state, s.name as state_name, ${funnelColumns},
      count(a.answered_on)::int as answered,
      percentile_cont(0.5) within group (
        order by case
          when a.answered_on is not null
          then greatest(a.answered_on - ${dayOf(sql`c.sent_at`, "UTC")}, 0)
        end
      )::float8 as median_days_to_answer,
      coalesce(max(resp.n), 0)::int as responses
    from cohort c
      join states s on s.iso3 = c.state_iso3
      left join rl on rl.letter_id = c.id
      left join answered a on a.id = c.id
      left join responses resp on resp.state_iso3 = c.state_iso3
    group by s.iso3, s.name
    order by s.name`;
}

// ---------------------------------------------------------------------------
// Results

export interface Breakdown {
  key: string;
  label: string;
  counts: FunnelCounts;
}

export interface StateMetrics extends Breakdown {
  /** Letters delivered (sent, not bounced) that the state answered. */
  answered: number;
  /** answered / delivered; null when none was delivered. */
  answerRate: number | null;
  /** Median days from sending to the first reply or response, over answered letters. */
  medianDaysToAnswer: number | null;
  /** Delegation responses logged in the range, linked to a letter or not. */
  responses: number;
}

export interface StateMovement {
  askSlug: string;
  askTitle: string;
  iso3: string;
  name: string;
  before: Position;
  now: Position;
  /** The first observation after the campaign started that differed from `before`. */
  changedOn: string;
  /** Letters on the ask delivered to the state before that day. */
  lettersBefore: number;
}

export interface CampaignMetrics {
  range: MetricsRange;
  funnel: FunnelStep[];
  totals: FunnelCounts;
  daily: DailyCount[];
  byState: StateMetrics[];
  /** States that received (were delivered) letters of the range, best answer rate first. */
  responsiveness: StateMetrics[];
  byLanguage: Breakdown[];
  byAsk: Breakdown[];
  byTargetKind: Breakdown[];
  movement: StateMovement[];
}

export interface MetricsCampaign {
  id: number;
  startsOn: string;
  asks: ReadonlyArray<{ id: number; slug: string; title: string }>;
}

/** A raw query's rows, typed by the caller (the queries name their columns). */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return [...(await db.execute<Record<string, unknown>>(query))] as T[];
}

// ---------------------------------------------------------------------------
// Queries

/** Where the cohort's counts come from; both answer the same (tests compare them). */
export type CountSource = "tallies" | "letters";

/**
 * Everything the dashboard shows, in queries run side by side: from the
 * summary tables when they answer the range's time zone exactly, else from
 * the letters.
 */
export async function campaignMetrics(
  db: DbOrTx,
  campaign: MetricsCampaign,
  range: MetricsRange,
  { source = talliesCover(range) ? "tallies" : "letters" }: { source?: CountSource } = {},
): Promise<CampaignMetrics> {
  const fromTallies = source === "tallies";
  const [{ breakdown, byState }, daily, movement] = await Promise.all([
    fromTallies ? talliedCounts(db, campaign.id, range) : countedCounts(db, campaign.id, range),
    rows<DailyCount>(
      db,
      fromTallies ? tallyDailyQuery(campaign.id, range) : dailyCountsQuery(campaign.id, range),
    ),
    stateMovement(db, campaign, range.timeZone, source),
  ]);
  const totals = funnelCounts(breakdown.find((row) => row.dimension === "total"));
  const askTitles = new Map(campaign.asks.map((ask) => [String(ask.id), ask]));
  const of = (dimension: string, label: (key: string) => string): Breakdown[] =>
    breakdown
      .filter((row) => row.dimension === dimension && row.key !== null)
      .map((row) => ({
        key: row.key ?? "",
        label: label(row.key ?? ""),
        counts: funnelCounts(row),
      }))
      .sort((a, b) => b.counts.started - a.counts.started || a.label.localeCompare(b.label));
  return {
    range,
    totals,
    funnel: funnelSteps(totals),
    daily,
    byState,
    responsiveness: leagueTable(byState),
    byLanguage: of("language", languageName),
    byAsk: of("ask", (id) => askTitles.get(id)?.title ?? `Ask ${id}`).map((row) => ({
      ...row,
      key: askTitles.get(row.key)?.slug ?? row.key,
    })),
    byTargetKind: of("target_kind", (kind) => contactKindLabels[kind as ContactKind] ?? kind),
    movement,
  };
}

type BreakdownRow = FunnelRow & { dimension: string; key: string | null };

interface CohortCounts {
  breakdown: BreakdownRow[];
  byState: StateMetrics[];
}

/** Counted from the letters of the range: exact in any zone, slow at scale. */
async function countedCounts(
  db: DbOrTx,
  campaignId: number,
  range: MetricsRange,
): Promise<CohortCounts> {
  const [breakdown, byState] = await Promise.all([
    breakdownRows(db, campaignId, range),
    stateMetrics(db, campaignId, range),
  ]);
  return { breakdown, byState };
}

/** A state's counts as both sources return them. */
type StateCountsRow = FunnelRow & {
  answered: number;
  median_days_to_answer: number | null;
  responses: number;
};

function stateMetricsOf(key: string, label: string, row: StateCountsRow): StateMetrics {
  return {
    key,
    label,
    counts: funnelCounts(row),
    answered: row.answered,
    answerRate: share(row.answered, row.delivered),
    medianDaysToAnswer: row.median_days_to_answer,
    responses: row.responses,
  };
}

type TallyRow = StateCountsRow & {
  dimension: "split" | "state";
  language: string | null;
  ask_id: number | null;
  target_kind: string | null;
  state_iso3: string | null;
  state_name: string | null;
};

/**
 * Added up from the summary tables (app/metrics/letter-tallies.server.ts):
 * one query returns each state's funnel, and the cohort by language × ask ×
 * office, from which the total and each of those splits are summed here.
 */
async function talliedCounts(
  db: DbOrTx,
  campaignId: number,
  range: MetricsRange,
): Promise<CohortCounts> {
  const found = await rows<TallyRow>(db, tallyCountsQuery(campaignId, range));
  const splits = found.filter((row) => row.dimension === "split");
  const breakdown: BreakdownRow[] = [
    ...sumSplits(splits, "total", () => null),
    ...sumSplits(splits, "language", (row) => row.language),
    ...sumSplits(splits, "ask", (row) => String(row.ask_id)),
    ...sumSplits(splits, "target_kind", (row) => row.target_kind),
  ];
  const byState = found
    .filter((row) => row.dimension === "state")
    .map((row) => stateMetricsOf(row.state_iso3 ?? "", row.state_name ?? "", row));
  return { breakdown, byState };
}

/** The split rows added up by one dimension (a single row for the total). */
function sumSplits(
  splits: readonly TallyRow[],
  dimension: string,
  keyOf: (row: TallyRow) => string | null,
): BreakdownRow[] {
  const sums = new Map<string | null, BreakdownRow>();
  for (const row of splits) {
    const key = keyOf(row);
    const sum = sums.get(key) ?? {
      dimension,
      key,
      ...Object.fromEntries(funnelCountColumns.map((name) => [name, 0])),
    };
    for (const name of funnelCountColumns) (sum as FunnelRow)[name] += row[name];
    sums.set(key, sum as BreakdownRow);
  }
  return [...sums.values()];
}

/** The whole funnel and its splits by language, ask and office, in one pass (GROUPING SETS). */
function breakdownRows(db: DbOrTx, campaignId: number, range: MetricsRange) {
  return rows<BreakdownRow>(
    db,
    sql`with cohort as (${cohort(campaignId, range)}), rl as (${repliedLetters})
      select case
          when grouping(c.language) = 0 then 'language'
          when grouping(c.ask_id) = 0 then 'ask'
          when grouping(c.target_kind) = 0 then 'target_kind'
          else 'total'
        end as dimension,
        coalesce(c.language, c.ask_id::text, c.target_kind::text) as key,
        ${funnelColumns}
      from cohort c left join rl on rl.letter_id = c.id
      group by grouping sets ((), (c.language), (c.ask_id), (c.target_kind))`,
  );
}

type StateRow = StateCountsRow & { state: string; state_name: string };

export async function stateMetrics(
  db: DbOrTx,
  campaignId: number,
  range: MetricsRange,
): Promise<StateMetrics[]> {
  const found = await rows<StateRow>(db, stateMetricsQuery(campaignId, range));
  return found.map((row) => stateMetricsOf(row.state, row.state_name, row));
}

/**
 * Best answer rate first; then more answers, then faster answers. States that
 * received nothing in the range have no rate and are left out.
 */
export function leagueTable(states: readonly StateMetrics[]): StateMetrics[] {
  return states
    .filter((state) => state.counts.delivered > 0)
    .sort(
      (a, b) =>
        (b.answerRate ?? 0) - (a.answerRate ?? 0) ||
        b.answered - a.answered ||
        (a.medianDaysToAnswer ?? Number.POSITIVE_INFINITY) -
          (b.medianDaysToAnswer ?? Number.POSITIVE_INFINITY) ||
        b.counts.delivered - a.counts.delivered ||
        a.label.localeCompare(b.label),
    );
}

type MovementRow = {
  ask_slug: string;
  ask_title: string;
  iso3: string;
  name: string;
  before: Position;
  now: Position;
  changed_on: string;
  letters_before: number;
};

/**
 * States whose position on an ask differs now from where it stood when the
 * campaign started (staff audience: internal observations count). Where it
 * stood is the latest observation on or before the start, or else the first
 * one after it; the change is the first later observation that differs.
 */
export async function stateMovement(
  db: DbOrTx,
  campaign: { id: number; startsOn: string },
  timeZone = defaultTimeZone,
  source: CountSource = "tallies",
): Promise<StateMovement[]> {
  const start = campaign.startsOn;
  const changedAt = sql`(fc.observed_on::timestamp at time zone ${timeZone})`;
  const lettersBefore =
    source === "tallies"
      ? deliveredBeforeQuery(campaign.id, changedAt)
      : sql`(select count(*)::int from letters l
          where l.campaign_id = ${campaign.id} and l.ask_id = fc.ask_id
            and l.state_iso3 = fc.state_iso3 and l.status <> 'bounced'
            and l.sent_at < ${changedAt})`;
  const found = await rows<MovementRow>(
    db,
    sql`with ev as (
        select e.id, e.ask_id, e.state_iso3, e.position, e.observed_on
        from position_events e join asks a on a.id = e.ask_id
        where a.campaign_id = ${campaign.id}
      ),
      baseline as (
        select distinct on (ask_id, state_iso3) ask_id, state_iso3, position, observed_on, id
        from ev
        order by ask_id, state_iso3,
          observed_on > ${start}::date,
          case when observed_on <= ${start}::date then observed_on end desc,
          case when observed_on <= ${start}::date then id end desc,
          observed_on, id
      ),
      latest as (
        select distinct on (ask_id, state_iso3) ask_id, state_iso3, position
        from ev order by ask_id, state_iso3, observed_on desc, id desc
      ),
      first_change as (
        select distinct on (e.ask_id, e.state_iso3) e.ask_id, e.state_iso3, e.observed_on
        from ev e join baseline b on b.ask_id = e.ask_id and b.state_iso3 = e.state_iso3
        where e.observed_on > ${start}::date
          and (e.observed_on, e.id) > (b.observed_on, b.id)
          and e.position <> b.position
        order by e.ask_id, e.state_iso3, e.observed_on, e.id
      )
      select a.slug as ask_slug, a.title as ask_title, s.iso3, s.name,
        b.position as before, lt.position as now, fc.observed_on::text as changed_on,
        ${lettersBefore} as letters_before
      from first_change fc
        join baseline b on b.ask_id = fc.ask_id and b.state_iso3 = fc.state_iso3
        join latest lt on lt.ask_id = fc.ask_id and lt.state_iso3 = fc.state_iso3
        join asks a on a.id = fc.ask_id
        join states s on s.iso3 = fc.state_iso3
      where lt.position <> b.position
      order by fc.observed_on, a.position, a.id, s.name`,
  );
  return found.map((row) => ({
    askSlug: row.ask_slug,
    askTitle: row.ask_title,
    iso3: row.iso3,
    name: row.name,
    before: row.before,
    now: row.now,
    changedOn: row.changed_on,
    lettersBefore: row.letters_before,
  }));
}

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

export function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}
