import type { AppLoadContext } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askTranslations, auditEvents, campaignTranslations } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import type { StaffRole } from "~/auth/roles";
import { createCampaign } from "~/campaigns/campaign-authoring.server";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { loader as homeLoader } from "~/routes/_index";
import { loader as campaignLoader } from "~/routes/c.$campaign";
import { loader as askLoader } from "~/routes/c.$campaign_.asks.$ask";
import { loader as writeLoader } from "~/routes/c.$campaign_.write";
import {
  action as translationsAction,
  loader as translationsLoader,
} from "~/routes/staff.campaigns.$campaign.translations/route";
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
const path = (language: string) =>
  `/staff/campaigns/${demoCampaignSlug}/translations?language=${language}`;

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  for (const role of ["viewer", "editor", "admin"] as const)
    staff[role] = await signedInStaff(database.db, role);
});
afterAll(() => database.drop());

async function demo() {
  const campaign = await getCampaignWithAsks(database.db, demoCampaignSlug);
  if (!campaign) throw new Error("no demo campaign");
  return campaign;
}

function save(language: string, fields: Record<string, string>, who = staff.editor) {
  return outcome(() =>
    translationsAction({ request: staffPost(path(language), fields, who), params, context }),
  );
}

async function stored(language: string) {
  const { id, asks } = await demo();
  const own = await database.db
    .select()
    .from(campaignTranslations)
    .where(
      and(eq(campaignTranslations.campaignId, id), eq(campaignTranslations.language, language)),
    );
  const ofAsks = await database.db
    .select()
    .from(askTranslations)
    .where(eq(askTranslations.language, language));
  return { own, ofAsks: ofAsks.filter((t) => asks.some((a) => a.id === t.askId)) };
}

function publicPage(language: string) {
  return outcome(() =>
    campaignLoader({
      request: new Request(`http://localhost/c/${demoCampaignSlug}?lang=${language}`),
      params,
      context,
    }),
  );
}

