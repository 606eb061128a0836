import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { pathToFileURL } from "node:url";
import { eq, inArray } from "drizzle-orm";
import nodemailer from "nodemailer";
import type PgBoss from "pg-boss";
import postgres from "postgres";
import { SMTPServer } from "smtp-server";
import { campaigns, letters, stateContacts, supporters } from "#db/schema";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { seedDemoContacts } from "#db/seed/seed-demo-contacts";
import { seedReferenceData } from "#db/seed/seed-reference";
import { letterMail } from "~/delivery/delivery.server";
import { letterBatchSize, startLetterWorkers } from "~/delivery/workers.server";
import { enqueueDelivery } from "~/letters/letters.server";
import { connectDatabase, type DatabaseHandle } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { type Mailer, type OutgoingMail, smtpConnections, smtpMailer } from "~/lib/mail.server";
import { migrateDatabase } from "~/lib/migrate.server";
import { createQueue, prepareQueue, queueNames } from "~/lib/queue.server";
import { renderLetter } from "~/templates/letter-template";
import { fileTemplate } from "~/templates/template-files.server";
import { freePort, startTestPostgres, type TestPostgres } from "../tests/setup/postgres-server";
import type { BenchRow } from "./run";

/**
 * Letters per second from the queue to a local SMTP server (accepts and
 * discards) through `deliverLetters` driven by pg-boss workers, against
 * nodemailer sending the same messages straight to it over one pool with as
 * many connections and messages in flight: one worker as `npm start` runs it.
 */

const settings = { mailFrom: "Démarche <letters@act.example.org>", appUrl: "http://localhost" };

export interface Sink {
  url: string;
  port: number;
  /** performance.now() of each accepted message. */
  arrivals: number[];
  close: () => Promise<void>;
}

