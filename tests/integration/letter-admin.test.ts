import type { AppLoadContext } from "@remix-run/node";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, devOutbox, letters, letterTemplates } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import { seedDemoContacts } from "#db/seed/seed-demo-contacts";
import type { StaffRole } from "~/auth/roles";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import type { SupporterLetterInput } from "~/letters/letter-schema";
import { submitLetter } from "~/letters/letters.server";
import { suppressLetters } from "~/letters/suppression.server";
import { recordPositionEvent, todayUtc } from "~/positions/positions.server";
import type { Position } from "~/positions/stance";
import {
  action as lettersAction,
  loader as lettersLoader,
} from "~/routes/staff.campaigns.$campaign.letters/route";
import {
  action as templatesAction,
  loader as templatesLoader,
} from "~/routes/staff.campaigns.$campaign.templates/route";
import { fileTemplate } from "~/templates/template-files.server";
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
const templatesPath = `/staff/campaigns/${demoCampaignSlug}/templates`;
const lettersPath = `/staff/campaigns/${demoCampaignSlug}/letters`;
const shipped = fileTemplate("letter", "en");

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  await seedDemoContacts(database.db);
  for (const role of ["viewer", "editor", "admin"] as const)
    staff[role] = await signedInStaff(database.db, role);
});
afterAll(() => database.drop());

async function demo() {
  const campaign = await getCampaignWithAsks(database.db, demoCampaignSlug);
  if (!campaign) throw new Error("the demo campaign was not seeded");
  const ask = (slug: string) => {
    const found = campaign.asks.find((a) => a.slug === slug);
    if (!found) throw new Error(`no ask ${slug}`);
    return found;
  };
  return { campaign, ask };
}

async function recordStance(askSlug: string, stateIso3: string, position: Position) {
  const { ask } = await demo();
  await recordPositionEvent(database.db, { kind: "cli" }, ask(askSlug).id, {
    stateIso3,
    position,
    observedOn: todayUtc(),
    sourceUrl: null,
    sourceTitle: "Statement",
    evidence: null,
    confidence: "high",
    visibility: "public",
  });
}

let supporterCount = 0;

/** One letter per call (the demo campaign writes to ministries only). */
async function writeLetter(options: {
  askSlug: string;
  country: string;
  confirmFirst?: boolean;
}): Promise<{ id: number; name: string; email: string; paragraph: string }> {
  const { campaign, ask } = await demo();
  supporterCount += 1;
  const name = `Supporter Number${supporterCount}`;
  const email = `supporter${supporterCount}@example.org`;
  const paragraph = `My own words, number ${supporterCount}.`;
  const input: SupporterLetterInput = {
    ask: options.askSlug,
    country: options.country,
    name,
    email,
    city: "Oaxaca",
    personalParagraph: paragraph,
    language: "en",
    consentUpdates: false,
    website: "",
  };
  const result = await submitLetter(database.db, {
    campaign: { ...campaign, confirmBeforeSend: options.confirmFirst ?? true },
    ask: ask(options.askSlug),
    input,
    approvedBody: `Excellency,\n\nPlease act.\n\n${paragraph}\n\n${name}`,
    clientIp: null,
  });
  if (result.kind !== "created" || result.letterIds.length !== 1) throw new Error("not created");
  return { id: result.letterIds[0] ?? 0, name, email, paragraph };
}

function templateFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ask: "hrc-special-session",
    language: "en",
    targetKind: "ministry",
    state: "MEX",
    subject: shipped.subject,
    body: shipped.body,
    openings: shipped.openings.join("\n"),
    closings: shipped.closings.join("\n"),
    ...overrides,
  };
}

async function postTemplate(intent: string, fields: Record<string, string>, role = "editor") {
  return outcome(() =>
    templatesAction({
      request: staffPost(templatesPath, { ...fields, intent }, staff[role as StaffRole]),
      params,
      context,
    }),
  );
}

type Body = Record<string, unknown> & {
  preview: { subject: string; body: string; stance: string } | null;
  fields: Record<string, { line: number; column: number; message: string }[]>;
  values: Record<string, string>;
  notice: string | null;
};

