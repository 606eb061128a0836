import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { freePort, startTestPostgres, type TestPostgres } from "../tests/setup/postgres-server";
import { startDiscardSink } from "./delivery";
import type { BenchRow } from "./run";

/**
 * Confirmed letters per second through the real public form action
 * (POST /c/:campaign/write, intent=send) of the built app started as
 * `npm start` starts it, under autocannon at 50 and 200 connections, with the
 * campaign's confirm-before-send off so each POST validates, renders, inserts
 * and enqueues. Baseline: the app's most trivial Remix action on the same
 * server at the same concurrency, `POST /staff/sign-out` without a session
 * (form parsing, CSRF check, an expired cookie and a redirect; no database),
 * so that both sides pay the same HTTP, Remix and CSRF costs. A last,
 * open-loop run at half the best throughput gives the latency below saturation.
 */

interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  /** Seconds. */
  duration: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

interface LoadRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: LoadRequest) => LoadRequest;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests?: LoadRequest[];
}) => Promise<LoadResult>;

// autocannon ships no types: the little used here is described above.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const campaignSlug = "iran-end-impunity";
const demoStates = ["FRA", "DEU", "BRA", "ZAF", "JPN", "MEX", "KEN", "IDN"];
const approvedBody = [
  "Excellency,",
  "I am writing to you as a member of the public who follows the work of the United Nations " +
    "closely, to respectfully bring the following request to your attention.",
  "Convene a special session of the Human Rights Council. A third of the Council's members " +
    "can request a special session on the killings of protesters in Iran.",
  "I understand that your Government has not yet settled its position on this request. I " +
    "respectfully urge you to support it, and to make that support known at the United Nations.",
  "Thank you for your attention to this letter. Please accept the assurances of my highest " +
    "consideration.",
  "Supporter, Lyon",
].join("\n\n");

export interface App {
  url: string;
  databaseUrl: string;
  stop: () => Promise<void>;
}

/** The built app as `npm start` runs it (production, queue workers on), on a fresh database. */
export async function startApp(smtpUrl: string): Promise<App> {
  if (!existsSync("build/index.js")) throw new Error("Build the app first: npm run build");
  const pg = await startTestPostgres();
  const database = await createDatabase(pg).catch(async (error: unknown) => {
    // An embedded server would outlive the benchmark.
    await pg.stop();
    throw error;
  });
  const dataDir = await mkdtemp(join(tmpdir(), "demarche-bench-"));
  const port = await freePort();
  const { server, errors } = spawnApp({ port, databaseUrl: database.url, dataDir, smtpUrl });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(server);
    await database.drop();
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, server, errors);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, databaseUrl: database.url, stop };
}

