import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, campaignTranslations } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import type { StaffRole } from "~/auth/roles";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import {
  action as translationAction,
  loader as translationLoader,
} from "~/routes/api.v1.campaigns.$campaign.translations.$language";
import { loader as campaignLoader } from "~/routes/c.$campaign";
import { apiAnswer, apiRequest, apiTokensByRole } from "../setup/api-requests";
import { testContext } from "../setup/load-context";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

/** Issue 12: campaign texts per language through the API, with the staff page's rules. */

let database: TestDatabase;
let tokens: Record<StaffRole, string>;
let context: ReturnType<typeof testContext>;

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  tokens = await apiTokensByRole(database.db, "translations-api");
});
afterAll(() => database.drop());

const request = (language: string, method: string, token?: string, body?: unknown) =>
  apiRequest(`/campaigns/${demoCampaignSlug}/translations/${language}`, method, token, body);
const send = apiAnswer;

const params = (language: string) => ({ campaign: demoCampaignSlug, language });
const get = (language: string, token = tokens.viewer) =>
  send(() =>
    translationLoader({
      request: request(language, "GET", token),
      params: params(language),
      context,
    }),
  );
const put = (language: string, body: unknown, token = tokens.editor) =>
  send(() =>
    translationAction({
      request: request(language, "PUT", token, body),
      params: params(language),
      context,
    }),
  );

async function storedTitle(language: string): Promise<string | null> {
  const campaign = await getCampaignWithAsks(database.db, demoCampaignSlug);
  const [row] = await database.db
    .select({ title: campaignTranslations.title })
    .from(campaignTranslations)
    .where(
      and(
        eq(campaignTranslations.campaignId, campaign?.id ?? 0),
        eq(campaignTranslations.language, language),
      ),
    );
  return row?.title ?? null;
}

const spanish = {
  title: "Irán: poner fin a la impunidad",
  summary: "Escriba a su gobierno.",
  asks: { "hrc-special-session": { title: "Convocar una sesión especial del Consejo" } },
};

describe("PUT and GET /api/v1/campaigns/{campaign}/translations/{language}", () => {
  it("an editor writes the Spanish texts; a viewer reads them back and the es page shows them", async () => {
    const saved = await put("es", spanish);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      language: "es",
      title: spanish.title,
      asks: {
        "hrc-special-session": {
          title: "Convocar una sesión especial del Consejo",
          description: "",
        },
        "unsc-icc-referral": { title: "", description: "" },
      },
    });
    expect((await get("es")).body).toEqual(saved.body);
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "campaign.translation.save"));
    expect(audit).toHaveLength(1);

    const page = (await campaignLoader({
      request: new Request(`http://localhost/c/${demoCampaignSlug}?lang=es`),
      params: { campaign: demoCampaignSlug },
      context,
    })) as { campaign: { title: string } };
    expect(page.campaign.title).toBe(spanish.title);
  });

  it("refuses bad texts and unknown asks with 400 and issues, keeping what was stored", async () => {
    const bad: Array<[unknown, string[]]> = [
      [{ title: "x".repeat(201) }, ["title"]],
      [{ summary: "One.\n\nTwo." }, ["summary"]],
      [{ publicText: "<script>alert(1)</script>" }, ["publicText"]],
      [
        { asks: { "hrc-special-session": { title: "ab" } } },
        ["asks", "hrc-special-session", "title"],
      ],
      [{ asks: { "no-such-ask": { title: "Una petición" } } }, ["asks", "no-such-ask"]],
      [{ colour: "red" }, []],
    ];
    for (const [body, path] of bad) {
      const refused = await put("es", body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      if (path.length > 0) expect(refused.body.issues?.map((i) => i.path)).toContainEqual(path);
      expect(await storedTitle("es")).toBe(spanish.title);
    }
  });

  it("answers 404 for a language the pages do not offer, or the campaign's own", async () => {
    expect((await get("de")).status).toBe(404);
    expect((await put("de", spanish)).status).toBe(404);
    const own = await put("en", spanish);
    expect(own.status).toBe(404);
    expect(own.body.error).toMatch(/PATCH/);
  });

  it("needs an editor to write (a viewer gets 403) and a token to read (401)", async () => {
    expect((await put("fr", spanish, tokens.viewer)).status).toBe(403);
    expect(await storedTitle("fr")).toBeNull();
    expect((await get("fr", "")).status).toBe(401);
  });

  it("removes the language when every text is empty", async () => {
    const emptied = await put("es", {});
    expect(emptied.status).toBe(200);
    expect(await storedTitle("es")).toBeNull();
    expect((await get("es")).body).toMatchObject({ title: "", summary: "" });
  });
});
