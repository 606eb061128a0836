import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { letters } from "#db/schema";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { seedDemoContacts } from "#db/seed/seed-demo-contacts";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { confirmLetter, submitLetter } from "~/letters/letters.server";
import { queueNames } from "~/lib/queue.server";
import { type SmtpSink, startSmtpSink } from "../setup/smtp-sink";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

const root = fileURLToPath(new URL("../..", import.meta.url));
const letterCount = 20;
/** The message the sink holds unanswered while the worker is killed. */
const stalledMessage = 5;
const demoStates = ["FRA", "DEU", "BRA", "ZAF", "JPN", "MEX", "KEN", "IDN"];

let database: TestDatabase;
let sink: SmtpSink;
const workers = new Set<ChildProcess>();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
  await seedDemoContacts(database.db);
  sink = await startSmtpSink();
});

afterAll(async () => {
  for (const worker of workers) await stopWorker(worker, "SIGKILL");
  await sink.close();
  await database.drop();
});

/** A worker process (tests/setup/letter-worker-process.ts), resolved once it polls. */
function startWorker(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/setup/letter-worker-process.ts"],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, SMTP_URL: sink.url, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  workers.add(child);
  const output: string[] = [];
  child.stderr?.on("data", (chunk) => output.push(String(chunk)));
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output.push(String(chunk));
      if (output.join("").includes("ready\n")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}):\n${output.join("")}`)));
  });
}

function stopWorker(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  workers.delete(child);
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

/**
 * Lets the first messages through, then holds one before the server answers:
 * the worker is mid-send. Resolves when that message's data has arrived; the
 * message is never answered, so the sink never counts it as received.
 */
function stallMessage(number: number): Promise<void> {
  let seen = 0;
  return new Promise((arrived) => {
    sink.onData(async () => {
      seen += 1;
      if (seen !== number) return;
      arrived();
      await new Promise(() => {});
    });
  });
}

async function submitLetters(): Promise<string[]> {
  const campaign = await getCampaignWithAsks(database.db, "iran-end-impunity");
  const ask = campaign?.asks.find((a) => a.slug === "hrc-special-session");
  if (!campaign || !ask) throw new Error("demo campaign missing");
  const tokens: string[] = [];
  for (let i = 0; i < letterCount; i++) {
    const submitted = await submitLetter(database.db, {
      campaign,
      ask,
      input: {
        ask: ask.slug,
        country: demoStates[i % demoStates.length] ?? "FRA",
        name: `Supporter ${i}`,
        email: `supporter-${i}@example.org`,
        city: "Lyon",
        personalParagraph: "",
        language: "en",
        consentUpdates: false,
        website: "",
      },
      approvedBody: `Excellency,\n\nPlease call for a special session of the Council.\n\nSupporter ${i}`,
      clientIp: null,
    });
    if (submitted.kind !== "created" || !submitted.confirmToken) throw new Error("not created");
    tokens.push(submitted.confirmToken);
  }
  return tokens;
}

/**
 * Confirms every letter. Production jobs expire after 120 s and retry after
 * 30 s; each job row carries its own expiry and delay (enqueue sets them), so
 * the test shortens these rows rather than the queue, in the same commit.
 */
async function confirmWithShortExpiry(tokens: string[]) {
  await database.db.transaction(async (tx) => {
    for (const token of tokens)
      expect(await confirmLetter(tx, token)).toMatchObject({ kind: "confirmed" });
    await tx.execute(sql`
      update pgboss.job set expire_in = interval '3 seconds', retry_delay = 0, retry_backoff = false
      where name = ${queueNames.deliverLetter} and state = 'created'`);
  });
}

async function deliveryJobs() {
  return database.sql<{ letterId: number; state: string; retryCount: number }[]>`
    select (data->>'letterId')::int as "letterId", state::text, retry_count as "retryCount"
    from pgboss.job where name = ${queueNames.deliverLetter}`;
}

async function letterRows(ids: number[]) {
  return database.db.select().from(letters).where(inArray(letters.id, ids));
}

/** Until every letter is sent and no delivery job is left to run (so none can send again). */
async function waitUntilDelivered(ids: number[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await letterRows(ids);
    const pending = (await deliveryJobs()).filter((j) => j.state !== "completed");
    if (rows.every((r) => r.status === "sent") && pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`still pending: ${JSON.stringify(pending)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function letterMessages() {
  return sink.received.filter((m) => m.parsed.headers.has("x-demarche-letter"));
}

describe("letter delivery across a worker crash", () => {
  it("killing the worker mid-send and restarting it sends each confirmed letter exactly once", async () => {
    const stalled = stallMessage(stalledMessage);
    const first = await startWorker();
    await confirmWithShortExpiry(await submitLetters());
    await stalled;
    await stopWorker(first, "SIGKILL");

    // The held message was never answered: it is not delivered. The worker took letters in
    // batches, so several jobs were claimed when it died: each of their letters is either
    // already sent (committed before the kill) or still queued — none is lost or half-sent.
    expect(letterMessages()).toHaveLength(stalledMessage - 1);
    const abandoned = (await deliveryJobs()).filter((j) => j.state === "active");
    const abandonedIds = abandoned.map((j) => j.letterId);
    const abandonedRows = await letterRows(abandonedIds);
    expect(abandonedRows.filter((r) => r.status === "queued").length).toBeGreaterThanOrEqual(1);
    expect(abandonedRows.every((r) => r.status === "queued" || r.status === "sent")).toBe(true);

    sink.onData(null);
    const second = await startWorker();
    const ids = (await deliveryJobs()).map((j) => j.letterId);
    expect(new Set(ids).size).toBe(letterCount);
    await waitUntilDelivered(ids);
    await stopWorker(second, "SIGTERM");

    const rows = await letterRows(ids);
    const received = letterMessages();
    const messageIds = received.map((m) => m.parsed.messageId);
    expect(received).toHaveLength(letterCount);
    expect(new Set(messageIds).size).toBe(letterCount);
    expect(new Set(messageIds)).toEqual(new Set(rows.map((r) => r.messageId)));
    expect(new Set(received.map((m) => m.parsed.headers.get("x-demarche-letter")))).toEqual(
      new Set(ids.map(String)),
    );
    // One attempt each: the killed attempt's changes were rolled back with its transaction.
    expect(rows.map((r) => [r.status, r.deliveryAttempts])).toEqual(rows.map(() => ["sent", 1]));
    // The abandoned jobs came back through expiry, once each.
    const retried = (await deliveryJobs()).filter((j) => abandonedIds.includes(j.letterId));
    expect(retried.map((j) => [j.state, j.retryCount])).toEqual(
      retried.map(() => ["completed", 1]),
    );
  }, 30_000);
});
