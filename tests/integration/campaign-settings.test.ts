import type { AppLoadContext } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, campaigns } from "#db/schema";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { action, loader } from "~/routes/staff.campaigns.$campaign.settings/route";
import { testContext } from "../setup/load-context";
import { outcome, signedInStaff, staffGet, staffPost } from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
let context: AppLoadContext;
const params = { campaign: "iran-end-impunity" };
const path = "/staff/campaigns/iran-end-impunity/settings";

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
});
afterAll(() => database.drop());

const settings = {
  status: "active",
  targetMinistry: "on",
  targetGeneva: "on",
  senderEmail: "letters@act.example.org",
  confirmBeforeSend: "on",
  replyToSupporter: "on",
  lettersPerTargetPerHour: "12",
  officeHoursOnly: "on",
  followUpDays: "10",
  retentionDays: "60",
};

describe("campaign settings", () => {
  it("are for editors: a viewer gets 403", async () => {
    const viewer = await signedInStaff(database.db, "viewer");
    expect(
      (await outcome(() => loader({ request: staffGet(path, viewer), params, context }))).status,
    ).toBe(403);
    expect(
      (await outcome(() => action({ request: staffPost(path, settings, viewer), params, context })))
        .status,
    ).toBe(403);
  });

  it("save what an admin chose, audited", async () => {
    const admin = await signedInStaff(database.db, "admin");
    const saved = await outcome(() =>
      action({ request: staffPost(path, settings, admin), params, context }),
    );
    expect(saved.status).toBe(302);
    const [campaign] = await database.db
      .select()
      .from(campaigns)
      .where(eq(campaigns.slug, "iran-end-impunity"));
    expect(campaign).toMatchObject({
      targetKinds: ["ministry", "geneva"],
      senderEmail: "letters@act.example.org",
      confirmBeforeSend: true,
      copyToSupporter: false,
      lettersPerTargetPerHour: 12,
      officeHoursOnly: true,
      followUpDays: 10,
      retentionDays: 60,
    });
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "campaign.settings"));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]?.details)).not.toContain("letters@act.example.org");
  });

  it("refuse bad values next to their fields and change nothing", async () => {
    const admin = await signedInStaff(database.db, "admin");
    const bad = {
      ...settings,
      targetMinistry: "",
      targetGeneva: "",
      lettersPerTargetPerHour: "0",
      senderEmail: "nope",
    };
    const result = await outcome(() =>
      action({ request: staffPost(path, bad, admin), params, context }),
    );
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      errors: {
        targetMinistry: expect.stringMatching(/at least one office/),
        lettersPerTargetPerHour: expect.stringMatching(/at least 1/),
        senderEmail: expect.stringMatching(/e-mail/),
      },
      values: { lettersPerTargetPerHour: "0", senderEmail: "nope" },
    });
    const [campaign] = await database.db
      .select()
      .from(campaigns)
      .where(eq(campaigns.slug, "iran-end-impunity"));
    expect(campaign?.lettersPerTargetPerHour).toBe(12);
  });

  it("keep the sender address and the confirmation step for admins: an editor's POST changes neither", async () => {
    const editor = await signedInStaff(database.db, "editor");
    const page = await outcome(() => loader({ request: staffGet(path, editor), params, context }));
    expect(page.body).toMatchObject({ isAdmin: false });
    const { confirmBeforeSend: _, ...withoutConfirmation } = settings;
    const spoof = { ...withoutConfirmation, senderEmail: "ceo@bank.example", followUpDays: "21" };
    const saved = await outcome(() =>
      action({ request: staffPost(path, spoof, editor), params, context }),
    );
    expect(saved.status).toBe(302);
    const [campaign] = await database.db
      .select()
      .from(campaigns)
      .where(eq(campaigns.slug, "iran-end-impunity"));
    expect(campaign).toMatchObject({
      senderEmail: "letters@act.example.org",
      confirmBeforeSend: true,
      followUpDays: 21,
    });
  });
});
