import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, letters, positionEvents, stateContacts } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import { createCampaign, updateCampaign } from "~/campaigns/campaign-authoring.server";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { deliverLetter } from "~/delivery/delivery.server";
import { confirmLetter, submitLetter } from "~/letters/letters.server";
import { smtpMailer } from "~/lib/mail.server";
import { action as confirmAction, loader as confirmLoader } from "~/routes/confirm.$token";
import { loader as trackerLoader } from "~/routes/staff.campaigns.$campaign._index/route";
import { loader as exportLoader } from "~/routes/staff.campaigns.$campaign.export.$file/route";
import { loader as metricsLoader } from "~/routes/staff.campaigns.$campaign.metrics/route";
import { sendSupporterEmail } from "~/supporters/supporter-emails.server";
import { testContext } from "../setup/load-context";
import { type SmtpSink, startSmtpSink } from "../setup/smtp-sink";
import { outcome, type SignedInStaff, signedInStaff, staffGet } from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
let sink: SmtpSink;
let mailer: ReturnType<typeof smtpMailer>;
let viewer: SignedInStaff;
let context: AppLoadContext;
const actor = { kind: "system" } as const;
const settings = {
  mailFrom: "Démarche <letters@act.example.org>",
  appUrl: "http://localhost:3000",
};

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  await database.db.insert(stateContacts).values({
    stateIso3: "FRA",
    kind: "ministry",
    name: "Ministère de l'Europe et des Affaires étrangères",
    emails: ["ministere@fr.example.org"],
    salutations: { en: "Excellency", fr: "Excellence", es: "Excelencia" },
    language: "fr",
    isDemo: true,
  });
  viewer = await signedInStaff(database.db, "viewer");
  sink = await startSmtpSink();
  mailer = smtpMailer(sink.url);
});

afterAll(async () => {
  mailer.close();
  await sink.close();
  await database.drop();
});

const fields = (slug: string) => ({
  slug,
  title: `Campaign ${slug}`,
  summary: "A campaign for the tests.",
  publicText: "",
  startsOn: "2026-01-01",
  endsOn: null,
  languages: ["en", "fr"] as Array<"en" | "fr">,
});

async function campaign(slug: string) {
  const found = await getCampaignWithAsks(database.db, slug);
  if (!found) throw new Error(`campaign ${slug} missing`);
  return found;
}

async function write(slug: string, email: string, country: string) {
  const c = await campaign(slug);
  const ask = c.asks[0];
  if (!ask) throw new Error("no ask");
  const submitted = await submitLetter(database.db, {
    campaign: c,
    ask,
    input: {
      ask: ask.slug,
      country,
      name: "A supporter",
      email,
      city: "Lyon",
      personalParagraph: "",
      language: "en",
      consentUpdates: false,
      website: "",
    },
    approvedBody: "Excellency,\n\nPlease act on this.\n\nA supporter",
    clientIp: "127.0.0.1",
  });
  if (submitted.kind !== "created") throw new Error(`letter not created: ${submitted.kind}`);
  return submitted;
}

async function letterRow(id: number | undefined) {
  const [row] = await database.db
    .select()
    .from(letters)
    .where(eq(letters.id, id ?? 0));
  return row;
}

describe("two campaigns side by side", () => {
  beforeAll(async () => {
    await createCampaign(
      database.db,
      actor,
      { ...fields("sudan"), status: "open" },
      {
        fromSlug: demoCampaignSlug,
        withPositions: false,
      },
    );
    const demo = await campaign(demoCampaignSlug);
    await database.db.insert(positionEvents).values({
      askId: demo.asks[0]?.id ?? 0,
      stateIso3: "NOR",
      position: "supports",
      observedOn: "2026-01-20",
      sourceUrl: "https://example.org/nor",
      visibility: "public",
    });
    await write(demoCampaignSlug, "iran-writer@example.org", "FRA");
    await write("sudan", "sudan-writer-1@example.org", "ESP");
    await write("sudan", "sudan-writer-2@example.org", "DEU");
  });

  const staffPage = <T>(
    loader: (args: LoaderFunctionArgs) => Promise<unknown>,
    path: string,
    params: Record<string, string>,
  ) =>
    outcome(() => loader({ request: staffGet(path, viewer), params, context })).then(
      (r) => r.body as T,
    );

  it("keep their positions apart", async () => {
    type Tracker = {
      rows: Array<{ iso3: string; positions: Record<string, { position: string }> }>;
    };
    const norway = (t: Tracker) =>
      t.rows.find((r) => r.iso3 === "NOR")?.positions["hrc-special-session"]?.position;
    const iran = await staffPage<Tracker>(trackerLoader, `/staff/campaigns/${demoCampaignSlug}`, {
      campaign: demoCampaignSlug,
    });
    const sudan = await staffPage<Tracker>(trackerLoader, "/staff/campaigns/sudan", {
      campaign: "sudan",
    });
    expect(norway(iran)).toBe("supports");
    expect(norway(sudan) ?? "no_information").toBe("no_information");
  });

  it("keep their letters and metrics apart", async () => {
    type Metrics = { metrics: { totals: { started: number } } };
    const range = "?from=2020-01-01&to=2030-12-31";
    const iran = await staffPage<Metrics>(
      metricsLoader,
      `/staff/campaigns/${demoCampaignSlug}/metrics${range}`,
      { campaign: demoCampaignSlug },
    );
    const sudan = await staffPage<Metrics>(
      metricsLoader,
      `/staff/campaigns/sudan/metrics${range}`,
      { campaign: "sudan" },
    );
    expect(iran.metrics.totals.started).toBe(1);
    expect(sudan.metrics.totals.started).toBe(2);
  });

  it("keep their exports apart", async () => {
    const exported = async (slug: string, file: string) => {
      const result = await outcome(() =>
        exportLoader({
          request: staffGet(`/staff/campaigns/${slug}/export/${file}`, viewer),
          params: { campaign: slug, file },
          context,
        }),
      );
      const text = (await result.response?.text()) ?? "";
      return parse(text, { columns: true }) as Array<Record<string, string>>;
    };
    const states = (rows: Array<Record<string, string>>) =>
      rows.map((r) => r.state_iso3 ?? r.state ?? r.iso3).sort();
    expect(states(await exported(demoCampaignSlug, "letters.csv"))).toEqual(["FRA"]);
    expect(states(await exported("sudan", "letters.csv"))).toEqual(["DEU", "ESP"]);
    expect(await exported(demoCampaignSlug, "positions.csv")).toHaveLength(1);
    expect(await exported("sudan", "positions.csv")).toHaveLength(0);
  });
});

