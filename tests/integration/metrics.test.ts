import type { AppLoadContext } from "@remix-run/node";
import { parse } from "csv-parse/sync";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  asks,
  auditEvents,
  campaigns,
  delegationResponses,
  letters,
  positionEvents,
  replyReports,
  supporters,
} from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import { createApiToken } from "~/auth/api-tokens.server";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { countBins, countColours, niceScale } from "~/metrics/charts";
import {
  type ExportOptions,
  exportStream,
  neutraliseFormula,
  PersonalDataExportError,
} from "~/metrics/exports.server";
import { type CampaignMetrics, campaignMetrics } from "~/metrics/metrics.server";
import { type MetricsRange, parseRangeForm } from "~/metrics/metrics-range";
import { missionReport } from "~/metrics/mission-report.server";
import { loader as apiExportLoader } from "~/routes/api.v1.campaigns.$campaign.export.$file";
import { loader as exportLoader } from "~/routes/staff.campaigns.$campaign.export.$file/route";
import { loader as metricsLoader } from "~/routes/staff.campaigns.$campaign.metrics/route";
import { loader as reportLoader } from "~/routes/staff.campaigns.$campaign.report.$state/route";
import { loader as reportPdfLoader } from "~/routes/staff.campaigns.$campaign.report.$state[.]pdf/route";
import { testContext } from "../setup/load-context";
import { outcome, type SignedInStaff, signedInStaff, staffGet } from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
let campaign: NonNullable<Awaited<ReturnType<typeof getCampaignWithAsks>>>;
const staff = {} as Record<"viewer" | "admin", SignedInStaff>;
let context: AppLoadContext;
const ids: Record<string, number> = {};

/** Supporter data that must never leave without the personal-data flag. */
const personal = {
  name: '=HYPERLINK("https://evil.example")',
  email: "marie.secret@example.org",
  city: "@Lyon",
  paragraph: "-my family\tis in Iran",
};

// ---------------------------------------------------------------------------
// Fixtures: letters with known answers (times in UTC)

let bounce = 0;
function letter(values: {
  ask: "hrc" | "unsc";
  state: string;
  language?: string;
  targetKind?: "ministry" | "geneva" | "new_york";
  status: "awaiting_confirmation" | "queued" | "sent" | "bounced";
  created: string;
  confirmed?: string;
  sent?: string;
  supporterId?: number | null;
  campaignId?: number;
  askId?: number;
  personalParagraph?: string;
}) {
  bounce += 1;
  const askSlug = values.ask === "hrc" ? "hrc-special-session" : "unsc-icc-referral";
  return {
    campaignId: values.campaignId ?? campaign.id,
    askId: values.askId ?? campaign.asks.find((a) => a.slug === askSlug)?.id ?? 0,
    supporterId: values.supporterId ?? null,
    stateIso3: values.state,
    targetKind: values.targetKind ?? "ministry",
    language: values.language ?? "en",
    subject: "Iran: end impunity",
    templateVersion: "file",
    status: values.status,
    bounceToken: `metrics-test-${bounce}`,
    personalParagraph: values.personalParagraph ?? null,
    createdAt: new Date(values.created),
    confirmedAt: values.confirmed ? new Date(values.confirmed) : null,
    sentAt: values.sent ? new Date(values.sent) : null,
  };
}

async function insertLetter(name: string, values: Parameters<typeof letter>[0]) {
  const [row] = await database.db
    .insert(letters)
    .values(letter(values))
    .returning({ id: letters.id });
  if (!row) throw new Error("letter not stored");
  ids[name] = row.id;
  return row.id;
}

function id(name: string): number {
  const value = ids[name];
  if (value === undefined) throw new Error(`no fixture ${name}`);
  return value;
}

async function insertSupporter(email: string, extra: Partial<typeof supporters.$inferInsert> = {}) {
  const [row] = await database.db
    .insert(supporters)
    .values({ email, countryIso3: "FRA", language: "fr", manageToken: `manage-${email}`, ...extra })
    .returning({ id: supporters.id });
  if (!row) throw new Error("supporter not stored");
  return row.id;
}

