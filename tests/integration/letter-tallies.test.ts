import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { delegationResponses, letters, positionEvents, replyReports } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { seedScale } from "~/cli/seed-scale";
import { startLetterWorkers } from "~/delivery/workers.server";
import { smtpMailer } from "~/lib/mail.server";
import { createQueue, queueNames } from "~/lib/queue.server";
import { foldLetterTallies, rebuildLetterTallies } from "~/metrics/letter-tallies.server";
import { type CampaignMetrics, campaignMetrics } from "~/metrics/metrics.server";
import type { MetricsRange } from "~/metrics/metrics-range";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

/**
 * The dashboard's summary tables against the letters themselves: for a few
 * hundred letters with every kind of outcome, and after the changes staff,
 * workers and supporters make, the metrics from the tallies must equal the
 * metrics counted from the letters, before and after folding and rebuilding.
 */

let database: TestDatabase;
let campaign: NonNullable<Awaited<ReturnType<typeof getCampaignWithAsks>>>;

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function randomFrom(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = randomFrom(20260126);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const hours = (n: number) => n * 3_600_000;

const states = ["FRA", "DEU", "GBR", "IND", "BRA", "JPN", "ZAF", "MEX"];
const start = Date.parse("2026-02-01T00:00:00Z");

function randomLetter(index: number) {
  const createdAt = new Date(start + Math.floor(random() * hours(24 * 70)) + random() * 1000);
  const roll = random();
  const status =
    roll < 0.1
      ? "awaiting_confirmation"
      : roll < 0.15
        ? "queued"
        : roll < 0.2
          ? "failed"
          : roll < 0.3
            ? "bounced"
            : "sent";
  const confirmedAt =
    status === "awaiting_confirmation"
      ? null
      : new Date(createdAt.getTime() + hours(random() * 30));
  const sentAt =
    status === "sent" || status === "bounced"
      ? new Date((confirmedAt ?? createdAt).getTime() + hours(random() * 20))
      : null;
  return {
    campaignId: campaign.id,
    askId: pick(campaign.asks).id,
    stateIso3: pick(states),
    targetKind: pick(["ministry", "geneva", "new_york"] as const),
    language: pick(["en", "fr", "es"]),
    subject: "Iran: end impunity",
    templateVersion: "file",
    status,
    bounceToken: `tallies-${index}`,
    createdAt,
    confirmedAt,
    sentAt,
  } as const;
}

async function seedOutcomes(letterIds: number[]) {
  const sent = await database.db
    .select({ id: letters.id, sentAt: letters.sentAt, state: letters.stateIso3 })
    .from(letters)
    .where(inArray(letters.id, letterIds));
  const reports: Array<typeof replyReports.$inferInsert> = [];
  const responses: Array<typeof delegationResponses.$inferInsert> = [];
  for (const letter of sent) {
    if (!letter.sentAt) continue;
    const sentAt = letter.sentAt.getTime();
    const after = (days: number) => new Date(sentAt + hours(24 * days));
    for (let n = Math.floor(random() * 3); n > 0; n--) {
      if (random() > 0.4) continue;
      reports.push({
        letterId: letter.id,
        source: pick(["supporter", "email"] as const),
        kind: pick(["replied", "replied", "acknowledged", "no_reply"] as const),
        automatic: random() < 0.2,
        status: pick(["pending", "accepted", "merged", "rejected"] as const),
        receivedAt: after(random() * 12),
      });
    }
    if (random() < 0.12) {
      responses.push({
        campaignId: campaign.id,
        stateIso3: letter.state,
        channel: "email",
        receivedOn: after(Math.floor(random() * 9))
          .toISOString()
          .slice(0, 10),
        summary: "Acknowledged",
        letterId: letter.id,
      });
    }
  }
  if (reports.length) await database.db.insert(replyReports).values(reports);
  if (responses.length) await database.db.insert(delegationResponses).values(responses);
}

/** Positions before the campaign, and changes while letters arrive: the movement table. */
async function seedPositions() {
  const events: Array<typeof positionEvents.$inferInsert> = [];
  for (const ask of campaign.asks.slice(0, 2)) {
    for (const state of states) {
      events.push({
        askId: ask.id,
        stateIso3: state,
        position: "undecided",
        observedOn: "2026-01-05",
        evidence: "Before.",
      });
      if (random() < 0.6) {
        const day = new Date(start + Math.floor(random() * 80) * hours(24))
          .toISOString()
          .slice(0, 10);
        events.push({
          askId: ask.id,
          stateIso3: state,
          position: "supports",
          observedOn: day,
          evidence: "Moved.",
        });
      }
    }
  }
  await database.db.insert(positionEvents).values(events);
}

const ranges: MetricsRange[] = [
  { from: "2026-01-25", to: "2026-04-30", timeZone: "UTC" },
  // Exactly two UTC months; exactly one UTC day.
  { from: "2026-02-01", to: "2026-03-31", timeZone: "UTC" },
  { from: "2026-03-10", to: "2026-03-10", timeZone: "UTC" },
  // Summer time starts on 29 March in Paris and on 8 March in New York.
  { from: "2026-03-01", to: "2026-03-31", timeZone: "Europe/Paris" },
  { from: "2026-03-01", to: "2026-03-15", timeZone: "America/New_York" },
  { from: "2026-02-14", to: "2026-02-14", timeZone: "Asia/Tokyo" },
  { from: "2026-02-10", to: "2026-03-20", timeZone: "Pacific/Kiritimati" },
];

async function both(range: MetricsRange) {
  const [tallied, counted] = await Promise.all([
    campaignMetrics(database.db, campaign, range, { source: "tallies" }),
    campaignMetrics(database.db, campaign, range, { source: "letters" }),
  ]);
  return { tallied, counted };
}

async function expectTalliesToMatchLetters() {
  for (const range of ranges) {
    const { tallied, counted } = await both(range);
    expect(tallied, `${range.timeZone} ${range.from}…${range.to}`).toEqual(counted);
  }
}

async function nonZeroTallies() {
  return Promise.all([
    database.db.execute(sql`
      select campaign_id, span, starts_at, state_iso3, language, ask_id, target_kind,
        answered_after, started, confirmed, sent, delivered, bounced, replied,
        replied_by_supporter, replied_by_email, answered
      from letter_tallies where started <> 0
      order by campaign_id, span, starts_at, state_iso3, language, ask_id, target_kind,
        answered_after`),
    database.db.execute(sql`select * from letter_event_tallies where n <> 0
      order by campaign_id, hour, event`),
    database.db.execute(sql`select * from letter_delivery_tallies where n <> 0
      order by campaign_id, ask_id, state_iso3, day`),
  ]);
}

let letterIds: number[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
  const found = await getCampaignWithAsks(database.db, demoCampaignSlug);
  if (!found) throw new Error("demo campaign missing");
  campaign = found;
  const rows = Array.from({ length: 400 }, (_, i) => randomLetter(i));
  const stored = await database.db.insert(letters).values(rows).returning({ id: letters.id });
  letterIds = stored.map((row) => row.id);
  await seedOutcomes(letterIds);
  await seedPositions();
});
afterAll(() => database.drop());

