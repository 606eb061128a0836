import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asks, auditEvents, campaigns, letterTemplates } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import type { Actor } from "~/audit/audit-log.server";
import { renderLetter } from "~/templates/letter-template";
import {
  AskNotInCampaignError,
  activeLetterTemplate,
  type LetterTemplateInput,
  LetterTemplateInvalidError,
  listTemplateVersions,
  saveLetterTemplate,
} from "~/templates/letter-templates.server";
import { fileTemplate } from "~/templates/template-files.server";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
let campaignId: number;
let askIds: [number, number];
const actor: Actor = { kind: "cli" };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
  const [campaign] = await database.db
    .select()
    .from(campaigns)
    .where(eq(campaigns.slug, demoCampaignSlug));
  if (!campaign) throw new Error("the demo campaign was not seeded");
  campaignId = campaign.id;
  const rows = await database.db
    .select({ id: asks.id })
    .from(asks)
    .where(eq(asks.campaignId, campaignId))
    .orderBy(asc(asks.position));
  const [first, second] = rows;
  if (!first || !second) throw new Error("the demo campaign has fewer than two asks");
  askIds = [first.id, second.id];
});
afterAll(() => database.drop());

function template(overrides: Partial<LetterTemplateInput> = {}): LetterTemplateInput {
  return {
    campaignId,
    askId: null,
    language: "en",
    targetKind: "ministry",
    subject: "Appeal: {{ask.title}}",
    body: "{{target.salutation}},\r\n\r\n{{opening}}\r\n\r\n{{closing}}\r\n\r\n{{supporter.name}}",
    openings: ["I write to you about the following request.", "  "],
    closings: ["Yours faithfully,"],
    ...overrides,
  };
}

async function storedCount() {
  const rows = await database.db
    .select({ id: letterTemplates.id })
    .from(letterTemplates)
    .where(eq(letterTemplates.campaignId, campaignId));
  return rows.length;
}

describe("letter template versions", () => {
  it("numbers each scope's versions from 1, audits each save, normalises the text", async () => {
    const first = await saveLetterTemplate(database.db, actor, template({ language: "fr" }));
    const second = await saveLetterTemplate(database.db, actor, template({ language: "fr" }));
    const otherScope = await saveLetterTemplate(
      database.db,
      actor,
      template({ language: "fr", targetKind: "geneva" }),
    );
    expect([first.version, second.version, otherScope.version]).toEqual([1, 2, 1]);
    expect(second.body).not.toContain("\r");
    expect(second.openings).toEqual(["I write to you about the following request."]);
    expect(second.createdBy).toBeNull();

    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "letter_template.save"),
          eq(auditEvents.entityId, String(second.id)),
        ),
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({
      campaignId,
      askId: null,
      language: "fr",
      version: 2,
    });

    const versions = await listTemplateVersions(database.db, campaignId);
    const french = versions.filter((v) => v.language === "fr" && v.targetKind === "ministry");
    expect(french.map((v) => v.version)).toEqual([2, 1]);
  });

  it("gives concurrent saves of one scope distinct versions", async () => {
    const saves = await Promise.all(
      [1, 2, 3].map(() =>
        saveLetterTemplate(
          database.db,
          actor,
          template({ language: "fr", targetKind: "new_york" }),
        ),
      ),
    );
    expect(saves.map((s) => s.version).sort()).toEqual([1, 2, 3]);
  });

  it("refuses an ask from another campaign", async () => {
    await expect(
      saveLetterTemplate(database.db, actor, template({ askId: 999_999 })),
    ).rejects.toBeInstanceOf(AskNotInCampaignError);
  });
});