async function seedLetters() {
  const s1 = await insertSupporter(personal.email, { name: personal.name, city: personal.city });
  const s2 = await insertSupporter("s2@example.org", { name: "Second Writer" });
  // L1: FRA, replied (supporter said so) two days after it was sent.
  await insertLetter("L1", {
    ask: "hrc",
    state: "FRA",
    status: "sent",
    created: "2026-03-01T10:00:00Z",
    confirmed: "2026-03-01T10:05:00Z",
    sent: "2026-03-01T11:00:00Z",
    supporterId: s1,
    personalParagraph: personal.paragraph,
  });
  // L2: the same supporter's letter to the Geneva mission, in French; it bounced.
  await insertLetter("L2", {
    ask: "hrc",
    state: "FRA",
    language: "fr",
    targetKind: "geneva",
    status: "bounced",
    created: "2026-03-01T12:00:00Z",
    confirmed: "2026-03-01T12:10:00Z",
    sent: "2026-03-02T08:00:00Z",
    supporterId: s1,
  });
  // L3: DEU, answered by a logged delegation response four days later; an auto-reply too.
  await insertLetter("L3", {
    ask: "unsc",
    state: "DEU",
    status: "sent",
    created: "2026-03-02T09:00:00Z",
    confirmed: "2026-03-02T09:30:00Z",
    sent: "2026-03-02T10:00:00Z",
  });
  // L4: 23:30 UTC on 2 March is 00:30 on 3 March in Paris. Never confirmed.
  await insertLetter("L4", {
    ask: "unsc",
    state: "DEU",
    language: "de",
    status: "awaiting_confirmation",
    created: "2026-03-02T23:30:00Z",
  });
  // L5: GBR, a reply caught by the reply address after the range (still this cohort's).
  await insertLetter("L5", {
    ask: "hrc",
    state: "GBR",
    status: "sent",
    created: "2026-03-03T15:00:00Z",
    confirmed: "2026-03-03T15:01:00Z",
    sent: "2026-03-03T16:00:00Z",
  });
  // L6: 28 Feb 23:30 UTC, outside the UTC range, inside Paris's 1 March. Data deleted.
  await insertLetter("L6", {
    ask: "hrc",
    state: "FRA",
    status: "queued",
    created: "2026-02-28T23:30:00Z",
    confirmed: "2026-03-01T08:00:00Z",
  });
  // L8: FRA, delivered, never answered.
  await insertLetter("L8", {
    ask: "hrc",
    state: "FRA",
    status: "sent",
    created: "2026-03-02T10:00:00Z",
    confirmed: "2026-03-02T10:01:00Z",
    sent: "2026-03-02T11:00:00Z",
    supporterId: s2,
  });
  // L9: February, before the range: only the per-mission report sees it.
  await insertLetter("L9", {
    ask: "unsc",
    state: "FRA",
    status: "sent",
    created: "2026-02-10T10:00:00Z",
    confirmed: "2026-02-10T10:00:00Z",
    sent: "2026-02-10T10:30:00Z",
    supporterId: s1,
  });

  await database.db.insert(replyReports).values([
    {
      letterId: id("L1"),
      source: "supporter",
      kind: "replied",
      receivedAt: new Date("2026-03-03T09:00:00Z"),
    },
    {
      letterId: id("L3"),
      source: "email",
      kind: "replied",
      automatic: true,
      receivedAt: new Date("2026-03-02T10:01:00Z"),
    },
    {
      letterId: id("L5"),
      source: "email",
      kind: "replied",
      receivedAt: new Date("2026-03-05T10:00:00Z"),
    },
    {
      letterId: id("L5"),
      source: "supporter",
      kind: "replied",
      status: "rejected",
      receivedAt: new Date("2026-03-04T10:00:00Z"),
    },
    {
      letterId: id("L8"),
      source: "supporter",
      kind: "no_reply",
      receivedAt: new Date("2026-03-03T10:00:00Z"),
    },
  ]);
  await database.db.insert(delegationResponses).values([
    {
      campaignId: campaign.id,
      stateIso3: "DEU",
      channel: "email",
      receivedOn: "2026-03-06",
      summary: "Germany answered the letter.",
      letterId: id("L3"),
    },
    {
      campaignId: campaign.id,
      stateIso3: "DEU",
      channel: "meeting",
      receivedOn: "2026-03-02",
      summary: "A meeting with the mission.",
    },
  ]);

  // Another campaign's letter never counts.
  const [other] = await database.db
    .insert(campaigns)
    .values({ slug: "other-campaign", title: "Other", summary: "Other", startsOn: "2026-01-01" })
    .returning({ id: campaigns.id });
  const [otherAsk] = await database.db
    .insert(asks)
    .values({
      campaignId: other?.id ?? 0,
      slug: "other",
      title: "Other",
      description: "",
      decisionRule: "state_action",
    })
    .returning({ id: asks.id });
  await insertLetter("L7", {
    ask: "hrc",
    state: "FRA",
    status: "sent",
    created: "2026-03-02T10:00:00Z",
    confirmed: "2026-03-02T10:00:00Z",
    sent: "2026-03-02T10:00:00Z",
    campaignId: other?.id,
    askId: otherAsk?.id,
  });
}

