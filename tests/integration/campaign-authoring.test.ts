import type { AppLoadContext } from "@remix-run/node";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asks, auditEvents, campaigns, letterTemplates, positionEvents } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import type { StaffRole } from "~/auth/roles";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { loader as homeLoader } from "~/routes/_index";
import { loader as publicPageLoader } from "~/routes/c.$campaign";
import { loader as askPageLoader } from "~/routes/c.$campaign_.asks.$ask";
import { loader as writeLoader } from "~/routes/c.$campaign_.write";
import {
  action as editAction,
  loader as editLoader,
} from "~/routes/staff.campaigns.$campaign.edit/route";
import { action as newAction, loader as newLoader } from "~/routes/staff.campaigns.new";
import { saveLetterTemplate } from "~/templates/letter-templates.server";
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

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  for (const role of ["viewer", "editor", "admin"] as const)
    staff[role] = await signedInStaff(database.db, role);
});
afterAll(() => database.drop());

const settings = {
  targetMinistry: "on",
  confirmBeforeSend: "on",
  replyToSupporter: "on",
  senderEmail: "",
  lettersPerTargetPerHour: "30",
  followUpDays: "14",
  retentionDays: "90",
};

/** The campaign's own fields, without the sending settings. */
function campaignFields(overrides: Record<string, string> = {}) {
  return {
    slug: "sudan-el-fasher",
    title: "Sudan: protect civilians in El Fasher",
    summary: "The siege of El Fasher puts hundreds of thousands of civilians at risk.",
    publicText: "First paragraph.\n\nRead [the appeal](https://example.org/appeal).",
    startsOn: "2026-03-01",
    endsOn: "",
    languages: "en",
    ...overrides,
  };
}

function campaignForm(overrides: Record<string, string> = {}) {
  return { ...campaignFields(), ...settings, ...overrides };
}

/** A form post where `languages` may hold several values, as ticked checkboxes send them. */
function postForm(path: string, fields: Record<string, string>, who = staff.editor): Request {
  const request = staffPost(path, {}, who);
  const body = new URLSearchParams({ csrf: who.csrf });
  for (const [key, value] of Object.entries(fields)) {
    if (key === "languages")
      for (const lang of value.split(",").filter(Boolean)) body.append(key, lang);
    else body.set(key, value);
  }
  return new Request(request.url, { method: "POST", headers: request.headers, body });
}

function createByForm(fields: Record<string, string>, who = staff.editor) {
  return outcome(() =>
    newAction({ request: postForm("/staff/campaigns/new", fields, who), params: {}, context }),
  );
}

function editByForm(slug: string, fields: Record<string, string>, who = staff.editor) {
  const path = `/staff/campaigns/${slug}/edit`;
  return outcome(() =>
    editAction({ request: postForm(path, fields, who), params: { campaign: slug }, context }),
  );
}

const changeStatus = (slug: string, status: string) =>
  editByForm(slug, { intent: "status", status });

async function campaignCount(): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(campaigns);
  return row?.n ?? 0;
}

async function stored(slug: string) {
  const campaign = await getCampaignWithAsks(database.db, slug);
  if (!campaign) throw new Error(`campaign ${slug} missing`);
  return campaign;
}

async function auditsFor(campaignId: number, action: string) {
  return database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, String(campaignId)), eq(auditEvents.action, action)));
}

describe("who may create and edit campaigns", () => {
  const pages = [
    { path: "/staff/campaigns/new", loader: newLoader, params: {} },
    {
      path: `/staff/campaigns/${demoCampaignSlug}/edit`,
      loader: editLoader,
      params: { campaign: demoCampaignSlug },
    },
  ];
  for (const page of pages) {
    it(`${page.path}: signed out → sign in; viewer 403; editor and admin 200`, async () => {
      const anonymous = await outcome(() =>
        page.loader({ request: staffGet(page.path), params: page.params, context }),
      );
      expect(anonymous.status).toBe(302);
      for (const [role, status] of [
        ["viewer", 403],
        ["editor", 200],
        ["admin", 200],
      ] as const) {
        const result = await outcome(() =>
          page.loader({ request: staffGet(page.path, staff[role]), params: page.params, context }),
        );
        expect(result.status, role).toBe(status);
      }
    });
  }

  it("a viewer cannot create, edit or change the status: 403, nothing stored", async () => {
    const before = await campaignCount();
    expect((await createByForm(campaignForm({ slug: "viewer-try" }), staff.viewer)).status).toBe(
      403,
    );
    const viewerStatus = await editByForm(
      demoCampaignSlug,
      { intent: "status", status: "paused" },
      staff.viewer,
    );
    expect(viewerStatus.status).toBe(403);
    expect(await campaignCount()).toBe(before);
    expect((await stored(demoCampaignSlug)).status).toBe("open");
  });

  it("a request without the CSRF token is refused", async () => {
    const request = staffPost(
      "/staff/campaigns/new",
      campaignForm({ slug: "no-csrf" }),
      staff.editor,
      {
        csrf: false,
      },
    );
    expect((await outcome(() => newAction({ request, params: {}, context }))).status).toBe(403);
  });
});

