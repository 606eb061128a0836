import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { letters, supporters } from "#db/schema";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { duplicateParagraphs } from "~/letters/duplicate-paragraphs.server";
import { scrubExpiredLetters } from "~/supporters/retention.server";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
let campaignId = 0;
let askId = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
  const campaign = await getCampaignWithAsks(database.db, "iran-end-impunity");
  campaignId = campaign?.id ?? 0;
  askId = campaign?.asks[0]?.id ?? 0;
});
afterAll(() => database.drop());

let counter = 0;
async function letterFrom(options: {
  email: string;
  daysAgo: number;
  status: "sent" | "queued" | "awaiting_confirmation";
  paragraph?: string;
  state?: string;
}) {
  counter += 1;
  const [supporter] = await database.db
    .insert(supporters)
    .values({
      email: options.email,
      name: "Sam",
      countryIso3: options.state ?? "FRA",
      language: "en",
      manageToken: `t${counter}${options.email}`,
    })
    .onConflictDoNothing()
    .returning({ id: supporters.id });
  const supporterId =
    supporter?.id ??
    (
      await database.db
        .select({ id: supporters.id })
        .from(supporters)
        .where(eq(supporters.email, options.email))
    )[0]?.id;
  const createdAt = new Date(Date.now() - options.daysAgo * 86_400_000);
  const [letter] = await database.db
    .insert(letters)
    .values({
      campaignId,
      askId,
      supporterId,
      stateIso3: options.state ?? "FRA",
      targetKind: "ministry",
      language: "en",
      subject: "Iran",
      body: "Excellency, … Sam",
      personalParagraph: options.paragraph ?? `My own words about this, number ${counter}.`,
      templateVersion: "file:en",
      status: options.status,
      bounceToken: `b${counter}`,
      createdAt,
    })
    .returning({ id: letters.id });
  return { letterId: letter?.id ?? 0, supporterId: supporterId ?? 0 };
}

describe("retention", () => {
  it("scrubs supporters' words after 90 days, keeps the letters as counts, and leaves recent ones", async () => {
    const old = await letterFrom({ email: "old@example.org", daysAgo: 120, status: "sent" });
    const recent = await letterFrom({ email: "recent@example.org", daysAgo: 10, status: "sent" });
    const oldButPending = await letterFrom({
      email: "pending@example.org",
      daysAgo: 120,
      status: "queued",
    });

    expect(await scrubExpiredLetters(database.db)).toEqual({ letters: 1, supporters: 1 });
    const rows = await database.db
      .select()
      .from(letters)
      .where(inArray(letters.id, [old.letterId, recent.letterId, oldButPending.letterId]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(old.letterId)).toMatchObject({
      body: null,
      personalParagraph: null,
      status: "sent",
    });
    expect(byId.get(old.letterId)?.scrubbedAt).not.toBeNull();
    expect(byId.get(recent.letterId)?.personalParagraph).toMatch(/^My own words about this/);
    // A letter not yet delivered keeps what it needs to be delivered.
    expect(byId.get(oldButPending.letterId)?.body).not.toBeNull();
    const [supporter] = await database.db
      .select()
      .from(supporters)
      .where(eq(supporters.id, old.supporterId));
    expect(supporter).toMatchObject({ email: null, name: null });
    // Running again changes nothing.
    expect(await scrubExpiredLetters(database.db)).toEqual({ letters: 0, supporters: 0 });
  });
});

describe("near-duplicate personal paragraphs", () => {
  it("groups the same words from three or more supporters, whatever the case and punctuation", async () => {
    const copied = "Free the protesters now, and stop the executions!";
    await letterFrom({
      email: "a@example.org",
      daysAgo: 1,
      status: "sent",
      paragraph: copied,
      state: "DEU",
    });
    await letterFrom({
      email: "b@example.org",
      daysAgo: 1,
      status: "sent",
      paragraph: "free the protesters NOW and stop the executions",
      state: "FRA",
    });
    await letterFrom({
      email: "c@example.org",
      daysAgo: 1,
      status: "sent",
      paragraph: `  ${copied}  `,
      state: "DEU",
    });
    await letterFrom({
      email: "d@example.org",
      daysAgo: 1,
      status: "sent",
      paragraph: "Something else entirely, in my own words.",
    });
    const groups = await duplicateParagraphs(database.db, campaignId);
    expect(groups).toEqual([
      expect.objectContaining({ supporters: 3, letters: 3, states: ["DEU", "FRA"] }),
    ]);
  });
});
