import type { AppLoadContext } from "@remix-run/node";
import { parse } from "csv-parse/sync";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditEvents,
  campaigns,
  embedOrigins,
  embedSources,
  letterSources,
  letters,
  supporters,
} from "#db/schema";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { forgetCachedCampaigns } from "~/campaigns/campaigns.server";
import { saveEmbedSettings } from "~/embed/embed.server";
import { embedToken } from "~/embed/embed-csrf.server";
import { exportStream } from "~/metrics/exports.server";
import { loader as rootLoader } from "~/root";
import { action as embedAction, loader as embedLoader } from "~/routes/embed.$campaign";
import {
  action as settingsAction,
  loader as settingsLoader,
} from "~/routes/staff.campaigns.$campaign.embed/route";
import { loader as newsLoader } from "~/routes/staff.campaigns.$campaign.embed[.]news[.]csv/route";
import { testContext } from "../setup/load-context";
import { outcome, signedInStaff, staffGet, staffPost } from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
let context: AppLoadContext;
const slug = "iran-end-impunity";
const params = { campaign: slug };
const staffPath = `/staff/campaigns/${slug}/embed`;
const partner = "https://partner.example";
let campaignId = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  const [campaign] = await database.db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(eq(campaigns.slug, slug));
  campaignId = campaign?.id ?? 0;
});
afterAll(() => database.drop());

async function storedSettings() {
  const [origins, sources] = await Promise.all([
    database.db.select().from(embedOrigins).where(eq(embedOrigins.campaignId, campaignId)),
    database.db.select().from(embedSources).where(eq(embedSources.campaignId, campaignId)),
  ]);
  return { origins: origins.length, sources: sources.length };
}

describe("embed settings (staff)", () => {
  it("refuse a bad origin, a 21st origin and a bad code beside the field, storing nothing", async () => {
    const editor = await signedInStaff(database.db, "editor");
    const post = (fields: Record<string, string>) =>
      outcome(() =>
        settingsAction({ request: staffPost(staffPath, fields, editor), params, context }),
      );
    const badOrigin = await post({ origins: `${partner}\nhttp://plain.example`, sources: "" });
    expect(badOrigin.status).toBe(400);
    expect(badOrigin.body).toMatchObject({
      errors: { origins: expect.stringMatching(/^Line 2: /) },
      values: { origins: `${partner}\nhttp://plain.example` },
    });
    const many = Array.from({ length: 21 }, (_, i) => `https://s${i}.example`).join("\n");
    expect((await post({ origins: many, sources: "" })).body).toMatchObject({
      errors: { origins: "At most 20 origins" },
    });
    const badCode = await post({ origins: partner, sources: "Amnesty FR | Amnesty France" });
    expect(badCode.body).toMatchObject({ errors: { sources: expect.stringMatching(/code/) } });
    expect(await storedSettings()).toEqual({ origins: 0, sources: 0 });
  });

  it("are saved by editors, audited; viewers may only read them", async () => {
    const viewer = await signedInStaff(database.db, "viewer");
    const fields = { origins: partner, sources: "amnesty-br | Amnesty Brazil | News from Amnesty" };
    expect(
      (
        await outcome(() =>
          settingsAction({ request: staffPost(staffPath, fields, viewer), params, context }),
        )
      ).status,
    ).toBe(403);
    const read = await outcome(() =>
      settingsLoader({ request: staffGet(staffPath, viewer), params, context }),
    );
    expect(read.body).toMatchObject({ canEdit: false });
    const editor = await signedInStaff(database.db, "editor");
    const saved = await outcome(() =>
      settingsAction({ request: staffPost(staffPath, fields, editor), params, context }),
    );
    expect(saved.status).toBe(302);
    expect(await storedSettings()).toEqual({ origins: 1, sources: 1 });
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "campaign.embed_settings"));
    expect(audit?.details).toEqual({ origins: [partner], sources: ["amnesty-br"] });
  });
});

