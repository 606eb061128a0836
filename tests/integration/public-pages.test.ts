import type { AppLoadContext } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import type { PublicAskPositions, PublicAskSummary } from "~/positions/public-asks.server";
import { worldMapAsset } from "~/positions/world-map-asset.server";
import { loader as campaignLoader } from "~/routes/c.$campaign";
import { loader as askLoader } from "~/routes/c.$campaign_.asks.$ask";
import { loader as assetLoader } from "~/routes/maps.$version.world[.]svg";
import { testContext } from "../setup/load-context";
import { outcome } from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
let context: AppLoadContext;
const asks = [
  "hrc-special-session",
  "unsc-icc-referral",
  "accountability-mechanism",
  "universal-jurisdiction",
  "unsc-meeting",
];

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
});
afterAll(() => database.drop());

function campaignPage(campaign: string) {
  return outcome(() =>
    campaignLoader({
      request: new Request(`http://localhost/c/${encodeURIComponent(campaign)}`),
      params: { campaign },
      context,
    }),
  );
}

function askPage(campaign: string, ask: string) {
  return outcome(() =>
    askLoader({
      request: new Request(`http://localhost/c/${campaign}/asks/${encodeURIComponent(ask)}`),
      params: { campaign, ask },
      context,
    }),
  );
}

async function asset(version: string) {
  const { response, status } = await outcome(async () =>
    assetLoader({
      request: new Request(`http://localhost/maps/${version}/world.svg`),
      params: { version },
      context,
    }),
  );
  return { status, response, text: (await response?.text()) ?? "" };
}

describe("GET /c/:campaign", () => {
  it("carries the first ask's positions and only the other asks' tallies", async () => {
    const { status, body } = await campaignPage(demoCampaignSlug);
    expect(status).toBe(200);
    const page = body as { first: PublicAskPositions; rest: PublicAskSummary[] };
    expect(page.first.slug).toBe(asks[0]);
    expect(page.first.members).toHaveLength(47);
    expect(page.rest.map((ask) => ask.slug)).toEqual(asks.slice(1));
    for (const ask of page.rest) {
      expect(Object.keys(ask).sort()).toEqual(
        [
          "council",
          "description",
          "descriptionLang",
          "figures",
          "slug",
          "title",
          "titleLang",
        ].sort(),
      );
    }
  });

  it("sends the map's states and the asset's URL, not its geometry", async () => {
    const { body } = await campaignPage(demoCampaignSlug);
    const json = JSON.stringify(body);
    expect(json).toContain(`"href":"${worldMapAsset().href}"`);
    expect(json).not.toMatch(/"d":"M/);
    expect(json.length).toBeLessThan(30_000);
  });

  it("answers 404 to a malformed or draft campaign before or instead of showing it", async () => {
    expect((await campaignPage("\0")).status).toBe(404);
    expect((await campaignPage("x".repeat(500))).status).toBe(404);
    await database.db
      .update(campaigns)
      .set({ status: "draft" })
      .where(eq(campaigns.slug, demoCampaignSlug));
    try {
      expect((await campaignPage(demoCampaignSlug)).status).toBe(404);
      expect((await askPage(demoCampaignSlug, asks[1] ?? "")).status).toBe(404);
    } finally {
      await database.db
        .update(campaigns)
        .set({ status: "open" })
        .where(eq(campaigns.slug, demoCampaignSlug));
    }
  });
});

describe("GET /c/:campaign/asks/:ask", () => {
  it("gives every ask its own page with its positions", async () => {
    for (const slug of asks) {
      const { status, body } = await askPage(demoCampaignSlug, slug);
      expect(status, slug).toBe(200);
      const page = body as { ask: PublicAskPositions; map: { href: string; states: unknown[] } };
      expect(page.ask.slug).toBe(slug);
      expect(page.ask.noInformation).toBeGreaterThan(0);
      expect(page.map.states).toHaveLength(195);
    }
  });

  it("answers 404 to an unknown or malformed ask", async () => {
    expect((await askPage(demoCampaignSlug, "no-such-ask")).status).toBe(404);
    expect((await askPage(demoCampaignSlug, "a\0b")).status).toBe(404);
    expect((await askPage("no-such-campaign", asks[0] ?? "")).status).toBe(404);
  });
});

describe("GET /maps/:version/world.svg", () => {
  it("serves the current geometry for a year, immutable", async () => {
    const current = await asset(worldMapAsset().version);
    expect(current.status).toBe(200);
    expect(current.response?.headers.get("Content-Type")).toBe("image/svg+xml; charset=utf-8");
    expect(current.response?.headers.get("Cache-Control")).toBe(
      "public, max-age=31536000, immutable",
    );
    expect(current.text).toBe(worldMapAsset().svg);
  });

  it("serves an older version's pages the current geometry, cached briefly", async () => {
    const older = await asset("0123456789ab");
    expect(older.status).toBe(200);
    expect(older.response?.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(older.text).toContain('id="FRA"');
  });

  it("answers 404 to anything that is not a version", async () => {
    for (const version of ["latest", "\0", "0123456789AB", "0123456789abc"]) {
      expect((await asset(version)).status, version).toBe(404);
    }
  });
});