async function seedPositions() {
  const askId = (slug: string) => campaign.asks.find((a) => a.slug === slug)?.id ?? 0;
  const hrc = askId("hrc-special-session");
  const unsc = askId("unsc-icc-referral");
  const event = (
    ask: number,
    state: string,
    position: typeof positionEvents.$inferInsert.position,
    observedOn: string,
    extra: Partial<typeof positionEvents.$inferInsert> = {},
  ) => ({ askId: ask, stateIso3: state, position, observedOn, evidence: "Test.", ...extra });
  await database.db.insert(positionEvents).values([
    // France: undecided before the start, supports since 2 March.
    event(hrc, "FRA", "undecided", "2026-01-10", { evidence: "=1+1", visibility: "public" }),
    event(hrc, "FRA", "supports", "2026-03-02"),
    // Germany: first seen opposing after the start, still opposing.
    event(unsc, "DEU", "opposes", "2026-02-01"),
    event(unsc, "DEU", "opposes", "2026-02-10"),
    // The United Kingdom moved and moved back: not a change.
    event(hrc, "GBR", "supports", "2026-01-01"),
    event(hrc, "GBR", "opposes", "2026-02-01"),
    event(hrc, "GBR", "supports", "2026-02-15"),
    // Italy: internal observations count for staff.
    event(unsc, "ITA", "leaning_support", "2026-01-01"),
    event(unsc, "ITA", "supports", "2026-02-20"),
  ]);
}

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  const found = await getCampaignWithAsks(database.db, demoCampaignSlug);
  if (!found) throw new Error("demo campaign missing");
  campaign = found;
  await seedLetters();
  await seedPositions();
  staff.viewer = await signedInStaff(database.db, "viewer");
  staff.admin = await signedInStaff(database.db, "admin");
});
afterAll(() => database.drop());

const march = (timeZone = "UTC"): MetricsRange => ({
  from: "2026-03-01",
  to: "2026-03-03",
  timeZone,
});

function byKey<T extends { key: string }>(rows: readonly T[]) {
  return Object.fromEntries(rows.map((row) => [row.key, row]));
}

// ---------------------------------------------------------------------------
// Metrics

