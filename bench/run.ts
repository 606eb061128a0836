import { cpus, release, totalmem, type } from "node:os";
import { parseArgs } from "node:util";
import { benchDashboard } from "./dashboard";
import { benchDelivery } from "./delivery";
import { benchExport } from "./export";
import { benchPageWeight, benchSlow3g } from "./public-pages";
import { benchRender } from "./render";
import { benchSubmission } from "./submission";

/**
 * `npm run bench`: each benchmark measures Démarche and a baseline in the same
 * run and prints both with their ratio. Never pass/fail timings: "met?" says
 * whether a target from the performance brief is reached on this machine.
 *
 *   npm run bench -- --only delivery --letters 5000 --seconds 10
 */

export interface BenchRow {
  name: string;
  demarche: number;
  baseline: number;
  baselineName: string;
  /** The target on the ratio (or on the figure itself), or "" when informational. */
  target: string;
  met: boolean | null;
}

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    letters: { type: "string" },
    seconds: { type: "string" },
  },
});
const letters = values.letters ? Number(values.letters) : undefined;
const seconds = values.seconds ? Number(values.seconds) : undefined;

const benches: Record<string, () => Promise<BenchRow[]>> = {
  render: () => benchRender({ seconds }),
  delivery: () => benchDelivery({ letters, seconds }),
  submission: () => benchSubmission({ seconds }),
  // Both use one database seeded with 2M letters (about 5 min): kept when export runs next.
  dashboard: () =>
    benchDashboard({ keepDatabase: selected.indexOf("export") > selected.indexOf("dashboard") }),
  export: () => benchExport(),
  "page-weight": () => benchPageWeight(),
  "slow-3g": () => benchSlow3g(),
};

function figure(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return value >= 100 ? Math.round(value).toLocaleString("en") : value.toPrecision(3);
}

function printTable(rows: BenchRow[]) {
  const table = rows.map((row) => ({
    name: row.name,
    Démarche: figure(row.demarche),
    baseline: figure(row.baseline),
    ratio: row.baseline ? `${((row.demarche / row.baseline) * 100).toFixed(1)}%` : "–",
    target: row.target || "–",
    "met?": row.met === null ? "–" : row.met ? "yes" : "NO",
  }));
  console.table(table);
  for (const row of rows) console.log(`  ${row.name}: baseline = ${row.baselineName}`);
}

function printMachine() {
  const cpu = cpus();
  console.log(
    `machine: ${type()} ${release()}, ${cpu.length} × ${cpu[0]?.model ?? "unknown cpu"}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB RAM, node ${process.version}`,
  );
}

const selected = values.only ? values.only.split(",") : Object.keys(benches);
const rows: BenchRow[] = [];
let failed = false;
for (const name of selected) {
  const bench = benches[name];
  if (!bench) throw new Error(`Unknown benchmark "${name}": ${Object.keys(benches).join(", ")}`);
  const started = Date.now();
  process.stdout.write(`running ${name} …`);
  try {
    rows.push(...(await bench()));
    process.stdout.write(` ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  } catch (error) {
    failed = true;
    process.stdout.write(` failed\n${error instanceof Error ? error.stack : String(error)}\n`);
  }
}
printMachine();
printTable(rows);
process.exit(failed ? 1 : 0);