export async function startDiscardSink(): Promise<Sink> {
  const arrivals: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 100,
    onData(stream, _session, callback) {
      stream.on("end", () => {
        arrivals.push(performance.now());
        callback();
      });
      stream.resume();
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    arrivals,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Messages per second between the first and the last arrival. */
function throughput(arrivals: readonly number[]): number {
  const first = arrivals[0];
  const last = arrivals[arrivals.length - 1];
  if (first === undefined || last === undefined || last === first) return 0;
  return ((arrivals.length - 1) / (last - first)) * 1000;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForArrivals(sink: Sink, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (sink.arrivals.length < count && Date.now() < deadline) await sleep(20);
}

// ---------------------------------------------------------------- database

interface BenchDatabase {
  url: string;
  handle: DatabaseHandle;
  boss: PgBoss;
  close: () => Promise<void>;
}

/** A migrated database with the reference data and the demo campaign and contacts. */
async function openBenchDatabase(): Promise<BenchDatabase> {
  const server = await startTestPostgres();
  try {
    return await prepareBenchDatabase(server);
  } catch (error) {
    // An embedded server would outlive the benchmark.
    await server.stop();
    throw error;
  }
}

async function prepareBenchDatabase(server: TestPostgres): Promise<BenchDatabase> {
  const name = `demarche_bench_delivery_${process.pid}`;
  const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  const handle = connectDatabase(url.toString(), { max: 20 });
  await seedReferenceData(handle.db);
  await seedDemoCampaign(handle.db);
  await seedDemoContacts(handle.db);
  // Pacing (30 letters per office per hour) would defer most letters: out of the way here.
  await handle.db.update(campaigns).set({ lettersPerTargetPerHour: 1_000_000 });
  // As `npm start` does: the queue client with its defaults, then the schema and queues.
  const boss = createQueue(url.toString());
  await prepareQueue(boss);
  return {
    url: url.toString(),
    handle,
    boss,
    close: async () => {
      await boss.stop({ graceful: false, wait: true, timeout: 2000 });
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
      await server.stop();
    },
  };
}

/** `count` queued letters from distinct supporters to the demo ministries, without jobs yet. */
async function seedLetters(handle: DatabaseHandle, count: number): Promise<number[]> {
  const { db } = handle;
  const [campaign] = await db.select().from(campaigns);
  const ask = await db.query.asks.findFirst();
  const contacts = await db.select().from(stateContacts).where(eq(stateContacts.kind, "ministry"));
  if (!campaign || !ask || contacts.length === 0) throw new Error("demo data missing");
  const template = fileTemplate("letter", "en");
  const ids: number[] = [];
  for (let start = 0; start < count; start += 500) {
    const size = Math.min(500, count - start);
    const indexes = Array.from({ length: size }, (_, k) => start + k);
    const people = await db
      .insert(supporters)
      .values(indexes.map((i) => supporterRow(i, contacts[i % contacts.length]?.stateIso3)))
      .returning({ id: supporters.id, countryIso3: supporters.countryIso3 });
    const rows = people.map((person, k) => {
      const contact = contacts[(start + k) % contacts.length];
      const rendered = renderLetter({
        ...template,
        variationSeed: String(person.id),
        variables: letterVariables(start + k, contact?.name ?? "", campaign.title, ask),
      });
      return {
        campaignId: campaign.id,
        askId: ask.id,
        supporterId: person.id,
        stateIso3: person.countryIso3,
        targetKind: "ministry" as const,
        contactId: contact?.id ?? null,
        language: "en",
        subject: rendered.subject,
        body: rendered.body,
        templateVersion: "file:en",
        status: "queued" as const,
        confirmedAt: new Date(),
        queuedAt: new Date(),
        bounceToken: randomBytes(18).toString("base64url"),
      };
    });
    const inserted = await db.insert(letters).values(rows).returning({ id: letters.id });
    ids.push(...inserted.map((l) => l.id));
  }
  return ids;
}

function supporterRow(i: number, stateIso3: string | undefined) {
  return {
    email: `supporter-${i}@example.org`,
    name: `Supporter ${i}`,
    city: "Lyon",
    countryIso3: stateIso3 ?? "FRA",
    language: "en",
    manageToken: randomBytes(18).toString("base64url"),
  };
}

function letterVariables(
  i: number,
  targetName: string,
  campaignTitle: string,
  ask: { title: string; description: string | null },
) {
  return {
    supporter: { name: `Supporter ${i}`, city: "Lyon" },
    personalParagraph: "I have family in Iran and follow the news of the protests every day.",
    target: { name: targetName, salutation: "Excellency", kind: "ministry" as const },
    state: { name: "France", stance: "no_information" as const },
    ask: { title: ask.title, description: ask.description },
    campaign: { title: campaignTitle },
    date: "26 November 2026",
    language: "en",
  };
}

/** Jobs for the letters, with the app's own options, in one commit. */
async function enqueueLetters(handle: DatabaseHandle, ids: readonly number[]) {
  await handle.db.transaction(async (tx) => {
    for (const id of ids) await enqueueDelivery(tx, id);
  });
}

/** Exactly the messages deliverLetters would send for these letters. */
async function messagesFor(handle: DatabaseHandle, ids: number[]): Promise<OutgoingMail[]> {
  const rows = await handle.db
    .select({ letter: letters, campaign: campaigns, contact: stateContacts, supporter: supporters })
    .from(letters)
    .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
    .innerJoin(stateContacts, eq(stateContacts.id, letters.contactId))
    .leftJoin(supporters, eq(supporters.id, letters.supporterId))
    .where(inArray(letters.id, ids));
  return rows.map((row) => letterMail({ ...row, settings }));
}

// ---------------------------------------------------------------- runs

/** The workers exactly as `npm start` registers them, for `seconds` after the first letter. */
async function runShippedWorkers(db: BenchDatabase, mailer: Mailer, sink: Sink, count: number) {
  sink.arrivals.length = 0;
  await startLetterWorkers(db.boss, { db: db.handle.db, mailer, settings });
  // Receipts are still enqueued with each letter; sending them is not what is measured.
  await db.boss.offWork(queueNames.supporterEmail);
  await waitForArrivals(sink, count, 300_000);
  await stopWorkers(db);
  return throughput(sink.arrivals);
}

async function stopWorkers(db: BenchDatabase) {
  await db.boss.offWork(queueNames.deliverLetter);
  // offWork lets a letter in flight finish; then nothing of this run is left queued.
  await sleep(1500);
  await db.boss.purgeQueue(queueNames.deliverLetter);
}

type SocketCallback = (error: Error | null, socketOptions: { connection: Socket } | null) => void;

/**
 * nodemailer leaves Nagle's algorithm on: the last small write of each message
 * then waits for the server's delayed ACK, about 40 ms per message on Linux.
 * Handing it sockets with TCP_NODELAY shows what the sends cost without that.
 */
function noDelaySocket(options: { host?: string; port?: number }, callback: SocketCallback) {
  const socket = connect({ host: options.host, port: options.port ?? 25, noDelay: true }, () =>
    callback(null, { connection: socket }),
  );
  socket.once("error", (error) => callback(error, null));
}

function pooledTransport(sink: Sink, connections: number, noDelay: boolean) {
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port: sink.port,
    secure: false,
    pool: true,
    maxConnections: connections,
    ...(noDelay ? { getSocket: noDelaySocket } : {}),
  });
}

/**
 * nodemailer on its own: `concurrency` sends in flight over one pool of as
 * many connections, through the messages once or until `seconds` have passed.
 */
async function runDirect(
  sink: Sink,
  messages: OutgoingMail[],
  options: { concurrency: number; noDelay: boolean; seconds?: number },
) {
  sink.arrivals.length = 0;
  const transport = pooledTransport(sink, options.concurrency, options.noDelay);
  const deadline = options.seconds ? Date.now() + options.seconds * 1000 : Number.POSITIVE_INFINITY;
  let next = 0;
  const sender = async () => {
    for (let i = next++; i < messages.length && Date.now() < deadline; i = next++) {
      await transport.sendMail(messages[i] ?? {});
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  transport.close();
  return throughput(sink.arrivals);
}

export async function benchDelivery(
  options: { letters?: number; seconds?: number } = {},
): Promise<BenchRow[]> {
  const count = options.letters ?? 2000;
  const seconds = options.seconds ?? 10;
  // A log line per letter would measure the terminal, not the delivery.
  logger.level = "warn";
  const sink = await startDiscardSink();
  const db = await openBenchDatabase();
  const mailer = smtpMailer(sink.url);
  try {
    const ids = await seedLetters(db.handle, count);
    const messages = await messagesFor(db.handle, ids);
    await enqueueLetters(db.handle, ids);
    const shipped = await runShippedWorkers(db, mailer, sink, count);
    // The same messages over as many connections, one in flight on each, straight to nodemailer.
    const direct = await runDirect(sink, messages, {
      concurrency: smtpConnections,
      noDelay: true,
      seconds,
    });
    return [
      {
        name: `delivery letters/s, one worker as shipped (batches of ${letterBatchSize})`,
        demarche: shipped,
        baseline: direct,
        baselineName: `nodemailer direct, pool of ${smtpConnections}, ${smtpConnections} in flight`,
        target: "≥ 70%",
        met: shipped / direct >= 0.7,
      },
    ];
  } finally {
    mailer.close();
    await db.close();
    await sink.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.table(await benchDelivery());
}