describe("a paused campaign's letters wait", () => {
  it("are left queued while paused and sent once it reopens", async () => {
    await createCampaign(
      database.db,
      actor,
      {
        ...fields("pause-me"),
        status: "open",
        settings: {
          targetMinistry: true,
          targetGeneva: false,
          targetNewYork: false,
          senderEmail: null,
          confirmBeforeSend: false,
          replyToSupporter: true,
          copyToSupporter: false,
          lettersPerTargetPerHour: 30,
          officeHoursOnly: false,
          followUpDays: 14,
          retentionDays: 90,
        },
      },
      { fromSlug: demoCampaignSlug, withPositions: false },
    );
    const submitted = await write("pause-me", "patient@example.org", "FRA");
    const [letterId] = submitted.letterIds;
    expect((await letterRow(letterId))?.status).toBe("queued");
    const paused = await campaign("pause-me");
    await updateCampaign(database.db, actor, paused.id, { status: "paused" });

    const before = sink.received.length;
    expect(await deliverLetter(database.db, mailer, settings, letterId ?? 0)).toEqual({
      kind: "skipped",
      status: "campaign_paused",
    });
    expect((await letterRow(letterId))?.status).toBe("queued");
    expect(sink.received.length).toBe(before);

    await updateCampaign(database.db, actor, paused.id, { status: "open" });
    const jobs = await database.sql<{ letterId: number }[]>`
      select (data->>'letterId')::int as "letterId" from pgboss.job
      where name = 'deliver-letter' and state = 'created'`;
    expect(jobs.map((j) => j.letterId)).toContain(letterId);
    expect(await deliverLetter(database.db, mailer, settings, letterId ?? 0)).toMatchObject({
      kind: "sent",
    });
    const [delivered] = await sink.waitFor(before + 1);
    expect(delivered).toBeDefined();
    expect((await letterRow(letterId))?.status).toBe("sent");
  });
});

describe("a closed campaign's unconfirmed letters", () => {
  it("are never sent, and the confirmation link explains why", async () => {
    await createCampaign(
      database.db,
      actor,
      { ...fields("close-me"), status: "open" },
      {
        fromSlug: demoCampaignSlug,
        withPositions: false,
      },
    );
    const submitted = await write("close-me", "late-confirmer@example.org", "FRA");
    const token = submitted.confirmToken ?? "";
    const [letterId] = submitted.letterIds;
    expect((await letterRow(letterId))?.status).toBe("awaiting_confirmation");
    const closing = await campaign("close-me");
    await updateCampaign(database.db, actor, closing.id, { status: "closed" });

    const page = await outcome(() =>
      confirmLoader({
        request: new Request(`http://localhost/confirm/${token}`),
        params: { token },
        context,
      }),
    );
    expect(page.body).toMatchObject({ closed: { slug: "close-me", title: "Campaign close-me" } });

    const signed = await signedInStaff(database.db, "viewer");
    const body = new URLSearchParams({ csrf: signed.csrf });
    const pressed = await outcome(() =>
      confirmAction({
        request: new Request(`http://localhost/confirm/${token}`, {
          method: "POST",
          body,
          headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: signed.cookie },
        }),
        params: { token },
        context,
      }),
    );
    expect(pressed.status).toBe(410);
    expect(pressed.body).toMatchObject({ closed: { slug: "close-me" } });
    expect(await confirmLetter(database.db, token)).toEqual({
      kind: "closed",
      campaignId: closing.id,
    });
    expect((await letterRow(letterId))?.status).toBe("awaiting_confirmation");

    // Nor is the supporter reminded to confirm.
    const before = sink.received.length;
    await sendSupporterEmail(
      { db: database.db, mailer, settings },
      { kind: "confirmation-reminder", letterId: letterId ?? 0 },
    );
    expect(sink.received.length).toBe(before);
    const [row] = await database.db.select().from(campaigns).where(eq(campaigns.id, closing.id));
    expect(row?.status).toBe("closed");
  });
});
