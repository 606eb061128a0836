import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { importPositions } from "~/positions/position-import.server";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
let askId = 0;
const actor = { kind: "cli" as const };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
  const campaign = await getCampaignWithAsks(database.db, "iran-end-impunity");
  askId = campaign?.asks.find((a) => a.slug === "hrc-special-session")?.id ?? 0;
});
afterAll(() => database.drop());

const header = "state,stance,observed_on,source_url,evidence,visibility";
const options = { dryRun: false, today: "2026-11-26" };

describe("the import report", () => {
  it("compares each row with the position in force on its own date", async () => {
    await importPositions(
      database.db,
      actor,
      askId,
      `${header}\nFRA,supports,2026-03-01,,Statement in plenary,public\n`,
      options,
    );
    const report = await importPositions(
      database.db,
      actor,
      askId,
      [
        header,
        // Backdated: France supported since March, so this one is history, not a change.
        "FRA,undecided,2026-02-01,,Earlier hesitation,internal",
        // Two rows for one state: the second starts from the first.
        "CHL,leaning_support,2026-04-01,,Meeting note,internal",
        "CHL,supports,2026-05-01,,Signed the letter,public",
      ].join("\n"),
      { ...options, dryRun: true },
    );
    expect(report.errors).toEqual([]);
    expect(report.rows.map(({ iso3, from, to, changes }) => ({ iso3, from, to, changes }))).toEqual(
      [
        { iso3: "FRA", from: "no_information", to: "undecided", changes: false },
        { iso3: "CHL", from: "no_information", to: "leaning_support", changes: false },
        { iso3: "CHL", from: "leaning_support", to: "supports", changes: true },
      ],
    );
  });
});
