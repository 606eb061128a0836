import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import type { Database } from "~/lib/db.server";
import { foldLetterTallies } from "~/metrics/letter-tallies.server";
import { campaignMetrics } from "~/metrics/metrics.server";
import { addDays, dayIn, defaultRange, type MetricsRange } from "~/metrics/metrics-range";
import { loadTracker } from "~/positions/tracker.server";
import type { BenchRow } from "./run";
import { scaleDatabase, stopScaleDatabase } from "./scale-database";

/**
 * Server time of the staff dashboard's loaders on a database seeded by `seedScale` (2M letters
 * from 1M supporters by default): the metrics page (campaign and asks, then `campaignMetrics`)
 * for the default last 30 days and for a full year, and the tracker (campaign and asks, then
 * `loadTracker`). Baseline: `select 1` through the same pool. p50 and p95 over 20 runs each
 * (fewer, at least 5, when they take more than 25 s), after 2 warm-up runs.
 */

const campaignSlug = "iran-end-impunity";
const warmUp = 2;
const runs = 20;
/** At 2M letters a full-year call takes seconds: past this, fewer runs (at least 5) are kept. */
const budgetMs = 25_000;
const minRuns = 5;

interface Timing {
  p50: number;
  p95: number;
  runs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

async function time(task: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await task();
  const samples: number[] = [];
  const started = performance.now();
  while (
    samples.length < runs &&
    (samples.length < minRuns || performance.now() - started < budgetMs)
  ) {
    const run = performance.now();
    await task();
    samples.push(performance.now() - run);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95), runs: samples.length };
}

async function campaignOf(db: Database) {
  const campaign = await getCampaignWithAsks(db, campaignSlug);
  if (!campaign) throw new Error(`The seeded database has no campaign ${campaignSlug}`);
  return campaign;
}

function yearRange(): MetricsRange {
  const to = dayIn(new Date(), "UTC");
  return { from: addDays(to, -364), to, timeZone: "UTC" };
}

/**
 * While letters change faster than the worker folds (a mailing), readers add
 * the pending changes to the tallies. Bounces 10,000 letters sent in the last
 * 30 days and takes the bounces back (the data ends as it was seeded), times
 * the metrics with those changes pending, then times the fold.
 */
async function duringMailing(db: Database): Promise<Array<[string, Timing]>> {
  const recent = sql`select id from letters
    where status = 'sent' and created_at > now() - interval '30 days' order by id limit 10000`;
  const bounced = await db.execute<{ id: number }>(
    sql`update letters set status = 'bounced' where id in (${recent}) returning id`,
  );
  const ids = `{${bounced.map((row) => row.id).join(",")}}`;
  await db.execute(sql`update letters set status = 'sent' where id = any(${ids}::int[])`);
  const [pending] = await db.execute<{ n: number }>(
    sql`select (select count(*) from letter_tally_changes)
      + (select count(*) from letter_event_changes) as n`,
  );
  const label = `${Number(pending?.n).toLocaleString("en")} changes pending`;
  const metrics = await time(async () =>
    campaignMetrics(db, await campaignOf(db), defaultRange("UTC")),
  );
  const started = performance.now();
  await foldLetterTallies(db);
  const fold = performance.now() - started;
  return [
    [`metrics, last 30 days, ${label}`, metrics],
    [`fold of those ${label}`, { p50: fold, p95: fold, runs: 1 }],
  ];
}

export async function benchDashboard(
  options: { letters?: number; supporters?: number; keepDatabase?: boolean } = {},
): Promise<BenchRow[]> {
  try {
    const scale = await scaleDatabase(options);
    const { db } = scale.handle;
    const baseline = await time(() => db.execute(sql`select 1`));
    const measured: Array<[string, Timing]> = [
      [
        "metrics, last 30 days",
        await time(async () => campaignMetrics(db, await campaignOf(db), defaultRange("UTC"))),
      ],
      [
        "metrics, full year",
        await time(async () => campaignMetrics(db, await campaignOf(db), yearRange())),
      ],
      ["tracker", await time(async () => loadTracker(db, (await campaignOf(db)).asks))],
      ...(await duringMailing(db)),
    ];
    const size = `${(scale.letters / 1e6).toPrecision(2)}M letters`;
    return measured.flatMap(([name, timing]) => [
      {
        name: `dashboard p50 ms, ${name}, ${size}`,
        demarche: timing.p50,
        baseline: baseline.p50,
        baselineName: "select 1 through the same pool, p50 ms",
        // The fold runs in the worker, not in a loader: no target.
        target: name.startsWith("fold") ? "" : "p50 < 100 ms",
        met: name.startsWith("fold") ? null : timing.p50 < 100,
      },
      {
        name: `dashboard p95 ms, ${name}, ${size} (${timing.runs} runs)`,
        demarche: timing.p95,
        baseline: baseline.p95,
        baselineName: "select 1 through the same pool, p95 ms",
        target: "",
        met: null,
      },
    ]);
  } finally {
    if (!options.keepDatabase) await stopScaleDatabase();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { letters: { type: "string" }, supporters: { type: "string" } },
  });
  console.table(
    await benchDashboard({
      letters: values.letters ? Number(values.letters) : undefined,
      supporters: values.supporters ? Number(values.supporters) : undefined,
    }),
  );
}
