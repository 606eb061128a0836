import PgBoss from "pg-boss";
import type { DbOrTx } from "./db.server";
import { logger } from "./logger.server";

/**
 * The durable job queue: pg-boss, in PostgreSQL's `pgboss` schema. Jobs are
 * sent inside the caller's transaction (see `enqueue`), so a job exists if and
 * only if the action that asked for it was committed; a worker that dies
 * mid-job loses its claim when the job expires, and the job runs again.
 */
export const queueNames = {
  deliverLetter: "deliver-letter",
  supporterEmail: "supporter-email",
  retention: "letters-retention",
  foldTallies: "letter-tallies",
  pruneRateLimits: "prune-rate-limits",
} as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

const queueDefaults: Record<QueueName, Omit<PgBoss.Queue, "name">> = {
  // Temporary SMTP failures retry with exponential back-off (pg-boss doubles retryDelay).
  "deliver-letter": { retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
  "supporter-email": { retryLimit: 6, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
  "letters-retention": { retryLimit: 3, retryDelay: 600, expireInSeconds: 600 },
  // A missed fold costs nothing but a longer next one: no retries.
  "letter-tallies": { retryLimit: 0, expireInSeconds: 300 },
  "prune-rate-limits": { retryLimit: 0, expireInSeconds: 300 },
};

export function createQueue(url: string, options: Partial<PgBoss.ConstructorOptions> = {}): PgBoss {
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    application_name: "demarche-queue",
    ...options,
  });
  // The message and code only: pg errors carry the whole client, credentials included.
  boss.on("error", (error) =>
    logger.error(
      { message: error.message, code: (error as { code?: string }).code },
      "queue error",
    ),
  );
  return boss;
}

/** Creates the pg-boss schema and our queues; safe to run at every start. */
export async function prepareQueue(boss: PgBoss): Promise<void> {
  await boss.start();
  for (const [name, options] of Object.entries(queueDefaults)) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...options });
  }
  // Every night, supporters' words past the retention period are scrubbed (UTC).
  await boss.schedule(queueNames.retention, "17 3 * * *");
  // Every minute, the dashboard's pending tally changes are folded in
  // (docs/decisions/006-dashboard-tallies.md).
  await boss.schedule(queueNames.foldTallies, "* * * * *");
  // Every hour, rate-limit windows that count nothing any more go: their keys
  // are hashes of supporters' addresses and IPs.
  await boss.schedule(queueNames.pruneRateLimits, "7 * * * *");
}

/**
 * pg-boss's connection adapter over our own transaction: the job row is
 * written with the caller's other rows, in one commit.
 */
export function inTransaction(tx: DbOrTx): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const session = tx as unknown as { $client?: unknown; session?: { client: QueryClient } };
      const client = session.session?.client;
      if (!client) throw new Error("enqueue needs a drizzle postgres-js transaction or database");
      return { rows: await client.unsafe(text, values.map(asPostgresJsValue)) };
    },
  };
}

/** pg-boss speaks node-postgres: undefined means null and objects are sent as JSON. */
function asPostgresJsValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (
    value &&
    typeof value === "object" &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value) &&
    !Array.isArray(value)
  ) {
    return JSON.stringify(value);
  }
  return value;
}

interface QueryClient {
  unsafe: (text: string, values: unknown[]) => Promise<unknown[]>;
}

export async function enqueue(
  boss: PgBoss,
  tx: DbOrTx,
  name: QueueName,
  data: object,
  options: PgBoss.SendOptions = {},
): Promise<void> {
  // Retry and expiry come from the queue (prepareQueue), so operators can retune a live queue.
  await boss.send(name, data, { ...options, db: inTransaction(tx) });
}

let sendOnly: PgBoss | undefined;

/**
 * The process's queue client for sending jobs. It is never started and holds
 * no connection: every send runs on the caller's transaction (`inTransaction`),
 * and the schema is prepared by `npm start`.
 */
export function sharedQueue(): PgBoss {
  sendOnly ??= new PgBoss({
    db: {
      executeSql: () => Promise.reject(new Error("queue sends run on the caller's transaction")),
    },
  });
  return sendOnly;
}

/** A job for `enqueueAll`; retry and expiry come from its queue, as with `enqueue`. */
export interface QueuedJob {
  name: QueueName;
  data: object;
  startAfter?: Date;
}

/** Many jobs, on any of our queues, in one statement on the caller's transaction. */
export async function enqueueAll(boss: PgBoss, tx: DbOrTx, jobs: QueuedJob[]): Promise<void> {
  if (jobs.length > 0) await boss.insert(jobs, { db: inTransaction(tx) });
}