describe("activeLetterTemplate", () => {
  const scope = (overrides: { askId?: number | null; language?: string } = {}) => ({
    campaignId,
    askId: askIds[0],
    language: "es",
    targetKind: "ministry" as const,
    ...overrides,
  });

  it("falls back from the ask's version to the campaign-wide one, then the files", async () => {
    const shipped = await activeLetterTemplate(database.db, scope());
    expect(shipped).toMatchObject({ id: null, version: "file:es" });
    expect(shipped.body).toBe(fileTemplate("letter", "es").body);
    expect(shipped.openings).toEqual(fileTemplate("letter", "es").openings);

    const campaignWide = await saveLetterTemplate(
      database.db,
      actor,
      template({ language: "es", subject: "Campaña: {{ask.title}}" }),
    );
    expect(await activeLetterTemplate(database.db, scope())).toMatchObject({
      id: campaignWide.id,
      version: `db:${campaignWide.id}`,
      subject: "Campaña: {{ask.title}}",
    });

    const forAsk = await saveLetterTemplate(
      database.db,
      actor,
      template({ language: "es", askId: askIds[0], subject: "Petición: {{ask.title}}" }),
    );
    const newerCampaignWide = await saveLetterTemplate(
      database.db,
      actor,
      template({ language: "es", subject: "Campaña v2: {{ask.title}}" }),
    );
    // The ask's own version wins even over a newer campaign-wide one.
    expect((await activeLetterTemplate(database.db, scope())).id).toBe(forAsk.id);
    expect((await activeLetterTemplate(database.db, scope({ askId: askIds[1] }))).id).toBe(
      newerCampaignWide.id,
    );
    expect((await activeLetterTemplate(database.db, scope({ askId: null }))).id).toBe(
      newerCampaignWide.id,
    );
    const geneva = await activeLetterTemplate(database.db, { ...scope(), targetKind: "geneva" });
    expect(geneva.version).toBe("file:es");
  });

  it("uses the latest version and the shipped variations when a version has none", async () => {
    await saveLetterTemplate(database.db, actor, template({ language: "en", askId: askIds[1] }));
    const latest = await saveLetterTemplate(
      database.db,
      actor,
      template({ language: "en", askId: askIds[1], openings: [], closings: [] }),
    );
    const active = await activeLetterTemplate(
      database.db,
      scope({ language: "en", askId: askIds[1] }),
    );
    expect(active.id).toBe(latest.id);
    expect(active.openings).toEqual(fileTemplate("letter", "en").openings);
    const letter = renderLetter({
      ...active,
      variationSeed: "supporter@example.org:1",
      variables: {
        supporter: { name: "Ada Lovelace", city: "" },
        target: { name: "Ministry of Foreign Affairs", salutation: "Excellency", kind: "ministry" },
        state: { name: "Norway", stance: "undecided" },
        ask: { title: "Open investigations", description: "" },
        campaign: { title: "Iran: end impunity" },
        date: "3 February 2026",
        language: "en",
      },
    });
    expect(letter.subject).toBe("Appeal: Open investigations");
    expect(letter.body).toMatch(/^Excellency,\n\n.+\n\n.+\n\nAda Lovelace$/);
  });

  it("serves a language without shipped templates in English", async () => {
    const active = await activeLetterTemplate(database.db, scope({ language: "ja" }));
    expect(active.version).toBe("file:en");
  });
});

describe("a bad template", () => {
  it("is refused with the field, line and column, and nothing is stored", async () => {
    const before = await storedCount();
    const error = await saveLetterTemplate(
      database.db,
      actor,
      template({
        subject: "{{{ask.title}}}",
        body: "{{target.salutation}},\n\nCall me on {{supporter.phone}}.\n{{#if supporter.city}}",
        openings: ["Fine", "Hello {{supporter.name}}"],
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LetterTemplateInvalidError);
    const fields = (error as LetterTemplateInvalidError).fields;
    expect(fields.subject).toEqual([
      { line: 1, column: 1, message: expect.stringMatching(/^Triple-stash/) },
    ]);
    expect(fields.body).toEqual([
      { line: 4, column: 23, message: expect.stringMatching(/^Syntax error: the template ends/) },
    ]);
    expect(fields.openings).toEqual([
      { line: 2, column: 7, message: expect.stringMatching(/plain text/) },
    ]);
    expect(fields.closings).toBeUndefined();
    expect(await storedCount()).toBe(before);
  });

  it("reports every unknown variable in the body", async () => {
    const error = await saveLetterTemplate(
      database.db,
      actor,
      template({ body: "{{target.salutation}},\n\n{{supporter.phone}} {{shout date}}" }),
    ).catch((e: unknown) => e);
    expect((error as LetterTemplateInvalidError).fields.body).toEqual([
      { line: 3, column: 3, message: 'Unknown variable "supporter.phone"' },
      { line: 3, column: 23, message: 'Unknown helper "shout"' },
    ]);
  });
});