describe("campaign metrics", () => {
  let metrics: CampaignMetrics;
  beforeAll(async () => {
    metrics = await campaignMetrics(database.db, campaign, march());
  });

  it("counts the funnel of the letters started in the range, with rates", () => {
    expect(metrics.totals).toEqual({
      started: 6,
      confirmed: 5,
      sent: 5,
      delivered: 4,
      bounced: 1,
      replied: 2,
      repliedBySupporter: 1,
      repliedByEmail: 1,
    });
    expect(
      metrics.funnel.map((s) => [s.key, s.count, s.ofStarted, s.ofPrevious, s.previous]),
    ).toEqual([
      ["started", 6, 1, null, null],
      ["confirmed", 5, 5 / 6, 5 / 6, "started"],
      ["sent", 5, 5 / 6, 1, "confirmed"],
      ["delivered", 4, 4 / 6, 4 / 5, "sent"],
      ["bounced", 1, 1 / 6, 1 / 5, "sent"],
      ["replied", 2, 2 / 6, 2 / 4, "delivered"],
    ]);
  });

  it("counts every day of the range, zero-filled, each step on its own day", async () => {
    expect(metrics.daily).toEqual([
      { date: "2026-03-01", started: 2, confirmed: 3, sent: 1, bounced: 0, replied: 0 },
      { date: "2026-03-02", started: 3, confirmed: 2, sent: 3, bounced: 1, replied: 0 },
      { date: "2026-03-03", started: 1, confirmed: 1, sent: 1, bounced: 0, replied: 1 },
    ]);
    const longer = await campaignMetrics(database.db, campaign, {
      from: "2026-02-27",
      to: "2026-03-05",
      timeZone: "UTC",
    });
    expect(longer.daily.map((d) => d.date)).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
      "2026-03-05",
    ]);
    expect(longer.daily.map((d) => d.started)).toEqual([0, 1, 2, 3, 1, 0, 0]);
    expect(longer.daily.map((d) => d.replied)).toEqual([0, 0, 0, 0, 1, 0, 1]);
  });

  it("counts days in the chosen time zone: 23:30 UTC is the next day in Paris", async () => {
    const paris = await campaignMetrics(database.db, campaign, march("Europe/Paris"));
    expect(paris.totals.started).toBe(7);
    expect(paris.daily.map((d) => [d.date, d.started])).toEqual([
      ["2026-03-01", 3],
      ["2026-03-02", 2],
      ["2026-03-03", 2],
    ]);
    const tokyo = await campaignMetrics(database.db, campaign, {
      from: "2026-03-03",
      to: "2026-03-03",
      timeZone: "Asia/Tokyo",
    });
    // 2 March 23:30 UTC is 3 March 08:30 in Tokyo; 3 March 15:00 UTC is already 4 March there.
    expect(tokyo.daily).toEqual([
      { date: "2026-03-03", started: 1, confirmed: 0, sent: 0, bounced: 0, replied: 1 },
    ]);
  });

  it("splits by target state, language, ask and office", () => {
    const states = byKey(metrics.byState);
    expect(Object.keys(states).sort()).toEqual(["DEU", "FRA", "GBR"]);
    expect(states.FRA?.label).toBe("France");
    expect(states.FRA?.counts).toEqual({
      started: 3,
      confirmed: 3,
      sent: 3,
      delivered: 2,
      bounced: 1,
      replied: 1,
      repliedBySupporter: 1,
      repliedByEmail: 0,
    });
    expect(states.DEU?.counts).toMatchObject({
      started: 2,
      confirmed: 1,
      delivered: 1,
      replied: 0,
    });
    expect(states.GBR?.counts).toMatchObject({ started: 1, delivered: 1, replied: 1 });
    expect(metrics.byLanguage.map((l) => [l.key, l.label, l.counts.started])).toEqual([
      ["en", "English", 4],
      ["fr", "French", 1],
      ["de", "German", 1],
    ]);
    expect(metrics.byAsk.map((a) => [a.key, a.counts.started, a.counts.replied])).toEqual([
      ["hrc-special-session", 4, 2],
      ["unsc-icc-referral", 2, 0],
    ]);
    expect(metrics.byTargetKind.map((k) => [k.key, k.label, k.counts.started])).toEqual([
      ["ministry", "Foreign ministry", 5],
      ["geneva", "UN mission in Geneva", 1],
    ]);
  });

  it("ranks states by how they answer: rate, then answers, then speed", () => {
    expect(
      metrics.responsiveness.map((s) => [
        s.key,
        s.counts.delivered,
        s.answered,
        s.answerRate,
        s.medianDaysToAnswer,
        s.responses,
      ]),
    ).toEqual([
      ["GBR", 1, 1, 1, 2, 0],
      ["DEU", 1, 1, 1, 4, 1],
      ["FRA", 2, 1, 0.5, 2, 0],
    ]);
  });

  it("lists states that moved since the campaign started, with letters before the change", () => {
    expect(
      metrics.movement.map((m) => [
        m.iso3,
        m.askSlug,
        m.before,
        m.now,
        m.changedOn,
        m.lettersBefore,
      ]),
    ).toEqual([
      ["ITA", "unsc-icc-referral", "leaning_support", "supports", "2026-02-20", 0],
      ["FRA", "hrc-special-session", "undecided", "supports", "2026-03-02", 1],
    ]);
  });

  it("answers zeros, not errors, for a range without letters", async () => {
    const empty = await campaignMetrics(database.db, campaign, {
      from: "2025-01-01",
      to: "2025-01-02",
      timeZone: "UTC",
    });
    expect(empty.totals.started).toBe(0);
    expect(empty.funnel.every((s) => s.count === 0 && s.ofStarted === null)).toBe(true);
    expect(empty.daily).toEqual([
      { date: "2025-01-01", started: 0, confirmed: 0, sent: 0, bounced: 0, replied: 0 },
      { date: "2025-01-02", started: 0, confirmed: 0, sent: 0, bounced: 0, replied: 0 },
    ]);
    expect([empty.byState, empty.byLanguage, empty.byAsk, empty.responsiveness]).toEqual([
      [],
      [],
      [],
      [],
    ]);
    // Movement does not depend on the range.
    expect(empty.movement).toHaveLength(2);
  });

  it("reports one state's letters for its mission, people counted once", async () => {
    const report = await missionReport(database.db, campaign, "FRA");
    // s1 (L1, L2, L9), s2 (L8) and the deleted supporter of L6.
    expect(report).toMatchObject({
      writers: 3,
      letters: 5,
      delivered: 3,
      firstDay: "2026-02-10",
      lastDay: "2026-03-02",
    });
    expect(report.byAsk.map((a) => [a.slug, a.writers, a.letters])).toEqual([
      ["hrc-special-session", 3, 4],
      ["unsc-icc-referral", 1, 1],
      ["accountability-mechanism", 0, 0],
      ["universal-jurisdiction", 0, 0],
      ["unsc-meeting", 0, 0],
    ]);
    expect(report.byMonth).toEqual([
      { month: "2026-02", writers: 1, letters: 1 },
      { month: "2026-03", writers: 3, letters: 4 },
    ]);
  });
});