function embedPost(
  fields: Record<string, string>,
  headers: Record<string, string> = { "Sec-Fetch-Site": "same-origin", Origin: "http://localhost" },
) {
  return new Request(`http://localhost/embed/${slug}?source=amnesty-br`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  });
}

const letterFields = (email: string) => ({
  ask: "hrc-special-session",
  country: "BRA",
  name: "Bia Costa",
  email,
  city: "",
  personalParagraph: "",
  language: "en",
  website: "",
  intent: "send",
  body: "Your Excellency,\n\nPlease support a special session of the Human Rights Council.\n\nBia",
});

async function lettersOf(email: string) {
  return database.db
    .select({ id: letters.id, code: letterSources.sourceCode, origin: letterSources.origin })
    .from(letters)
    .innerJoin(supporters, eq(supporters.id, letters.supporterId))
    .leftJoin(letterSources, eq(letterSources.letterId, letters.id))
    .where(eq(supporters.email, email));
}

describe("the embed's form", () => {
  beforeAll(async () => {
    await saveEmbedSettings(database.db, { kind: "cli" }, campaignId, {
      origins: [partner],
      sources: [{ code: "amnesty-br", partnerName: "Amnesty Brazil", consentText: "News" }],
    });
  });
  const claims = { campaign: slug, origin: partner, source: "amnesty-br" };

  it("stores the letter and its source together", async () => {
    const email = `ok.${Date.now()}@example.org`;
    const result = await outcome(() =>
      embedAction({
        request: embedPost({ ...letterFields(email), embed_token: embedToken(claims) }),
        params,
        context,
      }),
    );
    expect(result.status).toBe(302);
    expect(result.response?.headers.get("Location")).toBe(
      `/embed/${slug}?source=amnesty-br&sent=awaiting_confirmation`,
    );
    const stored = await lettersOf(email);
    expect(stored.length).toBeGreaterThan(0);
    for (const letter of stored)
      expect(letter).toMatchObject({ code: "amnesty-br", origin: partner });
  });

  it("counts its letters under their source in the exports", async () => {
    const email = `export.${Date.now()}@example.org`;
    await outcome(() =>
      embedAction({
        request: embedPost({ ...letterFields(email), embed_token: embedToken(claims) }),
        params,
        context,
      }),
    );
    const text = async (kind: "letters" | "source-metrics") =>
      new Response(await exportStream(database, { campaignId, kind, format: "csv" })).text();
    const letterRows = parse(await text("letters"), { columns: true }) as Record<string, string>[];
    const [stored] = await lettersOf(email);
    expect(letterRows.find((row) => Number(row.id) === stored?.id)?.source).toBe("amnesty-br");
    const perSource = parse(await text("source-metrics"), { columns: true }) as Record<
      string,
      string
    >[];
    const partnerRow = perSource.find((row) => row.source === "amnesty-br");
    const [expected] = await database.db
      .select({ letters: count() })
      .from(letterSources)
      .where(eq(letterSources.sourceCode, "amnesty-br"));
    expect(Number(partnerRow?.letters)).toBe(expected?.letters);
    expect(Number(partnerRow?.confirmed)).toBe(0);
    expect(await text("source-metrics")).not.toContain("@");
  });

  it("refuses a missing, forged, expired or other campaign's token, storing nothing", async () => {
    const email = `refused.${Date.now()}@example.org`;
    const [payload = "", signature = ""] = embedToken(claims).split(".");
    const forged = `${Buffer.from(JSON.stringify({ ...claims, source: "x", issuedAt: Date.now() })).toString("base64url")}.${signature}`;
    const tokens = {
      missing: undefined,
      forged,
      truncated: `${payload}.`,
      expired: embedToken(claims, new Date(Date.now() - 13 * 3600_000)),
      otherCampaign: embedToken({ ...claims, campaign: "another" }),
    };
    for (const [name, token] of Object.entries(tokens)) {
      const fields = { ...letterFields(email), ...(token ? { embed_token: token } : {}) };
      const result = await outcome(() =>
        embedAction({ request: embedPost(fields), params, context }),
      );
      expect(result.status, name).toBe(403);
      expect(result.body, name).toMatchObject({
        errors: { form: expect.stringMatching(/expired/) },
        values: { name: "Bia Costa" },
      });
    }
    expect(await lettersOf(email)).toEqual([]);
  });

  it("refuses a post another site makes (Sec-Fetch-Site, Origin)", async () => {
    const email = `cross.${Date.now()}@example.org`;
    const fields = { ...letterFields(email), embed_token: embedToken(claims) };
    const crossSite: Record<string, string>[] = [
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site" },
      { Origin: partner },
    ];
    for (const headers of crossSite) {
      const result = await outcome(() =>
        embedAction({ request: embedPost(fields, headers), params, context }),
      );
      expect(result.status).toBe(403);
    }
    expect(await lettersOf(email)).toEqual([]);
  });

  it("keeps no letter when its source cannot be stored", async () => {
    const email = `atomic.${Date.now()}@example.org`;
    await database.db.execute(
      // DDL takes no parameters: the constant origin is written out; rows already there stay.
      sql.raw(
        `alter table letter_sources add constraint test_refuse check (origin <> '${partner}') not valid`,
      ),
    );
    try {
      await expect(
        embedAction({
          request: embedPost({ ...letterFields(email), embed_token: embedToken(claims) }),
          params,
          context,
        }),
      ).rejects.toThrow();
    } finally {
      await database.db.execute(sql`alter table letter_sources drop constraint test_refuse`);
    }
    const [row] = await database.db
      .select({ n: count() })
      .from(supporters)
      .where(eq(supporters.email, email));
    expect(row?.n).toBe(0);
  });
});