describe("letter tallies", () => {
  let sample: CampaignMetrics;

  it("count every outcome exactly before any fold, from the pending changes", async () => {
    const pending = await database.db.execute(
      sql`select count(*)::int as n from letter_tally_changes`,
    );
    expect(pending[0]?.n).toBeGreaterThan(400);
    await expectTalliesToMatchLetters();
    sample = await campaignMetrics(database.db, campaign, ranges[0] as MetricsRange);
    expect(sample.totals.started).toBe(400);
    expect(sample.totals.replied).toBeGreaterThan(0);
    expect(sample.byState.some((state) => state.medianDaysToAnswer !== null)).toBe(true);
    expect(sample.movement.length).toBeGreaterThan(3);
    expect(sample.movement.some((change) => change.lettersBefore > 0)).toBe(true);
  });

  it("still match after folding, and leave nothing pending", async () => {
    await foldLetterTallies(database.db);
    const pending = await database.db.execute(
      sql`select count(*)::int as n from letter_tally_changes`,
    );
    expect(pending[0]?.n).toBe(0);
    await expectTalliesToMatchLetters();
    expect(await campaignMetrics(database.db, campaign, ranges[0] as MetricsRange)).toEqual(sample);
  });

  it("follow bounces, confirmations, review decisions, new replies, responses and deletions", async () => {
    const db = database.db;
    const sentIds = (
      await db.select({ id: letters.id }).from(letters).where(eq(letters.status, "sent"))
    ).map((row) => row.id);
    await db
      .update(letters)
      .set({ status: "bounced" })
      .where(inArray(letters.id, sentIds.slice(0, 15)));
    await db
      .update(letters)
      .set({
        status: "sent",
        confirmedAt: new Date("2026-03-10T10:00:00Z"),
        sentAt: new Date("2026-03-10T11:30:00Z"),
      })
      .where(eq(letters.status, "queued"));
    await db
      .update(replyReports)
      .set({ status: "rejected" })
      .where(inArray(replyReports.id, sql`(select id from reply_reports order by id limit 10)`));
    await db
      .update(replyReports)
      .set({ status: "accepted" })
      .where(eq(replyReports.status, "pending"));
    await db.insert(replyReports).values(
      sentIds.slice(20, 40).map((letterId, i) => ({
        letterId,
        source: i % 2 ? ("email" as const) : ("supporter" as const),
        kind: "replied" as const,
        receivedAt: new Date("2026-04-02T08:00:00Z"),
      })),
    );
    const [response] = await db.select().from(delegationResponses).limit(1);
    if (response) {
      await db
        .update(delegationResponses)
        .set({ letterId: sentIds[50] ?? null, receivedOn: "2026-04-20" })
        .where(eq(delegationResponses.id, response.id));
    }
    await db
      .delete(delegationResponses)
      .where(
        inArray(
          delegationResponses.id,
          sql`(select id from delegation_responses order by id desc limit 2)`,
        ),
      );
    // Retention scrubs the words but keeps the counts; deleted letters leave the counts.
    await db
      .update(letters)
      .set({ body: null, scrubbedAt: new Date() })
      .where(inArray(letters.id, letterIds.slice(0, 50)));
    await db.delete(letters).where(inArray(letters.id, letterIds.slice(100, 110)));
    await expectTalliesToMatchLetters();
    await foldLetterTallies(db);
    await expectTalliesToMatchLetters();
  });

  it("are rebuilt from the letters to exactly what the triggers kept", async () => {
    await foldLetterTallies(database.db);
    const kept = await nonZeroTallies();
    await rebuildLetterTallies(database.db);
    expect(await nonZeroTallies()).toEqual(kept);
    await expectTalliesToMatchLetters();
  });

  it("are not used for zones whose midnights are not on the hour", async () => {
    const kolkata: MetricsRange = {
      from: "2026-03-01",
      to: "2026-03-31",
      timeZone: "Asia/Kolkata",
    };
    const counted = await campaignMetrics(database.db, campaign, kolkata, { source: "letters" });
    expect(await campaignMetrics(database.db, campaign, kolkata)).toEqual(counted);
    // Hourly buckets cannot split Kolkata's days at 18:30 UTC: they would count differently.
    const tallied = await campaignMetrics(database.db, campaign, kolkata, { source: "tallies" });
    expect(tallied.daily).not.toEqual(counted.daily);
  });

  it("are recounted after a bulk load that deferred them (npm run seed:scale)", async () => {
    const bulk = await createTestDatabase();
    try {
      const seeded = await seedScale(bulk, {
        supporters: 1500,
        letters: 3000,
        campaign: demoCampaignSlug,
        progress: false,
      });
      const demo = await getCampaignWithAsks(bulk.db, demoCampaignSlug);
      if (!demo) throw new Error("demo campaign missing");
      const year: MetricsRange = { from: "2025-11-01", to: "2026-12-31", timeZone: "Europe/Paris" };
      const tallied = await campaignMetrics(bulk.db, demo, year, { source: "tallies" });
      expect(tallied.totals.started).toBe(seeded.rows.letters);
      expect(tallied.totals.replied).toBeGreaterThan(0);
      expect(tallied).toEqual(await campaignMetrics(bulk.db, demo, year, { source: "letters" }));
      // The pooled connection it used counts letters again.
      const pending = await bulk.sql`select count(*)::int as n from letter_tally_changes`;
      await bulk.db.update(letters).set({ status: "bounced" }).where(eq(letters.status, "sent"));
      const after = await bulk.sql`select count(*)::int as n from letter_tally_changes`;
      expect(after[0]?.n).toBeGreaterThan(pending[0]?.n ?? 0);
      expect(await campaignMetrics(bulk.db, demo, year, { source: "tallies" })).toEqual(
        await campaignMetrics(bulk.db, demo, year, { source: "letters" }),
      );
    } finally {
      await bulk.drop();
    }
  });

  it("are folded by the queue worker's scheduled job", async () => {
    await database.db.insert(letters).values(randomLetter(10_000));
    const pending = () =>
      database.db.execute<{ n: number }>(sql`select count(*)::int as n from letter_tally_changes`);
    expect((await pending())[0]?.n).toBeGreaterThan(0);
    const boss = createQueue(database.url, { supervise: false, schedule: false });
    await boss.start();
    try {
      // The mailer is never used: folding sends nothing.
      const mailer = smtpMailer("smtp://127.0.0.1:9");
      const settings = { mailFrom: "letters@example.org", appUrl: "http://localhost" };
      await startLetterWorkers(
        boss,
        { db: database.db, mailer, settings },
        {
          pollingIntervalSeconds: 0.5,
        },
      );
      await boss.send(queueNames.foldTallies, {});
      const deadline = Date.now() + 15_000;
      while ((await pending())[0]?.n !== 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect((await pending())[0]?.n).toBe(0);
      mailer.close();
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    await expectTalliesToMatchLetters();
  });
});