describe("the date-range form", () => {
  const now = new Date("2026-03-10T23:30:00Z");
  const form = (query: string) => parseRangeForm(new URLSearchParams(query), now);

  it("defaults to the last 30 days, today counted in the zone", () => {
    expect(form("").range).toEqual({ from: "2026-02-09", to: "2026-03-10", timeZone: "UTC" });
    expect(form("tz=Europe/Paris").range).toEqual({
      from: "2026-02-10",
      to: "2026-03-11",
      timeZone: "Europe/Paris",
    });
  });

  it("reports bad dates and zones and falls back to the default", () => {
    const bad = form("from=2026-02-30&to=yesterday&tz=Mars/Olympus");
    expect(bad.errors).toEqual({
      from: "Use a date like 2026-03-01",
      to: "Use a date like 2026-03-01",
      tz: "Choose a time zone from the list",
    });
    expect(bad.range).toEqual({ from: "2026-02-09", to: "2026-03-10", timeZone: "UTC" });
    expect(bad.values.from).toBe("2026-02-30");
    expect(form("from=2026-03-05&to=2026-03-01").errors.from).toMatch(/on or before/);
    expect(form("from=2020-01-01&to=2026-03-01").errors.from).toMatch(/at most/);
    expect(form("from=2026-03-01&to=2026-03-03&tz=europe/paris")).toMatchObject({
      range: march("Europe/Paris"),
      errors: {},
    });
  });

  it("the dashboard loader shows the metrics to a viewer, with no personal-data link", async () => {
    const path = `/staff/campaigns/${demoCampaignSlug}/metrics?from=2026-03-01&to=2026-03-03`;
    const result = await outcome(() =>
      metricsLoader({
        request: staffGet(path, staff.viewer),
        params: { campaign: demoCampaignSlug },
        context,
      }),
    );
    expect(result.status).toBe(200);
    const data = result.body as Awaited<ReturnType<typeof metricsLoader>>;
    expect(data.metrics.totals.started).toBe(6);
    expect(data.downloads.personalData).toBeNull();
    expect(data.downloads.links[0]?.csv).toBe(
      `/staff/campaigns/${demoCampaignSlug}/export/letters.csv?from=2026-03-01&to=2026-03-03&tz=UTC`,
    );
    expect(JSON.stringify(data)).not.toContain(personal.email);
  });

  it("the per-mission report is also a PDF made on the server", async () => {
    const result = await outcome(() =>
      reportPdfLoader({
        request: staffGet(`/staff/campaigns/${demoCampaignSlug}/report/FRA.pdf`, staff.viewer),
        params: { campaign: demoCampaignSlug, state: "FRA" },
        context,
      }),
    );
    expect(result.status).toBe(200);
    expect(result.response?.headers.get("Content-Type")).toBe("application/pdf");
    expect(result.response?.headers.get("Content-Disposition")).toMatch(
      new RegExp(`filename="${demoCampaignSlug}-report-FRA-\\d{4}-\\d{2}-\\d{2}\\.pdf"`),
    );
    const bytes = Buffer.from((await result.response?.arrayBuffer()) ?? new ArrayBuffer(0));
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(bytes.subarray(-6).toString("latin1")).toMatch(/%%EOF/);
  });

  it("the per-mission report loader answers 404 for an unknown state", async () => {
    const result = await outcome(() =>
      reportLoader({
        request: staffGet(`/staff/campaigns/${demoCampaignSlug}/report/XXX`, staff.viewer),
        params: { campaign: demoCampaignSlug, state: "XXX" },
        context,
      }),
    );
    expect(result.status).toBe(404);
  });
});