async function createDatabase(pg: TestPostgres) {
  const name = `demarche_bench_app_${process.pid}`;
  const admin = postgres(pg.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(pg.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

function spawnApp(options: {
  port: number;
  databaseUrl: string;
  dataDir: string;
  smtpUrl: string;
}) {
  // BENCH_CPU_PROF=<dir> writes the server's CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROF;
  const profiling = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [];
  const server = spawn(process.execPath, [...profiling, "--import", "tsx", "app/cli/start.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(options.port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseUrl,
      SESSION_SECRET: "bench-session-secret-0123456789abcdef0123456789",
      DATA_DIR: options.dataDir,
      DEMO: "1",
      SMTP_URL: options.smtpUrl,
      MAIL_FROM: "Démarche <letters@act.example.org>",
      // Every POST comes from 127.0.0.1: the per-client limit would refuse all
      // but the first 30 (it is still counted, so its cost is measured).
      LETTERS_PER_CLIENT_HOUR: "1000000000",
      // Production's default level: the request log is part of the cost.
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const errors: string[] = [];
  server.stderr?.on("data", (chunk) => errors.push(String(chunk)));
  return { server, errors };
}

async function waitForHealth(url: string, server: ChildProcess, errors: string[]) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The app exited:\n${errors.join("")}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The app did not become healthy in 60 s:\n${errors.join("")}`);
}

function stopProcess(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    // The app stops its queue gracefully; a stuck stop must not hang the bench.
    const kill = setTimeout(() => server.kill("SIGKILL"), 15_000);
    server.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    server.kill("SIGTERM");
  });
}

interface CsrfPair {
  cookie: string;
  token: string;
}

/** What a browser gets from the form page: the CSRF cookie and the token in the form. */
async function csrfPair(appUrl: string): Promise<CsrfPair> {
  const response = await fetch(`${appUrl}/c/${campaignSlug}/write`);
  const html = await response.text();
  const cookie = response.headers.getSetCookie()[0]?.split(";")[0];
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!response.ok || !cookie || !token) throw new Error(`no CSRF token (${response.status})`);
  return { cookie, token };
}

/** One pair per simulated browser, fetched ten at a time. */
async function csrfPairs(appUrl: string, count: number): Promise<CsrfPair[]> {
  const pairs: CsrfPair[] = [];
  while (pairs.length < count) {
    const batch = Math.min(10, count - pairs.length);
    pairs.push(...(await Promise.all(Array.from({ length: batch }, () => csrfPair(appUrl)))));
  }
  return pairs;
}

let sent = 0;

/** The fields of the preview's "Send my letter", from a new supporter each time. */
function nextLetterForm(pairs: CsrfPair[]): { headers: Record<string, string>; body: string } {
  const n = sent++;
  const pair = pairs[n % pairs.length];
  const form = new URLSearchParams({
    csrf: pair?.token ?? "",
    intent: "send",
    ask: "hrc-special-session",
    country: demoStates[n % demoStates.length] ?? "FRA",
    name: `Bench Supporter ${n}`,
    email: `bench-${process.pid}-${n}@example.org`,
    city: "Lyon",
    personalParagraph: "",
    language: "en",
    website: "",
    body: approvedBody,
  });
  return {
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: pair?.cookie ?? "" },
    body: form.toString(),
  };
}

/** The baseline: signing out, with no session, from one of the simulated browsers. */
function nextSignOutForm(pairs: CsrfPair[]): { headers: Record<string, string>; body: string } {
  const pair = pairs[sent++ % pairs.length];
  return {
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: pair?.cookie ?? "" },
    body: new URLSearchParams({ csrf: pair?.token ?? "" }).toString(),
  };
}

function signOutRequest(pairs: CsrfPair[]): LoadRequest {
  return {
    method: "POST",
    path: "/staff/sign-out",
    setupRequest: (request) => ({ ...request, ...nextSignOutForm(pairs) }),
  };
}

function sendLetterRequest(pairs: CsrfPair[]): LoadRequest {
  return {
    method: "POST",
    path: `/c/${campaignSlug}/write`,
    setupRequest: (request) => ({ ...request, ...nextLetterForm(pairs) }),
  };
}

async function countLetters(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from letters`;
  return row?.count ?? 0;
}

interface Latency {
  p50: number;
  p99: number;
}

interface Level {
  connections: number;
  baseline: LoadResult;
  submission: LoadResult;
  lettersPerSecond: number;
}

/** Closed loop: each connection sends again as soon as it is answered. */
async function measureLevel(
  app: App,
  sql: postgres.Sql,
  pairs: CsrfPair[],
  load: { connections: number; seconds: number },
): Promise<Level> {
  const common = { url: app.url, connections: load.connections, duration: load.seconds };
  const baseline = await autocannon({ ...common, requests: [signOutRequest(pairs)] });
  warnUnlessRedirects("sign-out", load.connections, baseline);
  const before = await countLetters(sql);
  const submission = await autocannon({ ...common, requests: [sendLetterRequest(pairs)] });
  const letters = (await countLetters(sql)) - before;
  // Anything but the redirect to the thank-you page means a letter was not taken.
  warnUnlessRedirects("submission", load.connections, submission);
  return {
    connections: load.connections,
    baseline,
    submission,
    lettersPerSecond: letters / submission.duration,
  };
}

function warnUnlessRedirects(what: string, connections: number, result: LoadResult) {
  const unexpected = Object.keys(result.statusCodeStats).filter((code) => code !== "302");
  if (unexpected.length > 0 || result.errors > 0) {
    console.warn(
      `  ${what} at ${connections}: status codes ${JSON.stringify(result.statusCodeStats)}, ` +
        `${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/**
 * Open loop: a request every 1/rate s whatever the answers, as independent
 * supporters arrive. Latency counts from when a request was due, so a server
 * falling behind shows in the figures. (autocannon's own pacing starts all
 * connections on the same tick, which measures bursts instead.)
 */
async function pacedLatency(
  rate: number,
  seconds: number,
  send: () => Promise<Response>,
): Promise<Latency> {
  const latencies: number[] = [];
  const requests: Promise<void>[] = [];
  let failures = 0;
  const started = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const request = send()
      .then(async (response) => {
        await response.arrayBuffer();
        if (response.status !== 302) failures += 1;
        else latencies.push(performance.now() - due);
      })
      .catch(() => {
        failures += 1;
      });
    requests.push(request);
  }
  await Promise.all(requests);
  if (failures > 0) throw new Error(`${failures} of ${requests.length} paced requests failed`);
  const sorted = latencies.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function measurePaced(app: App, pairs: CsrfPair[], rate: number, seconds: number) {
  const post = (path: string, form: { headers: Record<string, string>; body: string }) =>
    fetch(`${app.url}${path}`, { method: "POST", redirect: "manual", ...form });
  const baseline = await pacedLatency(rate, seconds, () =>
    post("/staff/sign-out", nextSignOutForm(pairs)),
  );
  const submission = await pacedLatency(rate, seconds, () =>
    post(`/c/${campaignSlug}/write`, nextLetterForm(pairs)),
  );
  return { baseline, submission };
}

/** Throughput and latency at full load; `targeted` marks the level the brief sets targets for. */
function rowsFor(level: Level, targeted: boolean): BenchRow[] {
  const { connections, baseline, submission } = level;
  const p99 = submission.latency.p99;
  return [
    {
      name: `submission letters/s @${connections}`,
      demarche: level.lettersPerSecond,
      baseline: baseline.requests.average,
      baselineName: `POST /staff/sign-out (trivial action) req/s, ${connections} connections`,
      target: targeted ? "≥ 40%" : "",
      met: targeted ? level.lettersPerSecond / baseline.requests.average >= 0.4 : null,
    },
    latencyRow(`@${connections}`, "p50", submission.latency, baseline.latency),
    {
      ...latencyRow(`@${connections}`, "p99", submission.latency, baseline.latency),
      target: targeted ? "p99 < 100 ms" : "",
      met: targeted ? p99 < 100 : null,
    },
  ];
}

function latencyRow(
  at: string,
  which: keyof Latency,
  submission: Latency,
  baseline: Latency,
): BenchRow {
  return {
    name: `submission ${which} ms ${at}`,
    demarche: submission[which],
    baseline: baseline[which],
    baselineName: `POST /staff/sign-out ${which}, ${at}`,
    target: "",
    met: null,
  };
}

export async function benchSubmission(options: { seconds?: number } = {}): Promise<BenchRow[]> {
  const seconds = options.seconds ?? 10;
  const sink = await startDiscardSink();
  try {
    const app = await startApp(sink.url);
    const sql = postgres(app.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      // Each POST goes straight to the queue, as on a campaign without confirmation e-mails.
      await sql`update campaigns set confirm_before_send = false where slug = ${campaignSlug}`;
      const pairs = await csrfPairs(app.url, 200);
      // Warm-up: JIT, connection pools, template caches.
      await measureLevel(app, sql, pairs, { connections: 50, seconds: Math.min(3, seconds) });
      const at50 = await measureLevel(app, sql, pairs, { connections: 50, seconds });
      const at200 = await measureLevel(app, sql, pairs, { connections: 200, seconds });
      // Closed-loop latency is connections / throughput once saturated; at half the best
      // rate, open loop, it is what a supporter waits while the server keeps up.
      const best = Math.max(at50.lettersPerSecond, at200.lettersPerSecond);
      const rate = Math.max(1, Math.floor(best / 2));
      const paced = await measurePaced(app, pairs, rate, seconds);
      return [
        ...rowsFor(at50, false),
        ...rowsFor(at200, true),
        latencyRow(`open loop ${rate}/s`, "p50", paced.submission, paced.baseline),
        latencyRow(`open loop ${rate}/s`, "p99", paced.submission, paced.baseline),
      ];
    } finally {
      await sql.end({ timeout: 5 });
      await app.stop();
    }
  } finally {
    await sink.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.table(await benchSubmission());
}
