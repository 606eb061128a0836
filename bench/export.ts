import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { BenchRow } from "./run";
import { type ScaleDatabase, scaleDatabase, stopScaleDatabase } from "./scale-database";

/**
 * The letters export of the whole seeded campaign (2M letters by default) as an operator runs
 * it: `npm run -s export -- --kind letters --format csv`, in its own process, its standard
 * output read to the end. Baseline: PostgreSQL's `COPY (select … the same columns …) TO STDOUT`
 * through postgres.js, also in its own process (bench/export-copy.ts). Rows per second run from
 * the first byte to the last on standard output; peak RSS is each process's own maximum resident
 * set (GNU time's %M, the largest process of the command: the export's, not npm's). Both must
 * write the same rows; the bytes are compared too (the seeded cells need no quoting or
 * neutralising, so COPY's CSV and the export's are the same file).
 */

const mb = 2 ** 20;

interface Run {
  rows: number;
  bytes: number;
  sha256: string;
  seconds: number;
  peakRss: number;
  /** The one-minute load average when the run started. */
  load: number;
}

/** Runs `command` under GNU time with the database in DATABASE_URL, reading its stdout. */
async function measured(command: string[], databaseUrl: string): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), "demarche-bench-export-"));
  const rssFile = join(dir, "max-rss-kb");
  const load = loadavg()[0] ?? 0;
  try {
    const child = spawn("/usr/bin/time", ["-f", "%M", "-o", rssFile, ...command], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const output = outputReader();
    for await (const chunk of child.stdout) output.read(chunk as Buffer);
    const code = await new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once("close", resolve);
    });
    if (code !== 0) throw new Error(`${command.join(" ")} exited with ${code}`);
    const peakKb = Number((await readFile(rssFile, "utf8")).trim().split("\n").at(-1));
    // The first line is the header.
    return { ...output.result(), rows: output.lines - 1, peakRss: peakKb * 1024, load };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Counts lines and bytes and hashes them, timing from the first byte to the last. */
function outputReader() {
  const hash = createHash("sha256");
  let lines = 0;
  let bytes = 0;
  let first = 0;
  return {
    read(chunk: Buffer) {
      first ||= performance.now();
      hash.update(chunk);
      bytes += chunk.byteLength;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    },
    get lines() {
      return lines;
    },
    result: () => ({
      bytes,
      sha256: hash.digest("hex"),
      seconds: (performance.now() - first) / 1000,
    }),
  };
}

async function exportRun(scale: ScaleDatabase): Promise<Run> {
  const [campaign] = await scale.handle.sql<{ slug: string }[]>`
    select slug from campaigns where id = ${scale.seeded.campaignId}`;
  if (!campaign) throw new Error("The seeded campaign is missing");
  return measured(
    ["npm", "run", "--silent", "export", "--", "--campaign", campaign.slug, "--kind", "letters"],
    databaseUrl(scale),
  );
}

function copyRun(scale: ScaleDatabase): Promise<Run> {
  const url = databaseUrl(scale);
  return measured(
    ["npx", "tsx", "bench/export-copy.ts", url, String(scale.seeded.campaignId)],
    url,
  );
}

/** The seeded database's URL, for the child processes. */
function databaseUrl(scale: ScaleDatabase): string {
  // postgres.js keeps the password in its parsed options but leaves it out of their type.
  const options = scale.handle.sql.options as unknown as {
    host: string[];
    port: number[];
    user: string;
    pass: string | null;
    database: string;
  };
  const url = new URL(`postgres://${options.host[0]}:${options.port[0]}/${options.database}`);
  url.username = options.user;
  url.password = options.pass ?? "";
  return url.toString();
}

export async function benchExport(
  options: { letters?: number; supporters?: number } = {},
): Promise<BenchRow[]> {
  try {
    const scale = await scaleDatabase(options);
    // COPY first also brings the letters into the cache for both.
    const copy = await copyRun(scale);
    const demarche = await exportRun(scale);
    if (demarche.rows !== copy.rows) {
      throw new Error(`The export wrote ${demarche.rows} rows, COPY ${copy.rows}`);
    }
    const size = `${(scale.letters / 1e6).toPrecision(2)}M letters`;
    const same = demarche.sha256 === copy.sha256 ? "the same bytes" : "DIFFERENT bytes";
    return [
      {
        name: `export letters.csv, rows/s, ${size}`,
        demarche: demarche.rows / demarche.seconds,
        baseline: copy.rows / copy.seconds,
        baselineName: `COPY … TO STDOUT via postgres.js in its own process (${copy.rows} rows, ${mb_(copy.bytes)} MB; export ${demarche.rows} rows, ${mb_(demarche.bytes)} MB, ${same}; load ${copy.load.toFixed(1)} / ${demarche.load.toFixed(1)})`,
        target: "≥ 50%",
        met: demarche.rows / demarche.seconds >= 0.5 * (copy.rows / copy.seconds),
      },
      {
        name: `export letters.csv, peak RSS MB, ${size}`,
        demarche: demarche.peakRss / mb,
        baseline: copy.peakRss / mb,
        baselineName: "peak RSS of the COPY process; Démarche: of the `npm run export` process",
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
