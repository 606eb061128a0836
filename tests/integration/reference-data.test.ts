import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedReferenceData } from "#db/seed/seed-reference";
import { bodyMembersAsOf, romeStatutePartiesAsOf } from "~/reference/membership.server";
import { listStates } from "~/states/states.server";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

function byGroup(members: { regionalGroup: string | null }[]) {
  const counts: Record<string, number> = {};
  for (const m of members)
    counts[m.regionalGroup ?? "none"] = (counts[m.regionalGroup ?? "none"] ?? 0) + 1;
  return counts;
}

describe("UN reference data in the database", () => {
  it("holds 193 member states and 2 observers, with names in the nine letter languages", async () => {
    const states = await listStates(database.db);
    expect(states.filter((s) => s.unStatus === "member")).toHaveLength(193);
    expect(states.filter((s) => s.unStatus === "observer")).toHaveLength(2);
    const france = states.find((s) => s.iso3 === "FRA");
    expect(Object.keys(france?.names ?? {}).sort()).toEqual([
      "ar",
      "de",
      "en",
      "es",
      "fa",
      "fr",
      "pt",
      "ru",
      "zh",
    ]);
    expect(france?.names.fr).toBe("France");
    expect(states.find((s) => s.iso3 === "DEU")?.names.de).toBe("Deutschland");
    expect(states.find((s) => s.iso3 === "IRN")?.names.fa).toBe("ایران");
    expect(states.find((s) => s.iso3 === "CIV")?.names.fr).toMatch(/Ivoire/);
  });

  it("counts 47 Human Rights Council members on 2026-06-01, split 13/13/6/8/7", async () => {
    const hrc = await bodyMembersAsOf(database.db, "hrc", "2026-06-01");
    expect(hrc).toHaveLength(47);
    expect(byGroup(hrc)).toEqual({
      African: 13,
      "Asia-Pacific": 13,
      "Eastern European": 6,
      GRULAC: 8,
      WEOG: 7,
    });
  });

  it("treats terms as dated: the 2024-2026 cohort is gone on 2027-01-01", async () => {
    expect(await bodyMembersAsOf(database.db, "hrc", "2026-12-31")).toHaveLength(47);
    const in2027 = await bodyMembersAsOf(database.db, "hrc", "2027-01-01");
    expect(in2027).toHaveLength(32);
    expect(in2027.map((m) => m.iso3)).not.toContain("FRA");
  });

  it("counts 15 Security Council members on 2026-06-01, 5 of them permanent", async () => {
    const unsc = await bodyMembersAsOf(database.db, "unsc", "2026-06-01");
    expect(unsc).toHaveLength(15);
    expect(
      unsc
        .filter((m) => m.permanent)
        .map((m) => m.iso3)
        .sort(),
    ).toEqual(["CHN", "FRA", "GBR", "RUS", "USA"]);
  });

  it("knows the members elected for 2027-2028", async () => {
    const unsc = (await bodyMembersAsOf(database.db, "unsc", "2027-03-01")).map((m) => m.iso3);
    expect(unsc).toHaveLength(15);
    expect(unsc).toEqual(expect.arrayContaining(["AUT", "PRT", "KGZ", "TTO", "ZWE", "BHR", "LVA"]));
    expect(unsc).not.toContain("DNK");
  });

  it("seats all 193 members in the General Assembly", async () => {
    expect(await bodyMembersAsOf(database.db, "unga", "2026-06-01")).toHaveLength(193);
  });

  it("counts Rome Statute parties as the reference says on each date", async () => {
    const count = async (day: string) => (await romeStatutePartiesAsOf(database.db, day)).length;
    expect(await count("2024-01-31")).toBe(123); // before Armenia
    expect(await count("2024-02-01")).toBe(124); // Armenia in force
    expect(await count("2025-01-01")).toBe(125); // Ukraine, the 125th
    expect(await count("2026-06-01")).toBe(125); // Hungary still a party
    expect(await count("2026-06-02")).toBe(124); // Hungary's withdrawal effective
    expect(await count("2026-11-26")).toBe(124);
    const parties = (await romeStatutePartiesAsOf(database.db, "2019-03-16")).map((p) => p.iso3);
    expect(parties).toContain("PHL");
    expect(parties).not.toContain("BDI");
  });

  it("can be seeded again without duplicating anything", async () => {
    await seedReferenceData(database.db);
    expect(await bodyMembersAsOf(database.db, "unga", "2026-06-01")).toHaveLength(193);
    expect(await bodyMembersAsOf(database.db, "hrc", "2026-06-01")).toHaveLength(47);
  });
});
