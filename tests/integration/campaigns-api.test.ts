import type { AppLoadContext } from "@remix-run/node";
import { count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, campaigns, letters } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import type { StaffRole } from "~/auth/roles";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { submitLetter } from "~/letters/letters.server";
import { action as listAction, loader as listLoader } from "~/routes/api.v1.campaigns";
import {
  action as campaignAction,
  loader as campaignLoader,
} from "~/routes/api.v1.campaigns.$campaign";
import { apiAnswer, apiRequest, apiTokensByRole } from "../setup/api-requests";
import { testContext } from "../setup/load-context";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
let tokens: Record<StaffRole, string>;
let context: AppLoadContext;

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  tokens = await apiTokensByRole(database.db, "campaigns-api");
});
afterAll(() => database.drop());

const request = (path: string, method: string, token?: string, body?: unknown) =>
  apiRequest(`/campaigns${path}`, method, token, body);
const send = apiAnswer;

const post = (body: unknown, token = tokens.editor) =>
  send(() => listAction({ request: request("", "POST", token, body), params: {}, context }));
const patch = (slug: string, body: unknown, token = tokens.editor) =>
  send(() =>
    campaignAction({
      request: request(`/${slug}`, "PATCH", token, body),
      params: { campaign: slug },
      context,
    }),
  );
const list = (token?: string) =>
  send(() => listLoader({ request: request("", "GET", token), params: {}, context }));

async function campaignCount(): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(campaigns);
  return row?.n ?? 0;
}

const sudan = {
  slug: "sudan-el-fasher",
  title: "Sudan: protect civilians in El Fasher",
  summary: "The siege of El Fasher puts civilians at risk.",
};

describe("the role matrix", () => {
  it("GET /api/v1/campaigns: a token is needed, any role may read", async () => {
    expect((await list()).status).toBe(401);
    for (const role of ["viewer", "editor", "admin"] as const)
      expect((await list(tokens[role])).status).toBe(200);
  });

  it("POST and PATCH need an editor: a viewer gets 403 and nothing changes", async () => {
    const before = await campaignCount();
    expect((await post({ ...sudan, slug: "viewer-try" }, "")).status).toBe(401);
    expect((await post({ ...sudan, slug: "viewer-try" }, tokens.viewer)).status).toBe(403);
    expect((await patch(demoCampaignSlug, { title: "Changed" }, "")).status).toBe(401);
    expect((await patch(demoCampaignSlug, { title: "Changed" }, tokens.viewer)).status).toBe(403);
    expect(await campaignCount()).toBe(before);
    expect((await getCampaignWithAsks(database.db, demoCampaignSlug))?.title).not.toBe("Changed");
  });

  it("GET /api/v1/campaigns/{campaign} reads one, any role; 404 for an unknown one", async () => {
    const one = await send(() =>
      campaignLoader({
        request: request(`/${demoCampaignSlug}`, "GET", tokens.viewer),
        params: { campaign: demoCampaignSlug },
        context,
      }),
    );
    expect(one).toMatchObject({ status: 200, body: { slug: demoCampaignSlug, status: "open" } });
    const missing = await send(() =>
      campaignLoader({
        request: request("/nope", "GET", tokens.viewer),
        params: { campaign: "nope" },
        context,
      }),
    );
    expect(missing.status).toBe(404);
  });

  it("other methods are refused with 405", async () => {
    const put = await send(() =>
      campaignAction({
        request: request(`/${demoCampaignSlug}`, "PUT", tokens.editor, {}),
        params: { campaign: demoCampaignSlug },
        context,
      }),
    );
    expect(put.status).toBe(405);
  });
});

describe("POST /api/v1/campaigns", () => {
  it("creates a draft with defaults → 201 with the campaign, audited", async () => {
    const created = await post(sudan);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...sudan,
      status: "draft",
      publicText: "",
      startsOn: new Date().toISOString().slice(0, 10),
      endsOn: null,
      languages: ["en", "fr", "es", "ar", "zh", "ru", "de", "pt", "fa"],
      defaultLanguage: "en",
    });
    const [campaign] = await database.db
      .select()
      .from(campaigns)
      .where(eq(campaigns.slug, sudan.slug));
    expect(campaign?.confirmBeforeSend).toBe(true);
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "campaign.create"));
    expect(audit.map((a) => a.entityId)).toContain(String(campaign?.id));
  });

  it("may create an open campaign straight away, with its dates and languages", async () => {
    const created = await post({
      slug: "open-now",
      title: "Open now",
      summary: "Taking letters from the start.",
      status: "open",
      startsOn: "2026-02-01",
      endsOn: "2026-08-01",
      languages: ["fr"],
      defaultLanguage: "fr",
    });
    expect(created).toMatchObject({
      status: 201,
      body: { status: "open", endsOn: "2026-08-01", languages: ["fr"], defaultLanguage: "fr" },
    });
  });

  it("answers 409 for a slug in use", async () => {
    const taken = await post({ ...sudan, slug: demoCampaignSlug });
    expect(taken.status).toBe(409);
    expect(taken.body.issues).toEqual([
      { path: ["slug"], message: expect.stringMatching(/already used/) },
    ]);
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ["an empty title", { title: "" }, "title"],
    ["a 10 kB title", { title: "x".repeat(10_240) }, "title"],
    ["a slug with spaces", { slug: "sudan el fasher" }, "slug"],
    ["a slug with capitals", { slug: "Sudan" }, "slug"],
    ["an end before the start", { startsOn: "2026-05-01", endsOn: "2026-04-30" }, "endsOn"],
    ["a script in the public text", { publicText: "<script>alert(1)</script>" }, "publicText"],
    ["an unknown language", { languages: ["ja"] }, "languages"],
    ["texts in a language the pages do not offer", { defaultLanguage: "de" }, "defaultLanguage"],
    ["a paused start", { status: "paused" }, "status"],
    ["an unknown field", { colour: "red" }, ""],
  ];
  for (const [name, fields, field] of bad) {
    it(`refuses ${name} with 400 and issues, storing nothing`, async () => {
      const before = await campaignCount();
      const refused = await post({ ...sudan, slug: "refused", ...fields });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBeTruthy();
      expect(refused.body.issues?.some((i) => (i.path[0] ?? "") === field)).toBe(true);
      expect(await campaignCount()).toBe(before);
    });
  }

  it("refuses a body that is not JSON", async () => {
    const notJson = await send(() =>
      listAction({
        request: new Request("http://localhost/api/v1/campaigns", {
          method: "POST",
          headers: { Authorization: `Bearer ${tokens.editor}`, "Content-Type": "text/plain" },
          body: "slug=x",
        }),
        params: {},
        context,
      }),
    );
    expect(notJson.status).toBe(415);
  });
});

