import type { AppLoadContext } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asks, auditEvents, campaigns, letters } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import type { StaffRole } from "~/auth/roles";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { recordBounce } from "~/delivery/delivery.server";
import { mailTokenFor } from "~/delivery/mail-tokens.server";
import { campaignMetrics } from "~/metrics/metrics.server";
import { defaultRange } from "~/metrics/metrics-range";
import { action, loader } from "~/routes/staff.campaigns.$campaign.letters/route";
import { testContext } from "../setup/load-context";
import {
  outcome,
  type SignedInStaff,
  signedInStaff,
  staffGet,
  staffPost,
} from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
const staff = {} as Record<StaffRole, SignedInStaff>;
let context: AppLoadContext;
const params = { campaign: demoCampaignSlug };
const lettersPath = `/staff/campaigns/${demoCampaignSlug}/letters`;

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  for (const role of ["viewer", "editor", "admin"] as const)
    staff[role] = await signedInStaff(database.db, role);
});
afterAll(() => database.drop());

async function sentLetter() {
  const [campaign] = await database.db
    .select()
    .from(campaigns)
    .where(eq(campaigns.slug, demoCampaignSlug));
  const [ask] = await database.db
    .select()
    .from(asks)
    .where(eq(asks.campaignId, campaign?.id ?? 0));
  const [letter] = await database.db
    .insert(letters)
    .values({
      campaignId: campaign?.id ?? 0,
      askId: ask?.id ?? 0,
      stateIso3: "DEU",
      targetKind: "ministry",
      language: "en",
      subject: "Appeal",
      body: "Excellency, please act.",
      templateVersion: "file",
      status: "sent",
      sentAt: new Date(Date.now() - 3_600_000),
    })
    .returning({ id: letters.id });
  if (!letter) throw new Error("letter not stored");
  return letter;
}

async function statusOf(id: number) {
  const [row] = await database.db.select().from(letters).where(eq(letters.id, id));
  return row?.status;
}

function undo(letter: string, role: StaffRole) {
  return outcome(() =>
    action({
      request: staffPost(lettersPath, { intent: "dismiss-bounce", letter }, staff[role]),
      params,
      context,
    }),
  );
}

describe("bounced letters under review", () => {
  it("lists each bounce with its report, and an editor undoes a forged one, audited", async () => {
    const letter = await sentLetter();
    await recordBounce(
      database.db,
      `bounces+${mailTokenFor(letter.id)}@act.example.org`,
      "550 5.1.1 forged report",
    );
    expect(await statusOf(letter.id)).toBe("bounced");
    const before = await totals();

    const page = await outcome(() =>
      loader({ request: staffGet(lettersPath, staff.viewer), params, context }),
    );
    const bounces = (page.body as { bounces: { id: number; report: string }[] }).bounces;
    expect(bounces).toContainEqual(
      expect.objectContaining({ id: letter.id, report: "550 5.1.1 forged report" }),
    );

    const undone = await undo(String(letter.id), "editor");
    expect(undone.status).toBe(302);
    expect(undone.response?.headers.get("Location")).toContain("done=delivered");
    expect(await statusOf(letter.id)).toBe("sent");
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "letter.bounce_dismissed"),
          eq(auditEvents.entityId, String(letter.id)),
        ),
      );
    expect(audit?.actorUserId).toBe(staff.editor.user.id);
    // The tallies follow: one bounce fewer, one delivery more.
    const after = await totals();
    expect(after.totals.bounced).toBe(before.totals.bounced - 1);
    expect(after.totals.delivered).toBe(before.totals.delivered + 1);
  });

  it("refuses viewers, a letter that is not bounced, and a letter id that is not one", async () => {
    const letter = await sentLetter();
    await recordBounce(
      database.db,
      `bounces+${mailTokenFor(letter.id)}@act.example.org`,
      "550 gone",
    );

    expect((await undo(String(letter.id), "viewer")).status).toBe(403);
    expect(await statusOf(letter.id)).toBe("bounced");

    const delivered = await sentLetter();
    const notBounced = await undo(String(delivered.id), "editor");
    expect(notBounced.status).toBe(409);
    expect(notBounced.body).toMatchObject({ errors: { form: expect.stringContaining("not") } });

    for (const bad of ["", "abc", "-3", "1e400"]) {
      expect((await undo(bad, "editor")).status).toBe(400);
    }
    expect(await statusOf(letter.id)).toBe("bounced");
  });
});

/** The dashboard's totals, from the summary tables the letter triggers keep. */
async function totals() {
  const campaign = await getCampaignWithAsks(database.db, demoCampaignSlug);
  if (!campaign) throw new Error("the demo campaign was not seeded");
  return campaignMetrics(database.db, campaign, defaultRange("UTC"), { source: "tallies" });
}