describe("campaign translations", () => {
  it("an editor saves French texts in one go, audited; the public page shows them in fr", async () => {
    const { asks } = await demo();
    const first = asks[0];
    if (!first) throw new Error("no ask");
    const saved = await save("fr", {
      title: "Titre en français",
      summary: "Résumé en français.",
      [`ask-${first.id}-title`]: "Session spéciale du Conseil",
    });
    expect(saved.status).toBe(302);
    const { own, ofAsks } = await stored("fr");
    expect(own.map((t) => t.title)).toEqual(["Titre en français"]);
    expect(ofAsks.map((t) => t.title)).toEqual(["Session spéciale du Conseil"]);
    const audits = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "campaign.translation.save"));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details).toMatchObject({ language: "fr", before: null });

    const page = (await publicPage("fr")).body as {
      campaign: { title: string; titleLang: string | null; publicTextLang: string | null };
      first: { title: string; titleLang: string | null };
      rest: { title: string; titleLang: string | null }[];
      untranslated: string | null;
    };
    expect(page.campaign.title).toBe("Titre en français");
    expect(page.campaign.titleLang).toBeNull();
    expect(page.first.title).toBe("Session spéciale du Conseil");
    // The other asks are not translated: shown in English, marked so, with the note.
    expect(page.rest[0]?.titleLang).toBe("en");
    expect(page.untranslated).toBe("anglais");

    const english = (await publicPage("en")).body as typeof page;
    expect(english.campaign.title).toBe((await demo()).title);
    expect(english.campaign.titleLang).toBeNull();
    expect(english.untranslated).toBeNull();
  });

  it("the home page and the write page's ask choices are in fr where translated", async () => {
    const { body } = await outcome(() =>
      homeLoader({ request: new Request("http://localhost/?lang=fr"), params: {}, context }),
    );
    const home = body as { campaigns: { slug: string; title: string; titleLang: string | null }[] };
    expect(home.campaigns.find((c) => c.slug === demoCampaignSlug)).toMatchObject({
      title: "Titre en français",
      titleLang: null,
    });
    const write = await outcome(() =>
      writeLoader({
        request: new Request(`http://localhost/c/${demoCampaignSlug}/write?lang=fr`),
        params,
        context,
      }),
    );
    const asks = (
      write.body as { campaign: { asks: { title: string; titleLang: string | null }[] } }
    ).campaign.asks;
    expect(asks[0]).toMatchObject({ title: "Session spéciale du Conseil", titleLang: null });
    expect(asks[1]?.titleLang).toBe("en");
  });

  it("a campaign copied from this one starts with its translations", async () => {
    const copy = await createCampaign(
      database.db,
      { kind: "cli" },
      {
        slug: "copied-with-translations",
        title: "Copy",
        summary: "A copy.",
        publicText: "",
        startsOn: "2026-03-01",
        endsOn: null,
        languages: ["en"],
      },
      { fromSlug: demoCampaignSlug, withPositions: false },
    );
    const copied = await getCampaignWithAsks(database.db, copy.slug);
    expect(copied?.translations.fr?.title).toBe("Titre en français");
    expect(copied?.translations.fr?.asks[0]?.title).toBe("Session spéciale du Conseil");
  });

  it("the ask page in fr shows the note for an untranslated ask", async () => {
    const { asks } = await demo();
    const second = asks[1];
    if (!second) throw new Error("no second ask");
    const { body } = await outcome(() =>
      askLoader({
        request: new Request(`http://localhost/c/${demoCampaignSlug}/asks/${second.slug}?lang=fr`),
        params: { campaign: demoCampaignSlug, ask: second.slug },
        context,
      }),
    );
    const page = body as { ask: { title: string; titleLang: string }; untranslated: string };
    expect(page.ask.title).toBe(second.title);
    expect(page.ask.titleLang).toBe("en");
    expect(page.untranslated).toBe("anglais");
  });

  it("refuses bad input at the field, keeps the typing and writes nothing", async () => {
    const { asks } = await demo();
    const first = asks[0];
    if (!first) throw new Error("no ask");
    const before = await stored("fr");
    const refused = await save("fr", {
      title: "Un autre titre",
      summary: "Un.\n\nDeux.",
      [`ask-${first.id}-title`]: "x".repeat(201),
    });
    expect(refused.status).toBe(400);
    const body = refused.body as { errors: Record<string, string>; values: Record<string, string> };
    expect(Object.keys(body.errors).sort()).toEqual([`ask-${first.id}-title`, "summary"].sort());
    expect(body.values.title).toBe("Un autre titre");
    expect(await stored("fr")).toEqual(before);
  });

  it("viewers read the page but may not save (403); no CSRF token is refused", async () => {
    const read = await outcome(() =>
      translationsLoader({ request: staffGet(path("fr"), staff.viewer), params, context }),
    );
    expect(read.status).toBe(200);
    expect((read.body as { canEdit: boolean }).canEdit).toBe(false);
    expect((await save("fr", { title: "Non" }, staff.viewer)).status).toBe(403);
    const noCsrf = await outcome(() =>
      translationsAction({
        request: staffPost(path("fr"), { title: "Non" }, staff.editor, { csrf: false }),
        params,
        context,
      }),
    );
    expect(noCsrf.status).toBe(403);
    expect((await stored("fr")).own[0]?.title).toBe("Titre en français");
  });

  it("lists each language with how complete it is, and refuses an unknown language", async () => {
    const read = await outcome(() =>
      translationsLoader({ request: staffGet(path("es"), staff.editor), params, context }),
    );
    const progress = (read.body as { progress: { language: string; done: number }[] }).progress;
    expect(progress.map((p) => p.language)).toEqual(["fr", "es", "ar", "zh", "ru", "fa"]);
    expect(progress.find((p) => p.language === "fr")?.done).toBe(3);
    const unknown = await outcome(() =>
      translationsLoader({ request: staffGet(path("xx"), staff.editor), params, context }),
    );
    expect(unknown.status).toBe(404);
  });

  it("an empty form deletes the language's translation, audited", async () => {
    expect((await save("fr", {})).status).toBe(302);
    expect(await stored("fr")).toEqual({ own: [], ofAsks: [] });
    const [deleted] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "campaign.translation.delete"));
    expect(deleted?.details).toMatchObject({ language: "fr", after: null });
    expect((await publicPage("fr")).body).toMatchObject({ untranslated: "anglais" });
  });
});