describe("a partner's news list", () => {
  it("holds those who ticked the consent and confirmed, for admins only, audited", async () => {
    const email = `news.${Date.now()}@example.org`;
    const claims = { campaign: slug, origin: partner, source: "amnesty-br" };
    const fields = { ...letterFields(email), newsConsent: "on", embed_token: embedToken(claims) };
    await embedAction({ request: embedPost(fields), params, context });
    const path = `/staff/campaigns/${slug}/embed.news.csv?source=amnesty-br`;
    const admin = await signedInStaff(database.db, "admin");
    const csv = async () =>
      (await newsLoader({ request: staffGet(path, admin), params, context })).text();
    expect(await csv()).not.toContain(email);
    const [supporter] = await database.db
      .select({ id: supporters.id })
      .from(supporters)
      .where(eq(supporters.email, email));
    await database.db
      .update(letters)
      .set({ confirmedAt: new Date() })
      .where(eq(letters.supporterId, supporter?.id ?? 0));
    expect(await csv()).toContain(`amnesty-br,Bia Costa,${email}`);
    const editor = await signedInStaff(database.db, "editor");
    expect(
      (await outcome(() => newsLoader({ request: staffGet(path, editor), params, context })))
        .status,
    ).toBe(403);
    const audits = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "export.news_list"));
    expect(audits.length).toBe(2);
  });
});

describe("the embed and staff sessions", () => {
  it("neither sets nor reads cookies, and a draft is not found even for staff", async () => {
    const admin = await signedInStaff(database.db, "admin");
    const request = staffGet(`/embed/${slug}`, admin);
    const root = await outcome(() => rootLoader({ request, params: {}, context }));
    // No CSRF token (nor its cookie) for the embed; only the page language comes with it.
    expect(root.body).toMatchObject({ csrf: "", language: "en" });
    const page = await outcome(() => embedLoader({ request, params, context }));
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).not.toContain(admin.user.email);
    await database.db
      .update(campaigns)
      .set({ status: "draft" })
      .where(eq(campaigns.id, campaignId));
    forgetCachedCampaigns();
    try {
      const draft = await outcome(() => embedLoader({ request, params, context }));
      expect(draft.status).toBe(404);
    } finally {
      await database.db
        .update(campaigns)
        .set({ status: "open" })
        .where(eq(campaigns.id, campaignId));
      forgetCachedCampaigns();
    }
  });
});