// ---------------------------------------------------------------------------
// Exports

async function exportText(options: Omit<ExportOptions, "campaignId">) {
  const stream = await exportStream(database, { campaignId: campaign.id, ...options });
  return new Response(stream).text();
}

async function exportBytes(options: Omit<ExportOptions, "campaignId">) {
  const stream = await exportStream(database, { campaignId: campaign.id, ...options });
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function csvRows(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true }) as Record<string, string>[];
}

async function personalDataAudits(): Promise<number> {
  const [row] = await database.db
    .select({ count: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(eq(auditEvents.action, "export.personal_data"));
  return row?.count ?? 0;
}

describe("chart scales", () => {
  it("bins letter counts in at most five round classes, spread over the colour scale", () => {
    const classes = (largest: number) => countBins(largest).map((b) => [b.min, b.max, b.colour]);
    expect(classes(0)).toEqual([]);
    expect(classes(1)).toEqual([[1, 1, countColours[4]]]);
    expect(classes(3)).toEqual([
      [1, 1, countColours[0]],
      [2, 2, countColours[2]],
      [3, 3, countColours[4]],
    ]);
    expect(countBins(452).map((b) => [b.min, b.max])).toEqual([
      [1, 100],
      [101, 200],
      [201, 300],
      [301, 400],
      [401, 500],
    ]);
    expect(countBins(37).map((b) => b.max)).toEqual([10, 20, 30, 40]);
    expect(niceScale(44)).toEqual({ top: 60, step: 20 });
    expect(niceScale(0)).toEqual({ top: 4, step: 1 });
  });
});

describe("exports", () => {
  it("neutralises formulas in every cell", () => {
    for (const value of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1"]) {
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    }
    expect(neutraliseFormula("Lyon")).toBe("Lyon");
    expect(neutraliseFormula("2026-03-01")).toBe("2026-03-01");
  });

  it("letters: aggregate columns only by default, every letter of the campaign", async () => {
    const text = await exportText({ kind: "letters", format: "csv" });
    expect(text.split("\n")[0]).toBe(
      "id,campaign,ask,state,target_kind,language,status,created_at,confirmed_at,sent_at,source",
    );
    const rows = csvRows(text);
    expect(rows.map((r) => Number(r.id))).toEqual(
      ["L1", "L2", "L3", "L4", "L5", "L6", "L8", "L9"].map(id),
    );
    expect(rows[0]).toEqual({
      id: String(id("L1")),
      campaign: demoCampaignSlug,
      ask: "hrc-special-session",
      state: "FRA",
      target_kind: "ministry",
      language: "en",
      status: "sent",
      created_at: "2026-03-01T10:00:00Z",
      confirmed_at: "2026-03-01T10:05:00Z",
      sent_at: "2026-03-01T11:00:00Z",
      source: "",
    });
    for (const secret of Object.values(personal)) expect(text).not.toContain(secret);
  });

  it("letters: a range in a time zone picks letters by their creation day there", async () => {
    const paris = csvRows(
      await exportText({
        kind: "letters",
        format: "csv",
        from: "2026-03-01",
        to: "2026-03-01",
        timeZone: "Europe/Paris",
      }),
    );
    expect(paris.map((r) => Number(r.id))).toEqual(["L1", "L2", "L6"].map(id));
  });

  it("adds a UTF-8 byte-order mark only when asked", async () => {
    const withBom = await exportBytes({ kind: "metrics", format: "csv", bom: true });
    expect([...withBom.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const without = await exportBytes({ kind: "metrics", format: "csv" });
    expect(new TextDecoder().decode(without.slice(0, 5))).toBe("date,");
  });

  it("personal data only with the flag and an actor, and every such export is audited", async () => {
    await expect(
      exportStream(database, {
        campaignId: campaign.id,
        kind: "letters",
        format: "csv",
        includePersonalData: true,
      }),
    ).rejects.toBeInstanceOf(PersonalDataExportError);
    const before = await personalDataAudits();
    const text = await exportText({
      kind: "letters",
      format: "csv",
      includePersonalData: true,
      actor: { kind: "staff", userId: staff.admin.user.id, email: staff.admin.user.email },
    });
    expect(await personalDataAudits()).toBe(before + 1);
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "export.personal_data"),
          eq(auditEvents.actorUserId, staff.admin.user.id),
        ),
      );
    expect(audit).toMatchObject({ entityType: "campaign", entityId: String(campaign.id) });
    const first = csvRows(text)[0];
    // Every cell that a spreadsheet would run starts with an apostrophe.
    expect(first).toMatchObject({
      supporter_name: `'${personal.name}`,
      supporter_email: personal.email,
      supporter_city: `'${personal.city}`,
      personal_paragraph: `'${personal.paragraph}`,
    });
  });

  it("positions: every event with its history and visibility, formulas neutralised", async () => {
    const rows = csvRows(await exportText({ kind: "positions", format: "csv" }));
    expect(rows).toHaveLength(9);
    const france = rows.filter((r) => r.state === "FRA");
    expect(france.map((r) => [r.position, r.observed_on, r.visibility, r.evidence])).toEqual([
      ["undecided", "2026-01-10", "public", "'=1+1"],
      ["supports", "2026-03-02", "internal", "Test."],
    ]);
  });

  it("responses, daily and per-state metrics, as CSV and as a streamed JSON array", async () => {
    const responses = JSON.parse(await exportText({ kind: "responses", format: "json" }));
    expect(responses).toHaveLength(2);
    expect(responses[1]).toMatchObject({ state: "DEU", channel: "email", letter_id: id("L3") });

    const daily = JSON.parse(
      await exportText({ kind: "metrics", format: "json", from: "2026-03-01", to: "2026-03-03" }),
    );
    expect(daily).toEqual([
      { date: "2026-03-01", started: 2, confirmed: 3, sent: 1, bounced: 0, replied: 0 },
      { date: "2026-03-02", started: 3, confirmed: 2, sent: 3, bounced: 1, replied: 0 },
      { date: "2026-03-03", started: 1, confirmed: 1, sent: 1, bounced: 0, replied: 1 },
    ]);
    const states = csvRows(
      await exportText({
        kind: "state-metrics",
        format: "csv",
        from: "2026-03-01",
        to: "2026-03-03",
      }),
    );
    expect(states.map((r) => [r.state, r.started, r.answered, r.median_days_to_answer])).toEqual([
      ["FRA", "3", "1", "2"],
      ["DEU", "2", "1", "4"],
      ["GBR", "1", "1", "2"],
    ]);
    const none = await exportText({
      kind: "letters",
      format: "json",
      from: "2025-01-01",
      to: "2025-01-02",
    });
    expect(JSON.parse(none)).toEqual([]);
  });
});

describe("export routes", () => {
  const file = (name: string, query = "") =>
    `/staff/campaigns/${demoCampaignSlug}/export/${name}${query}`;
  const params = (name: string) => ({ campaign: demoCampaignSlug, file: name });

  it("a viewer downloads a CSV with a dated file name, without personal data", async () => {
    const result = await outcome(() =>
      exportLoader({
        request: staffGet(file("letters.csv", "?bom=1"), staff.viewer),
        params: params("letters.csv"),
        context,
      }),
    );
    expect(result.status).toBe(200);
    const headers = result.response?.headers;
    expect(headers?.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(headers?.get("Content-Disposition")).toMatch(
      new RegExp(`^attachment; filename="${demoCampaignSlug}-letters-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    const bytes = new Uint8Array((await result.response?.arrayBuffer()) ?? new ArrayBuffer(0));
    // Read as bytes: text() would drop the byte-order mark.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("id,campaign,")).toBe(true);
    expect(text).not.toContain(personal.email);
  });

  it("a viewer asking for personal data gets a 403, and nothing is audited", async () => {
    const before = await personalDataAudits();
    const result = await outcome(() =>
      exportLoader({
        request: staffGet(file("letters.csv", "?personal=1"), staff.viewer),
        params: params("letters.csv"),
        context,
      }),
    );
    expect(result.status).toBe(403);
    expect(await personalDataAudits()).toBe(before);
  });

  it("an admin gets personal data, audited", async () => {
    const before = await personalDataAudits();
    const result = await outcome(() =>
      exportLoader({
        request: staffGet(file("letters.csv", "?personal=1"), staff.admin),
        params: params("letters.csv"),
        context,
      }),
    );
    expect(result.status).toBe(200);
    expect(result.response?.headers.get("Content-Disposition")).toContain(
      "-letters-personal-data-",
    );
    expect(await result.response?.text()).toContain(personal.email);
    expect(await personalDataAudits()).toBe(before + 1);
  });

  it("unknown files are 404, bad queries 400, signed-out visitors go to sign in", async () => {
    const run = (name: string, query = "", who: SignedInStaff | null = staff.viewer) =>
      outcome(() =>
        exportLoader({
          request: staffGet(file(name, query), who ?? undefined),
          params: params(name),
          context,
        }),
      );
    expect((await run("letters.xlsx")).status).toBe(404);
    expect((await run("supporters.csv")).status).toBe(404);
    expect((await run("letters.csv", "?from=2026-02-30")).status).toBe(400);
    expect((await run("letters.csv", "?tz=Nowhere")).status).toBe(400);
    expect((await run("letters.csv", "", null)).status).toBe(302);
  });

  it("the API answers 401 without a token, streams with one, and 403 for personal data", async () => {
    const api = (name: string, query = "", token?: string) =>
      outcome(() =>
        apiExportLoader({
          request: new Request(
            `http://localhost/api/v1/campaigns/${demoCampaignSlug}/export/${name}${query}`,
            { headers: token ? { Authorization: `Bearer ${token}` } : {} },
          ),
          params: params(name),
          context,
        }),
      );
    const anonymous = await api("letters.csv");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.response?.json()).toMatchObject({ error: expect.any(String) });

    const { token } = await createApiToken(
      database.db,
      { kind: "cli" },
      { userId: staff.viewer.user.id, name: "export test" },
    );
    const json = await api("positions.json", "", token);
    expect(json.status).toBe(200);
    expect(json.response?.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(JSON.parse((await json.response?.text()) ?? "")).toHaveLength(9);
    expect((await api("letters.csv", "?personal=1", token)).status).toBe(403);
    expect((await api("nothing.csv", "", token)).status).toBe(404);
  });
});
