import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { exportStream } from "~/metrics/exports.server";
import type { BenchRow } from "./run";
import { type ScaleDatabase, scaleDatabase, stopScaleDatabase } from "./scale-database";

/**
 * The letters export (`exportStream`, CSV, no personal data) of the whole seeded campaign
 * (2M letters by default), read to the end as a route's response would be: rows per second and
 * peak RSS (sampled every 100 ms). Baseline: PostgreSQL's own `COPY (select … the same
 * columns …) TO STDOUT` through postgres.js into a byte-counting sink, in the same process.
 */

const mb = 2 ** 20;

interface Run {
  rows: number;
  bytes: number;
  seconds: number;
  peakRss: number;
}

/** Runs `task` while sampling RSS; returns its peak. */
async function sampled<T>(task: () => Promise<T>): Promise<{ value: T; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  try {
    const value = await task();
    return { value, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

async function timed(task: () => Promise<{ rows: number; bytes: number }>): Promise<Run> {
  const started = performance.now();
  const { value, peakRss } = await sampled(task);
  return { ...value, seconds: (performance.now() - started) / 1000, peakRss };
}

async function exportRun(scale: ScaleDatabase): Promise<Run> {
  return timed(async () => {
    let rows = 0;
    const stream = await exportStream(scale.handle, {
      campaignId: scale.seeded.campaignId,
      kind: "letters",
      format: "csv",
      onProgress: (n) => {
        rows = n;
      },
    });
    let bytes = 0;
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      bytes += read.value.byteLength;
    }
    return { rows, bytes };
  });
}

/** The export's columns, as the export selects them (app/metrics/exports.server.ts). */
function copyQuery(campaignId: number): string {
  const utc = (column: string) =>
    `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  return `copy (select l.id, c.slug as campaign, a.slug as ask, l.state_iso3 as state,
      l.target_kind::text as target_kind, l.language, l.status::text as status,
      ${utc("l.created_at")} as created_at, ${utc("l.confirmed_at")} as confirmed_at,
      ${utc("l.sent_at")} as sent_at
    from letters l join campaigns c on c.id = l.campaign_id join asks a on a.id = l.ask_id
    where l.campaign_id = ${Number(campaignId)}
    order by l.id) to stdout with (format csv, header)`;
}

async function copyRun(scale: ScaleDatabase): Promise<Run> {
  return timed(async () => {
    let bytes = 0;
    let lines = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.byteLength;
        // Rows are lines (no cell holds a line break here); the header is one more.
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        done();
      },
    });
    const readable = await scale.handle.sql.unsafe(copyQuery(scale.seeded.campaignId)).readable();
    await pipeline(readable, sink);
    return { rows: lines - 1, bytes };
  });
}

export async function benchExport(
  options: { letters?: number; supporters?: number } = {},
): Promise<BenchRow[]> {
  try {
    const scale = await scaleDatabase(options);
    const rssStart = process.memoryUsage().rss;
    // COPY first also brings the letters into the cache for both.
    const copy = await copyRun(scale);
    const demarche = await exportRun(scale);
    const size = `${(scale.letters / 1e6).toPrecision(2)}M letters`;
    return [
      {
        name: `export letters.csv, rows/s, ${size}`,
        demarche: demarche.rows / demarche.seconds,
        baseline: copy.rows / copy.seconds,
        baselineName: `COPY … TO STDOUT via postgres.js (${copy.rows} rows, ${mb_(copy.bytes)} MB; export ${demarche.rows} rows, ${mb_(demarche.bytes)} MB)`,
        target: "≥ 50%",
        met: demarche.rows / demarche.seconds >= 0.5 * (copy.rows / copy.seconds),
      },
      {
        name: `export letters.csv, peak RSS MB, ${size}`,
        demarche: demarche.peakRss / mb,
        baseline: copy.peakRss / mb,
        baselineName: `peak RSS during COPY (RSS before both: ${mb_(rssStart)} MB)`,
        target: "< 200 MB",
        met: demarche.peakRss / mb < 200,
      },
    ];
  } finally {
    await stopScaleDatabase();
  }
}

function mb_(bytes: number): string {
  return (bytes / mb).toFixed(0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { letters: { type: "string" }, supporters: { type: "string" } },
  });
  console.table(
    await benchExport({
      letters: values.letters ? Number(values.letters) : undefined,
      supporters: values.supporters ? Number(values.supporters) : undefined,
    }),
  );
}