describe("creating a campaign", () => {
  it("stores a draft with the editor's fields and settings, audited", async () => {
    const created = await createByForm(
      campaignForm({ slug: "first-draft", languages: "fr,es", endsOn: "2026-12-31" }),
    );
    expect(created.status).toBe(302);
    expect(created.response?.headers.get("Location")).toBe(
      "/staff/campaigns/first-draft?created=1",
    );
    const campaign = await stored("first-draft");
    expect(campaign).toMatchObject({
      status: "draft",
      title: "Sudan: protect civilians in El Fasher",
      publicText: "First paragraph.\n\nRead [the appeal](https://example.org/appeal).",
      startsOn: "2026-03-01",
      endsOn: "2026-12-31",
      languages: ["fr", "es"],
      targetKinds: ["ministry"],
      confirmBeforeSend: true,
      lettersPerTargetPerHour: 30,
      asks: [],
    });
    const [audit] = await auditsFor(campaign.id, "campaign.create");
    expect(audit?.actorUserId).toBe(staff.editor.user.id);
    expect(audit?.details).toMatchObject({ after: { slug: "first-draft", status: "draft" } });
  });

  it("leaves the sender address and the confirmation step to admins", async () => {
    const admin = await createByForm(
      campaignForm({
        slug: "admin-sender",
        senderEmail: "campaigns@example.org",
        confirmBeforeSend: "",
      }),
      staff.admin,
    );
    expect(admin.status).toBe(302);
    expect(await stored("admin-sender")).toMatchObject({
      senderEmail: "campaigns@example.org",
      confirmBeforeSend: false,
    });
    // An editor's posted values are ignored: the defaults (or the copied campaign's) stay.
    const editor = await createByForm(
      campaignForm({
        slug: "editor-sender",
        senderEmail: "spoof@example.org",
        confirmBeforeSend: "",
      }),
    );
    expect(editor.status).toBe(302);
    expect(await stored("editor-sender")).toMatchObject({
      senderEmail: null,
      confirmBeforeSend: true,
    });
    const copied = await createByForm(
      campaignForm({
        slug: "editor-copy",
        from: "admin-sender",
        senderEmail: "",
        confirmBeforeSend: "on",
      }),
    );
    expect(copied.status).toBe(302);
    expect(await stored("editor-copy")).toMatchObject({
      senderEmail: "campaigns@example.org",
      confirmBeforeSend: false,
    });
    const page = await outcome(() =>
      newLoader({ request: staffGet("/staff/campaigns/new", staff.editor), params: {}, context }),
    );
    expect(page.body).toMatchObject({ isAdmin: false });
  });

  it("offers sensible defaults: today, every language, the ministry, confirmation first", async () => {
    const page = await outcome(() =>
      newLoader({ request: staffGet("/staff/campaigns/new", staff.editor), params: {}, context }),
    );
    expect(page.body).toMatchObject({
      source: null,
      values: {
        startsOn: new Date().toISOString().slice(0, 10),
        languages: "en,fr,es,ar,zh,ru,de,pt,fa",
        targetMinistry: "on",
        confirmBeforeSend: "on",
        lettersPerTargetPerHour: "30",
        followUpDays: "14",
        retentionDays: "90",
      },
    });
  });

  const refusals: Array<[string, Record<string, string>, string, RegExp, number?]> = [
    ["an empty title", { title: "  " }, "title", /Enter a title/],
    ["a 10 kB title", { title: "x".repeat(10_240) }, "title", /at most 200/],
    ["a slug with spaces", { slug: "sudan el fasher" }, "slug", /no spaces or capitals/],
    ["a slug with capitals", { slug: "Sudan-El-Fasher" }, "slug", /no spaces or capitals/],
    ["a slug with a trailing hyphen", { slug: "sudan-" }, "slug", /one hyphen at a time/],
    ["the reserved slug new", { slug: "new" }, "slug", /reserved/],
    ["a slug already used", { slug: demoCampaignSlug }, "slug", /already used/, 409],
    ["an end before the start", { endsOn: "2026-02-28" }, "endsOn", /before the start/],
    ["a date that does not exist", { startsOn: "2026-02-30" }, "startsOn", /date like/],
    [
      "a script in the public text",
      { publicText: "<script>alert(1)</script>" },
      "publicText",
      /HTML/,
    ],
    ["a javascript: link", { publicText: "[x](javascript:alert)" }, "publicText", /https:\/\//],
    ["a summary of two paragraphs", { summary: "One.\n\nTwo." }, "summary", /one paragraph/],
    ["no language", { languages: "" }, "languages", /at least one letter language/],
    ["an unknown language", { languages: "ja" }, "languages", /Languages are/],
    [
      "texts in a language the pages do not offer",
      { defaultLanguage: "de" },
      "defaultLanguage",
      /campaign's language is one of/,
    ],
    ["no office to write to", { targetMinistry: "" }, "targetMinistry", /at least one office/],
  ];
  for (const [name, overrides, field, message, status = 400] of refusals) {
    it(`refuses ${name} at the field, keeps the typing and stores nothing`, async () => {
      const before = await campaignCount();
      const form = campaignForm({ slug: "refused-campaign", ...overrides });
      const result = await createByForm(form);
      expect(result.status).toBe(status);
      const body = result.body as {
        errors: Record<string, string>;
        values: Record<string, string>;
      };
      expect(body.errors[field]).toMatch(message);
      expect(body.values.title).toBe(form.title);
      expect(body.values.publicText).toBe(form.publicText);
      expect(await campaignCount()).toBe(before);
    });
  }
});

describe("starting from an earlier campaign", () => {
  let demoId: number;

  beforeAll(async () => {
    const demo = await stored(demoCampaignSlug);
    demoId = demo.id;
    const [ask] = demo.asks;
    if (!ask) throw new Error("demo ask missing");
    await database.db
      .update(campaigns)
      .set({
        targetKinds: ["ministry", "geneva"],
        lettersPerTargetPerHour: 12,
        languages: ["en", "fr"],
      })
      .where(eq(campaigns.id, demo.id));
    // Norway's older observation, then its current one; France's only one is internal.
    await database.db.insert(positionEvents).values([
      {
        askId: ask.id,
        stateIso3: "NOR",
        position: "undecided",
        observedOn: "2026-01-10",
        sourceTitle: "Older",
        visibility: "public",
      },
      {
        askId: ask.id,
        stateIso3: "NOR",
        position: "supports",
        observedOn: "2026-01-20",
        sourceUrl: "https://example.org/nor",
        sourceTitle: "Statement",
        visibility: "public",
        confidence: "high",
      },
      {
        askId: ask.id,
        stateIso3: "FRA",
        position: "leaning_support",
        observedOn: "2026-01-18",
        evidence: "Meeting notes",
      },
    ]);
    await saveLetterTemplate(
      database.db,
      { kind: "system" },
      {
        campaignId: demo.id,
        askId: ask.id,
        language: "en",
        targetKind: "ministry",
        subject: "About {{ask.title}}",
        body: "{{target.salutation}},\n\nPlease act on {{ask.title}}.\n\n{{supporter.name}}",
        openings: [],
        closings: [],
      },
    );
  });

  async function sourceValues() {
    const page = await outcome(() =>
      newLoader({
        request: staffGet(`/staff/campaigns/new?from=${demoCampaignSlug}`, staff.editor),
        params: {},
        context,
      }),
    );
    return (page.body as { values: Record<string, string> }).values;
  }

  it("fills the form with the earlier campaign's languages and settings", async () => {
    expect(await sourceValues()).toMatchObject({
      from: demoCampaignSlug,
      languages: "en,fr",
      targetMinistry: "on",
      targetGeneva: "on",
      targetNewYork: "",
      lettersPerTargetPerHour: "12",
    });
  });

  it("copies asks, template versions and settings, not positions unless asked", async () => {
    const values = await sourceValues();
    const result = await createByForm({
      ...values,
      ...campaignFields({ slug: "copy-plain", languages: "en,fr" }),
    });
    expect(result.status).toBe(302);
    const copy = await stored("copy-plain");
    const demo = await stored(demoCampaignSlug);
    expect(copy.status).toBe("draft");
    expect(copy.asks.map((a) => [a.slug, a.decisionRule, a.position])).toEqual(
      demo.asks.map((a) => [a.slug, a.decisionRule, a.position]),
    );
    expect(copy.asks.map((a) => a.id)).not.toEqual(demo.asks.map((a) => a.id));
    expect(copy).toMatchObject({
      targetKinds: ["ministry", "geneva"],
      lettersPerTargetPerHour: 12,
    });
    const templates = await database.db
      .select()
      .from(letterTemplates)
      .where(eq(letterTemplates.campaignId, copy.id));
    expect(templates).toHaveLength(1);
    expect(templates[0]?.askId).toBe(copy.asks[0]?.id);
    expect(templates[0]?.subject).toBe("About {{ask.title}}");
    expect(await positionsOf(copy.asks.map((a) => a.id))).toEqual([]);
    const [audit] = await auditsFor(copy.id, "campaign.copy");
    expect(audit?.details).toMatchObject({
      from: demoCampaignSlug,
      asks: demo.asks.length,
      templateVersions: 1,
      positions: 0,
    });
    // The earlier campaign is untouched.
    expect(await positionsOf(demo.asks.map((a) => a.id))).toHaveLength(3);
    expect(demoId).toBe(demo.id);
  });

  it("carries the current positions over with their source and date when asked", async () => {
    const values = await sourceValues();
    const result = await createByForm({
      ...values,
      ...campaignFields({ slug: "copy-positions" }),
      withPositions: "on",
    });
    expect(result.status).toBe(302);
    const copy = await stored("copy-positions");
    const carried = await positionsOf(copy.asks.map((a) => a.id));
    expect(carried).toEqual([
      {
        stateIso3: "FRA",
        position: "leaning_support",
        observedOn: "2026-01-18",
        sourceUrl: null,
        sourceTitle: null,
        evidence: "Meeting notes",
        visibility: "internal",
        confidence: "medium",
      },
      {
        stateIso3: "NOR",
        position: "supports",
        observedOn: "2026-01-20",
        sourceUrl: "https://example.org/nor",
        sourceTitle: "Statement",
        evidence: null,
        visibility: "public",
        confidence: "high",
      },
    ]);
  });

  it("refuses an unknown campaign to start from, storing nothing", async () => {
    const before = await campaignCount();
    const result = await createByForm(
      campaignForm({ slug: "from-nowhere", from: "no-such-campaign" }),
    );
    expect(result.status).toBe(400);
    expect((result.body as { errors: Record<string, string> }).errors.from).toMatch(/no campaign/);
    expect(await campaignCount()).toBe(before);
  });

  it("leaves retired asks and their template versions behind, renumbering the order", async () => {
    const [source] = await database.db
      .insert(campaigns)
      .values({
        slug: "with-retired",
        title: "With a retired ask",
        summary: "One ask was retired.",
        startsOn: "2026-01-01",
        status: "open",
      })
      .returning();
    if (!source) throw new Error("source campaign missing");
    const ask = (slug: string, position: number, retiredAt: Date | null) => ({
      campaignId: source.id,
      slug,
      title: slug,
      description: `${slug} description`,
      decisionRule: "state_action" as const,
      position,
      retiredAt,
    });
    const [retired] = await database.db
      .insert(asks)
      .values([
        ask("retired-one", 0, new Date()),
        ask("kept-one", 1, null),
        ask("kept-two", 2, null),
      ])
      .returning();
    await saveLetterTemplate(
      database.db,
      { kind: "system" },
      {
        campaignId: source.id,
        askId: retired?.id ?? 0,
        language: "en",
        targetKind: "ministry",
        subject: "Retired {{ask.title}}",
        body: "{{target.salutation}},\n\nPlease act.\n\n{{supporter.name}}",
        openings: [],
        closings: [],
      },
    );
    const result = await createByForm(
      campaignForm({ slug: "without-retired", from: "with-retired" }),
      staff.admin,
    );
    expect(result.status).toBe(302);
    const copy = await stored("without-retired");
    expect(copy.asks.map((a) => [a.slug, a.position, a.retiredAt])).toEqual([
      ["kept-one", 0, null],
      ["kept-two", 1, null],
    ]);
    const templates = await database.db
      .select()
      .from(letterTemplates)
      .where(eq(letterTemplates.campaignId, copy.id));
    expect(templates).toEqual([]);
  });

  async function positionsOf(askIds: number[]) {
    const rows = await database.db
      .select({
        askId: positionEvents.askId,
        stateIso3: positionEvents.stateIso3,
        position: positionEvents.position,
        observedOn: positionEvents.observedOn,
        sourceUrl: positionEvents.sourceUrl,
        sourceTitle: positionEvents.sourceTitle,
        evidence: positionEvents.evidence,
        visibility: positionEvents.visibility,
        confidence: positionEvents.confidence,
      })
      .from(positionEvents)
      .orderBy(positionEvents.stateIso3, positionEvents.id);
    return rows.filter((r) => askIds.includes(r.askId)).map(({ askId: _, ...r }) => r);
  }
});

describe("editing a campaign", () => {
  it("saves the details, audited with before and after", async () => {
    await createByForm(campaignForm({ slug: "to-edit" }));
    const result = await editByForm("to-edit", {
      ...campaignForm({ slug: "to-edit-renamed", title: "A better title" }),
      intent: "details",
    });
    expect(result.status).toBe(302);
    expect(result.response?.headers.get("Location")).toBe(
      "/staff/campaigns/to-edit-renamed/edit?saved=1",
    );
    const campaign = await stored("to-edit-renamed");
    expect(campaign.title).toBe("A better title");
    const [audit] = await auditsFor(campaign.id, "campaign.update");
    expect(audit?.details).toEqual({
      before: { slug: "to-edit", title: "Sudan: protect civilians in El Fasher" },
      after: { slug: "to-edit-renamed", title: "A better title" },
    });
  });

  it("refuses bad details at the field and changes nothing", async () => {
    const result = await editByForm("to-edit-renamed", {
      ...campaignForm({ slug: "to-edit-renamed", title: "", endsOn: "2020-01-01" }),
      intent: "details",
    });
    expect(result.status).toBe(400);
    expect((result.body as { errors: Record<string, string> }).errors).toMatchObject({
      title: expect.stringMatching(/Enter a title/),
      endsOn: expect.stringMatching(/before the start/),
    });
    expect((await stored("to-edit-renamed")).title).toBe("A better title");
  });

  it("refuses an address another campaign uses", async () => {
    const result = await editByForm("to-edit-renamed", {
      ...campaignForm({ slug: demoCampaignSlug }),
      intent: "details",
    });
    expect(result.status).toBe(409);
    expect((result.body as { errors: Record<string, string> }).errors.slug).toMatch(/already used/);
  });
});

describe("the lifecycle", () => {
  const slug = "lifecycle";
  beforeAll(async () => {
    await createByForm(campaignForm({ slug }));
  });

  async function expectRefused(to: string, from: string) {
    const result = await changeStatus(slug, to);
    expect(result.status).toBe(409);
    expect((result.body as { errors: Record<string, string> }).errors.status).toMatch(
      new RegExp(`from "${from}" it can become`),
    );
    expect((await stored(slug)).status).toBe(from);
  }

  async function expectMoved(to: string, from: string) {
    const result = await changeStatus(slug, to);
    expect(result.status).toBe(302);
    const campaign = await stored(slug);
    expect(campaign.status).toBe(to);
    const audits = await auditsFor(campaign.id, "campaign.status");
    expect(audits.at(-1)?.details).toEqual({ before: { status: from }, after: { status: to } });
  }

  it("walks draft → open → paused → open → closed → open, refusing the rest", async () => {
    await expectRefused("paused", "draft");
    await expectRefused("closed", "draft");
    await expectMoved("open", "draft");
    await expectRefused("draft", "open");
    await expectMoved("paused", "open");
    await expectRefused("draft", "paused");
    await expectMoved("open", "paused");
    await expectMoved("closed", "open");
    await expectRefused("paused", "closed");
    await expectRefused("draft", "closed");
    await expectMoved("open", "closed");
    await expectMoved("paused", "open");
    await expectMoved("closed", "paused");
  });

  it("refuses a status that does not exist", async () => {
    const result = await changeStatus(slug, "archived");
    expect(result.status).toBe(400);
    expect((result.body as { errors: Record<string, string> }).errors.status).toMatch(/Choose/);
  });
});

describe("what the public sees", () => {
  const page = (slug: string, who?: SignedInStaff) =>
    outcome(() =>
      publicPageLoader({
        request: staffGet(`/c/${slug}`, who),
        params: { campaign: slug },
        context,
      }),
    );
  const writePage = (slug: string) =>
    outcome(() =>
      writeLoader({ request: staffGet(`/c/${slug}/write`), params: { campaign: slug }, context }),
    );

  it("a draft is not found, except by staff who preview it with a banner", async () => {
    await createByForm(campaignForm({ slug: "public-draft" }));
    expect((await page("public-draft")).status).toBe(404);
    expect((await writePage("public-draft")).status).toBe(404);
    const preview = await page("public-draft", staff.viewer);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      preview: true,
      campaign: {
        status: "draft",
        takesLetters: false,
        publicText: [
          [{ text: "First paragraph." }],
          [
            { text: "Read " },
            { text: "the appeal", href: "https://example.org/appeal" },
            { text: "." },
          ],
        ],
      },
    });
  });

  it("a draft's ask pages are not found either, except by staff previewing it", async () => {
    await createByForm(campaignForm({ slug: "draft-with-asks", from: demoCampaignSlug }));
    const [ask] = (await stored("draft-with-asks")).asks;
    const askPage = (who?: SignedInStaff) =>
      outcome(() =>
        askPageLoader({
          request: staffGet(`/c/draft-with-asks/asks/${ask?.slug}`, who),
          params: { campaign: "draft-with-asks", ask: ask?.slug },
          context,
        }),
      );
    expect((await askPage()).status).toBe(404);
    const preview = await askPage(staff.viewer);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      campaign: { status: "draft" },
      ask: { slug: ask?.slug },
    });
  });

  it("an open campaign takes letters; a paused one shows its page without the form", async () => {
    await createByForm(campaignForm({ slug: "public-paused" }));
    await changeStatus("public-paused", "open");
    expect((await page("public-paused")).body).toMatchObject({
      preview: false,
      campaign: { takesLetters: true },
    });
    expect((await writePage("public-paused")).status).toBe(200);
    await changeStatus("public-paused", "paused");
    expect((await page("public-paused")).body).toMatchObject({
      campaign: { status: "paused", takesLetters: false },
    });
    expect((await writePage("public-paused")).status).toBe(404);
  });

  it("a closed campaign keeps its record and offers no form", async () => {
    await createByForm(campaignForm({ slug: "public-closed" }));
    await changeStatus("public-closed", "open");
    await changeStatus("public-closed", "closed");
    expect((await page("public-closed")).body).toMatchObject({
      campaign: { status: "closed", takesLetters: false, lettersSent: 0 },
    });
    expect((await writePage("public-closed")).status).toBe(404);
  });

  it("the home page lists open, paused and recently closed campaigns, never drafts", async () => {
    await createByForm(campaignForm({ slug: "long-closed" }));
    await changeStatus("long-closed", "open");
    await changeStatus("long-closed", "closed");
    await database.db
      .update(campaigns)
      .set({ statusChangedAt: new Date(Date.now() - 400 * 86_400_000) })
      .where(eq(campaigns.slug, "long-closed"));
    const home = (
      await outcome(() =>
        homeLoader({ request: new Request("http://localhost/"), params: {}, context }),
      )
    ).body as {
      campaigns: Array<{ slug: string; status: string }>;
    };
    const listed = home.campaigns.map((c) => c.slug);
    expect(listed).toEqual(
      expect.arrayContaining([demoCampaignSlug, "public-paused", "public-closed"]),
    );
    expect(listed).not.toContain("public-draft");
    expect(listed).not.toContain("long-closed");
    expect(home.campaigns.map((c) => c.status)).not.toContain("draft");
    // Its page stays at the same address.
    expect((await page("long-closed")).status).toBe(200);
  });
});