async function templateCount() {
  return (await database.db.select({ id: letterTemplates.id }).from(letterTemplates)).length;
}

describe("the template editor", () => {
  it("is for editors: viewers get 403", async () => {
    const asViewer = await outcome(() =>
      templatesLoader({ request: staffGet(templatesPath, staff.viewer), params, context }),
    );
    expect(asViewer.status).toBe(403);
    expect((await postTemplate("preview", templateFields(), "viewer")).status).toBe(403);
    const asEditor = await outcome(() =>
      templatesLoader({ request: staffGet(templatesPath, staff.editor), params, context }),
    );
    expect(asEditor.status).toBe(200);
    expect(asEditor.body).toMatchObject({ draft: { body: shipped.body } });
  });

  it("previews the letter with each state's public stance: thanks or persuasion", async () => {
    await recordStance("hrc-special-session", "MEX", "supports");
    await recordStance("hrc-special-session", "FRA", "opposes");
    const supporting = await postTemplate("preview", templateFields({ state: "MEX" }));
    const opposed = await postTemplate("preview", templateFields({ state: "FRA" }));
    expect(supporting.status).toBe(200);
    const mexico = (supporting.body as Body).preview;
    const france = (opposed.body as Body).preview;
    expect(mexico?.stance).toBe("supports");
    expect(mexico?.subject).toMatch(/^With thanks for your support/);
    expect(mexico?.body).toContain("thank you sincerely");
    expect(mexico?.body).not.toContain("reconsider");
    expect(france?.stance).toBe("opposes");
    expect(france?.subject).toMatch(/^Appeal:/);
    expect(france?.body).toContain("reconsider this position");
    expect(france?.body).not.toContain("thank you sincerely");
    // The demo contact addresses the letter; a sample supporter signs it.
    expect(mexico?.body).toContain("Secretaría de Relaciones Exteriores");
    expect(mexico?.body).toContain("Alex Sample");
  });

  it("refuses a bad template with line and column per field, keeps the text, stores nothing", async () => {
    const before = await templateCount();
    const body = "{{target.salutation}},\n\nI write about {{ask.titel}}.\n\n{{supporter.name}}";
    const result = await postTemplate(
      "save",
      templateFields({ body, openings: "A fine opening.\n\n  Hello {{state.name}}" }),
    );
    expect(result.status).toBe(400);
    const { fields, values } = result.body as Body;
    expect(fields.body).toEqual([{ line: 3, column: 17, message: 'Unknown variable "ask.titel"' }]);
    // Item 2 of the openings is on line 3 of the textarea, indented by two spaces.
    expect(fields.openings).toEqual([
      expect.objectContaining({ line: 3, column: 9, message: expect.stringMatching(/plain text/) }),
    ]);
    expect(fields.subject).toBeUndefined();
    expect(values.body).toBe(body);
    expect(await templateCount()).toBe(before);
  });

  it("numbers saved versions and lists who saved them", async () => {
    const scope = { language: "fr", targetKind: "geneva" };
    const first = await postTemplate("save", templateFields(scope));
    const second = await postTemplate(
      "save",
      templateFields({ ...scope, subject: "Appel : {{ask.title}}" }),
    );
    expect(first.status).toBe(302);
    expect(first.response?.headers.get("Location")).toMatch(/saved=1/);
    expect(second.response?.headers.get("Location")).toMatch(/saved=2/);
    const page = await outcome(() =>
      templatesLoader({
        request: staffGet(
          `${templatesPath}?ask=hrc-special-session&language=fr&targetKind=geneva&saved=2`,
          staff.editor,
        ),
        params,
        context,
      }),
    );
    const body = page.body as {
      notice: string;
      draft: { subject: string };
      inEffect: { version: number };
      versions: { version: number; author: string; language: string }[];
    };
    expect(body.notice).toMatch(/version 2/);
    expect(body.draft.subject).toBe("Appel : {{ask.title}}");
    expect(body.inEffect.version).toBe(2);
    expect(body.versions.filter((v) => v.language === "fr")).toEqual([
      expect.objectContaining({ version: 2, author: staff.editor.user.email }),
      expect.objectContaining({ version: 1, author: staff.editor.user.email }),
    ]);
  });

  it("lists every letter language side by side and previews any of them", async () => {
    const german = fileTemplate("letter", "de");
    const saved = await postTemplate(
      "save",
      templateFields({
        ask: "",
        language: "de",
        subject: `Dringend: ${german.subject}`,
        body: german.body,
        openings: german.openings.join("\n"),
        closings: german.closings.join("\n"),
      }),
    );
    expect(saved.status).toBe(302);
    const page = await outcome(() =>
      templatesLoader({
        request: staffGet(`${templatesPath}?language=de&targetKind=ministry`, staff.editor),
        params,
        context,
      }),
    );
    const { languages } = page.body as {
      languages: {
        language: string;
        offered: boolean;
        campaignVersion: number | null;
        reviewStatus: string;
      }[];
    };
    expect(languages.map((row) => row.language)).toEqual([
      "en",
      "fr",
      "es",
      "ar",
      "zh",
      "ru",
      "de",
      "pt",
      "fa",
    ]);
    expect(languages.find((row) => row.language === "de")).toMatchObject({
      campaignVersion: 1,
      reviewStatus: expect.stringMatching(/needs review by a native speaker/),
    });
    expect(languages.find((row) => row.language === "fa")).toMatchObject({ campaignVersion: null });
    // The demo campaign offers all nine (migration 0014 for existing demos, the default for new ones).
    expect(languages.every((row) => row.offered)).toBe(true);

    const persian = fileTemplate("letter", "fa");
    const preview = await postTemplate(
      "preview",
      templateFields({
        language: "fa",
        state: "IRN",
        subject: persian.subject,
        body: persian.body,
        openings: persian.openings.join("\n"),
        closings: persian.closings.join("\n"),
      }),
    );
    const letter = (preview.body as Body).preview as unknown as {
      body: string;
      language: string;
    };
    expect(letter.language).toBe("fa");
    expect(letter.body).toContain("عالیجناب،");
    expect(letter.body).toContain("ایران");
    // The date in the Solar Hijri calendar, in Persian digits.
    expect(letter.body.split("\n")[0]).toMatch(/^[۰-۹]{1,2} \S+ [۰-۹]{4}$/);
  });

  it("sends a test to the editor only, into the development outbox without SMTP_URL", async () => {
    const result = await outcome(() =>
      templatesAction({
        request: staffPost(
          templatesPath,
          { ...templateFields({ state: "MEX" }), intent: "send-test" },
          staff.editor,
        ),
        params,
        context: testContext(database.db, { config: { SMTP_URL: undefined } }),
      }),
    );
    expect(result.status).toBe(200);
    expect((result.body as Body).notice).toContain(staff.editor.user.email);
    const outbox = await database.db.select().from(devOutbox);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.envelopeTo).toEqual([staff.editor.user.email]);
    expect(outbox[0]?.subject).toMatch(/^\[TEST\] With thanks for your support/);
    expect(outbox[0]?.raw).toContain("Alex Sample");
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "letter_template.test_send"));
    expect(audit).toEqual([
      expect.objectContaining({
        actorUserId: staff.editor.user.id,
        details: expect.objectContaining({ state: "MEX", language: "en", development: true }),
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(staff.editor.user.email);
  });
});

describe("the letters page", () => {
  it("shows viewers counts and technical details, never personal data", async () => {
    const written = await writeLetter({ askSlug: "universal-jurisdiction", country: "BRA" });
    const queued = await writeLetter({
      askSlug: "universal-jurisdiction",
      country: "BRA",
      confirmFirst: false,
    });
    const waiting = await writeLetter({
      askSlug: "universal-jurisdiction",
      country: "ITA",
      confirmFirst: false,
    });
    const page = await outcome(() =>
      lettersLoader({
        request: staffGet(`${lettersPath}?ask=universal-jurisdiction`, staff.viewer),
        params,
        context,
      }),
    );
    expect(page.status).toBe(200);
    const body = page.body as {
      counts: {
        overall: Record<string, number>;
        byState: { iso3: string; counts: Record<string, number> }[];
      };
      latest: { id: number; status: string }[];
      detail: unknown;
    };
    expect(body.counts.overall).toMatchObject({
      awaiting_confirmation: 1,
      queued: 1,
      awaiting_contact: 1,
      sent: 0,
    });
    expect(body.counts.byState.find((s) => s.iso3 === "BRA")?.counts).toMatchObject({
      awaiting_confirmation: 1,
      queued: 1,
    });
    expect(body.latest.map((l) => l.id)).toEqual([waiting.id, queued.id, written.id]);
    expect(body.detail).toBeNull();
    const json = JSON.stringify(page.body);
    for (const letter of [written, queued, waiting]) {
      for (const secret of [letter.name, letter.email, letter.paragraph]) {
        expect(json).not.toContain(secret);
      }
    }
    expect(json).not.toContain("Please act.");

    const detail = `${lettersPath}?letter=${written.id}`;
    for (const role of ["viewer", "editor"] as const) {
      const refused = await outcome(() =>
        lettersLoader({ request: staffGet(detail, staff[role]), params, context }),
      );
      expect(refused.status).toBe(403);
    }
    const asAdmin = await outcome(() =>
      lettersLoader({ request: staffGet(detail, staff.admin), params, context }),
    );
    expect(asAdmin.body).toMatchObject({
      detail: {
        id: written.id,
        supporter: { name: written.name, email: written.email, city: "Oaxaca" },
        personalParagraph: written.paragraph,
        body: expect.stringContaining("Please act."),
      },
    });
  });

  it("filters by status and state", async () => {
    const page = await outcome(() =>
      lettersLoader({
        request: staffGet(`${lettersPath}?status=awaiting_contact&state=ITA`, staff.viewer),
        params,
        context,
      }),
    );
    const body = page.body as { latest: { stateIso3: string; status: string }[] };
    expect(body.latest.length).toBeGreaterThan(0);
    for (const letter of body.latest) {
      expect(letter).toMatchObject({ stateIso3: "ITA", status: "awaiting_contact" });
    }
  });
});

describe("suppressing letters to a state that now supports", () => {
  async function statuses(ids: number[]) {
    const rows = await database.db
      .select({ id: letters.id, status: letters.status, failureReason: letters.failureReason })
      .from(letters)
      .where(inArray(letters.id, ids));
    return Object.fromEntries(rows.map((r) => [r.id, r]));
  }

  it("stops exactly the pending letters of that state and ask, and audits it", async () => {
    const ask = "unsc-icc-referral";
    const pending = [
      await writeLetter({ askSlug: ask, country: "JPN" }),
      await writeLetter({ askSlug: ask, country: "JPN", confirmFirst: false }),
    ];
    const sent = await writeLetter({ askSlug: ask, country: "JPN", confirmFirst: false });
    await database.db.update(letters).set({ status: "sent" }).where(eq(letters.id, sent.id));
    const otherAsk = await writeLetter({ askSlug: "accountability-mechanism", country: "JPN" });
    const otherState = await writeLetter({ askSlug: ask, country: "KEN" });
    const stop = { ask, state: "JPN", mode: "stop", reason: "Japan now supports the referral" };

    // Not before the state supports the ask.
    const early = await outcome(() =>
      lettersAction({ request: staffPost(lettersPath, stop, staff.editor), params, context }),
    );
    expect(early.status).toBe(409);
    await recordStance(ask, "JPN", "supports");

    const page = await outcome(() =>
      lettersLoader({ request: staffGet(lettersPath, staff.viewer), params, context }),
    );
    const candidates = (page.body as { candidates: Record<string, unknown>[] }).candidates;
    expect(candidates).toContainEqual(
      expect.objectContaining({
        askSlug: ask,
        stateIso3: "JPN",
        total: 2,
        pending: { awaiting_confirmation: 1, awaiting_contact: 0, queued: 1 },
        canStop: true,
        canThank: true,
      }),
    );

    const asViewer = await outcome(() =>
      lettersAction({ request: staffPost(lettersPath, stop, staff.viewer), params, context }),
    );
    expect(asViewer.status).toBe(403);
    const noReason = await outcome(() =>
      lettersAction({
        request: staffPost(lettersPath, { ...stop, reason: "" }, staff.editor),
        params,
        context,
      }),
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ errors: { reason: expect.any(String) } });

    const done = await outcome(() =>
      lettersAction({ request: staffPost(lettersPath, stop, staff.editor), params, context }),
    );
    expect(done.status).toBe(302);
    expect(done.response?.headers.get("Location")).toMatch(/done=stop&count=2/);

    const after = await statuses([
      ...pending.map((l) => l.id),
      sent.id,
      otherAsk.id,
      otherState.id,
    ]);
    for (const letter of pending) {
      expect(after[letter.id]).toMatchObject({
        status: "suppressed",
        failureReason: "stopped by staff: Japan now supports the referral",
      });
    }
    expect(after[sent.id]?.status).toBe("sent");
    expect(after[otherAsk.id]?.status).toBe("awaiting_confirmation");
    expect(after[otherState.id]?.status).toBe("awaiting_confirmation");

    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "letters.stop"),
          eq(auditEvents.actorUserId, staff.editor.user.id),
        ),
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({
      state: "JPN",
      affected: 2,
      byStatus: { awaiting_confirmation: 1, queued: 1, awaiting_contact: 0 },
    });
    expect(JSON.stringify(audit[0]?.details)).not.toContain("supporter");
  });

  it("rewrites pending letters as thank-yous, keeping each supporter's paragraph and status", async () => {
    const ask = "accountability-mechanism";
    const pending = [
      await writeLetter({ askSlug: ask, country: "DEU" }),
      await writeLetter({ askSlug: ask, country: "DEU", confirmFirst: false }),
    ];
    const otherState = await writeLetter({ askSlug: ask, country: "ZAF", confirmFirst: false });
    const before = await database.db.select().from(letters).where(eq(letters.id, otherState.id));
    await recordStance(ask, "DEU", "supports");
    const done = await outcome(() =>
      lettersAction({
        request: staffPost(
          lettersPath,
          { ask, state: "DEU", mode: "thank", reason: "" },
          staff.editor,
        ),
        params,
        context,
      }),
    );
    expect(done.status).toBe(302);
    expect(done.response?.headers.get("Location")).toMatch(/done=thank&count=2&skipped=0/);
    const rows = await database.db
      .select()
      .from(letters)
      .where(
        inArray(
          letters.id,
          pending.map((l) => l.id),
        ),
      );
    expect(rows.map((r) => r.status).sort()).toEqual(["awaiting_confirmation", "queued"]);
    for (const row of rows) {
      const letter = pending.find((l) => l.id === row.id);
      expect(row.subject).toMatch(/^With thanks for your support/);
      expect(row.body).toContain("thank you sincerely");
      expect(row.body).toContain(letter?.paragraph);
      expect(row.body).toContain(letter?.name);
    }
    const untouched = await database.db.select().from(letters).where(eq(letters.id, otherState.id));
    expect(untouched).toEqual(before);
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "letters.thank"));
    expect(audit).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({ state: "DEU", affected: 2, skipped: 0 }),
      }),
    ]);
  });

  it("refuses a thank-you when the supporting stance is internal only", async () => {
    const { ask } = await demo();
    const askId = ask("hrc-special-session").id;
    await writeLetter({ askSlug: "hrc-special-session", country: "IDN" });
    await recordPositionEvent(database.db, { kind: "cli" }, askId, {
      stateIso3: "IDN",
      position: "supports",
      observedOn: todayUtc(),
      sourceUrl: null,
      sourceTitle: null,
      evidence: "Told us in a meeting",
      confidence: "medium",
      visibility: "internal",
    });
    const actor = { kind: "cli" } as const;
    const input = { askId, stateIso3: "IDN", reason: "" };
    await expect(suppressLetters(database.db, actor, { ...input, mode: "thank" })).rejects.toThrow(
      /public stance/,
    );
    const stopped = await suppressLetters(database.db, actor, {
      ...input,
      mode: "stop",
      reason: "Supports, per our meeting",
    });
    expect(stopped).toMatchObject({ affected: 1, byStatus: { awaiting_confirmation: 1 } });
  });
});