describe("PATCH /api/v1/campaigns/{campaign}", () => {
  it("changes fields and answers with the campaign", async () => {
    const changed = await patch("sudan-el-fasher", {
      title: "Sudan: El Fasher",
      endsOn: "2027-01-01",
    });
    expect(changed).toMatchObject({
      status: 200,
      body: { title: "Sudan: El Fasher", endsOn: "2027-01-01", status: "draft" },
    });
  });

  it("changes the language of the campaign's texts, audited with before and after", async () => {
    const changed = await patch("sudan-el-fasher", { defaultLanguage: "ar" });
    expect(changed).toMatchObject({ status: 200, body: { defaultLanguage: "ar" } });
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "campaign.update"))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(audit?.details).toMatchObject({
      before: { defaultLanguage: "en" },
      after: { defaultLanguage: "ar" },
    });
    await patch("sudan-el-fasher", { defaultLanguage: "en" });
  });

  it("follows the lifecycle: allowed changes 200, refused ones 409 with the reason", async () => {
    const steps: Array<[string, number]> = [
      ["paused", 409],
      ["closed", 409],
      ["open", 200],
      ["draft", 409],
      ["paused", 200],
      ["open", 200],
      ["closed", 200],
      ["paused", 409],
      ["open", 200],
      ["paused", 200],
      ["closed", 200],
    ];
    for (const [status, expected] of steps) {
      const result = await patch("sudan-el-fasher", { status });
      expect(result.status, `→ ${status}`).toBe(expected);
      if (expected === 409) {
        expect(result.body.issues?.[0]).toMatchObject({
          path: ["status"],
          message: expect.stringMatching(/it can become/),
        });
      } else {
        expect(result.body.status).toBe(status);
      }
    }
    const audits = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "campaign.status"));
    expect(audits).toHaveLength(7);
  });

  it("refuses an unknown status, an empty change and an end before the start with 400", async () => {
    expect((await patch("sudan-el-fasher", { status: "archived" })).status).toBe(400);
    expect((await patch("sudan-el-fasher", {})).status).toBe(400);
    const early = await patch("sudan-el-fasher", { endsOn: "2000-01-01" });
    expect(early.status).toBe(400);
    expect(early.body.issues?.[0]?.path).toEqual(["endsOn"]);
  });

  it("changes the slug until the campaign has letters, then answers 409", async () => {
    const renamed = await patch("open-now", { slug: "open-now-renamed" });
    expect(renamed).toMatchObject({ status: 200, body: { slug: "open-now-renamed" } });
    expect((await patch("open-now-renamed", { slug: demoCampaignSlug })).status).toBe(409);
    const campaign = await getCampaignWithAsks(database.db, demoCampaignSlug);
    const ask = campaign?.asks[0];
    if (!campaign || !ask) throw new Error("demo missing");
    await submitLetter(database.db, {
      campaign,
      ask,
      input: {
        ask: ask.slug,
        country: "FRA",
        name: "Marie",
        email: "marie@example.org",
        city: "Lyon",
        personalParagraph: "",
        language: "en",
        consentUpdates: false,
        website: "",
      },
      approvedBody: "Excellency,\n\nPlease act.\n\nMarie",
      clientIp: "127.0.0.1",
    });
    const [written] = await database.db.select({ n: count() }).from(letters);
    expect(written?.n).toBeGreaterThan(0);
    const fixed = await patch(demoCampaignSlug, { slug: "iran-renamed" });
    expect(fixed.status).toBe(409);
    expect(fixed.body.issues).toEqual([
      { path: ["slug"], message: expect.stringMatching(/fixed/) },
    ]);
    // The same slug again is no change.
    expect((await patch(demoCampaignSlug, { slug: demoCampaignSlug })).status).toBe(200);
  });

  it("lists every campaign with its status", async () => {
    const all = await list(tokens.viewer);
    const campaignsListed = all.body.campaigns as Array<{ slug: string; status: string }>;
    expect(campaignsListed.map(({ slug, status }) => [slug, status])).toEqual(
      expect.arrayContaining([
        [demoCampaignSlug, "open"],
        ["sudan-el-fasher", "closed"],
        ["open-now-renamed", "open"],
      ]),
    );
  });
});
