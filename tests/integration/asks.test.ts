import type { AppLoadContext } from "@remix-run/node";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, campaigns, positionEvents } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import { loadHrcSpecialSessions, seedDemoPositions } from "#db/seed/seed-demo-positions";
import { createApiToken } from "~/auth/api-tokens.server";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { recordPositionEvent } from "~/positions/positions.server";
import { tallyAsks } from "~/positions/tally.server";
import { logResponse } from "~/responses/responses.server";
import {
  loader as askApiLoader,
  action as patchAskAction,
} from "~/routes/api.v1.campaigns.$campaign.asks.$ask";
import { action as positionsApiAction } from "~/routes/api.v1.campaigns.$campaign.asks.$ask.positions";
import { action as retireApiAction } from "~/routes/api.v1.campaigns.$campaign.asks.$ask.retire";
import { loader as publicPageLoader } from "~/routes/c.$campaign";
import { loader as writeLoader } from "~/routes/c.$campaign_.write";
import {
  action as asksAction,
  loader as asksLoader,
} from "~/routes/staff.campaigns.$campaign.asks._index/route";
import { loader as previewLoader } from "~/routes/staff.campaigns.$campaign.asks.preview/route";
import { loader as exportLoader } from "~/routes/staff.campaigns.$campaign.export.$file/route";
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
let context: AppLoadContext;
const params = { campaign: demoCampaignSlug };
const path = `/staff/campaigns/${demoCampaignSlug}/asks`;
const staff = {} as Record<"viewer" | "editor", SignedInStaff>;
const tokens = { viewer: "", editor: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  for (const role of ["viewer", "editor"] as const) {
    staff[role] = await signedInStaff(database.db, role);
    ({ token: tokens[role] } = await createApiToken(
      database.db,
      { kind: "cli" },
      { userId: staff[role].user.id, name: role },
    ));
  }
});
afterAll(() => database.drop());

const newAsk = {
  intent: "save",
  slug: "unsc-agenda",
  title: "Security Council: put Iran on the agenda",
  description: "",
  rule: "unsc_procedural",
  decidesOn: "2026-03-02",
};

function post(fields: Record<string, string>, who: SignedInStaff | undefined = staff.editor) {
  return outcome(() => asksAction({ request: staffPost(path, fields, who), params, context }));
}

async function demoAsks() {
  const campaign = await getCampaignWithAsks(database.db, demoCampaignSlug);
  if (!campaign) throw new Error("no demo campaign");
  return campaign.asks;
}

async function askBySlug(slug: string) {
  const ask = (await demoAsks()).find((a) => a.slug === slug);
  if (!ask) throw new Error(`no ask ${slug}`);
  return ask;
}

async function lastAudit(action: string) {
  const [event] = await database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return event;
}

type PageData = Awaited<ReturnType<typeof asksLoader>>;
type ActionBody = {
  errors: Record<string, string>;
  values: Record<string, string>;
  preview: PageData["preview"];
};

describe("the staff asks page", () => {
  it("is read-only for viewers and closed to the signed-out", async () => {
    const anonymous = await outcome(() => asksLoader({ request: staffGet(path), params, context }));
    expect(anonymous.status).toBe(302);
    const viewer = await outcome(() =>
      asksLoader({ request: staffGet(path, staff.viewer), params, context }),
    );
    expect(viewer.status).toBe(200);
    const page = viewer.body as PageData;
    expect(page.canEdit).toBe(false);
    expect(page.preview).toBeNull();
    expect(page.asks.map((a) => a.slug)).toContain("unsc-meeting");
    expect((await post(newAsk, staff.viewer)).status).toBe(403);
    expect((await demoAsks()).some((a) => a.slug === newAsk.slug)).toBe(false);
  });

  it("previews the Security Council's members and the tally without JavaScript", async () => {
    const previewed = await post({ ...newAsk, intent: "preview" });
    expect(previewed.status).toBe(200);
    const { preview, values } = previewed.body as ActionBody;
    expect(values.title).toBe(newAsk.title);
    expect(preview?.ruleLine).toBe(
      "9 of the 15 Security Council votes; a permanent member's no is not a veto.",
    );
    expect(preview?.asOf).toBe("2026-03-02");
    expect(preview?.memberCount).toBe(15);
    expect(
      preview?.members
        ?.filter((m) => m.permanent)
        .map((m) => m.iso3)
        .sort(),
    ).toEqual(["CHN", "FRA", "GBR", "RUS", "USA"]);
    expect(preview?.members?.map((m) => m.iso3)).toContain("LVA");
    expect(preview?.figures.threshold).toBe(9);
  });

  it("previews through the fetcher's loader as the rule and date change", async () => {
    const query = new URLSearchParams({ rule: "hrc_special_session", decidesOn: "2026-01-20" });
    const result = await outcome(() =>
      previewLoader({
        request: staffGet(`${path}/preview?${query}`, staff.viewer),
        params,
        context,
      }),
    );
    const body = result.body as Awaited<ReturnType<typeof previewLoader>>;
    expect(body.preview?.ruleLine).toBe("16 of the 47 Human Rights Council members must ask.");
    expect(body.preview?.members).toHaveLength(47);
    const bad = await outcome(() =>
      previewLoader({
        request: staffGet(
          `${path}/preview?rule=unsc_procedural&decidesOn=2026-02-30`,
          staff.viewer,
        ),
        params,
        context,
      }),
    );
    expect((bad.body as typeof body).errors.decidesOn).toMatch(/date like 2026-03-01/);
  });

  it("refuses bad input at each field and stores nothing", async () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ rule: "unsc_vibes" }, "rule", /Choose how the ask is decided/],
      [{ title: "" }, "title", /Give the ask a title/],
      [{ title: "x".repeat(10 * 1024) }, "title", /at most 200/],
      [{ decidesOn: "2026-02-30" }, "decidesOn", /date like 2026-03-01/],
      [{ decidesOn: "next week" }, "decidesOn", /date like 2026-03-01/],
      [{ slug: "Has Spaces" }, "slug", /lower-case letters/],
    ];
    for (const [change, field, message] of cases) {
      const refused = await post({ ...newAsk, ...change });
      expect(refused.status, field).toBe(400);
      const body = refused.body as ActionBody;
      expect(body.errors[field]).toMatch(message);
      expect(body.values.title).toBe(change.title ?? newAsk.title);
    }
    expect((await demoAsks()).some((a) => a.slug === newAsk.slug)).toBe(false);
  });

  it("adds an ask with the procedural rule, audited, and refuses its slug twice", async () => {
    const added = await post(newAsk);
    expect(added.status).toBe(302);
    const ask = await askBySlug(newAsk.slug);
    expect(ask).toMatchObject({
      decisionRule: "unsc_procedural",
      bodyCode: "unsc",
      decisionDate: "2026-03-02",
    });
    expect((await demoAsks()).at(-1)?.slug).toBe(newAsk.slug);
    expect((await lastAudit("ask.create"))?.actorUserId).toBe(staff.editor.user.id);
    const twice = await post(newAsk);
    expect(twice.status).toBe(409);
    expect((twice.body as ActionBody).errors.slug).toMatch(/already has an ask/);
  });

  it("edits an ask and audits the fields before and after", async () => {
    const ask = await askBySlug(newAsk.slug);
    const saved = await post({
      ...newAsk,
      ask: ask.slug,
      title: "Security Council: meet on Iran",
      rule: "unsc_substantive",
      decidesOn: "",
    });
    expect(saved.status).toBe(302);
    expect(await askBySlug(newAsk.slug)).toMatchObject({
      title: "Security Council: meet on Iran",
      decisionRule: "unsc_substantive",
      decisionDate: null,
    });
    const audit = await lastAudit("ask.update");
    expect(audit?.details).toMatchObject({
      slug: newAsk.slug,
      before: { title: newAsk.title, rule: "unsc_procedural", decidesOn: "2026-03-02" },
      after: { title: "Security Council: meet on Iran", rule: "unsc_substantive", decidesOn: null },
    });
  });

  it("moves asks up and down without JavaScript", async () => {
    const before = (await demoAsks()).map((a) => a.slug);
    const last = before.at(-1) ?? "";
    expect((await post({ intent: "up", ask: last })).status).toBe(302);
    const after = (await demoAsks()).map((a) => a.slug);
    expect(after.at(-2)).toBe(last);
    expect(after.at(-1)).toBe(before.at(-2));
    expect((await lastAudit("ask.move"))?.details).toMatchObject({
      before: { order: before },
      after: { order: after },
    });
    expect((await post({ intent: "down", ask: last })).status).toBe(302);
    expect((await demoAsks()).map((a) => a.slug)).toEqual(before);
    // The first ask cannot go further up: the order stays.
    expect((await post({ intent: "up", ask: before[0] ?? "" })).status).toBe(302);
    expect((await demoAsks()).map((a) => a.slug)).toEqual(before);
  });

  it("deletes an ask with no history", async () => {
    const deleted = await post({ intent: "delete", ask: newAsk.slug });
    expect(deleted.status).toBe(302);
    expect((await demoAsks()).some((a) => a.slug === newAsk.slug)).toBe(false);
    expect((await lastAudit("ask.delete"))?.details).toMatchObject({ slug: newAsk.slug });
  });

  it("retires an ask with positions instead of deleting it; its history stays in exports", async () => {
    const ask = await askBySlug("universal-jurisdiction");
    await recordPositionEvent(database.db, { kind: "cli" }, ask.id, {
      stateIso3: "DEU",
      position: "yes",
      observedOn: "2026-02-01",
      sourceUrl: "https://www.example.org/de-investigation",
      sourceTitle: null,
      evidence: null,
      confidence: "medium",
      visibility: "public",
    });
    const refused = await post({ intent: "delete", ask: ask.slug });
    expect(refused.status).toBe(409);
    expect((refused.body as ActionBody).errors.form).toMatch(/retire it instead/);

    expect((await post({ intent: "retire", ask: ask.slug })).status).toBe(302);
    expect((await askBySlug(ask.slug)).retiredAt).not.toBeNull();
    expect((await lastAudit("ask.retire"))?.details).toMatchObject({
      before: { retired: false },
      after: { retired: true },
    });
    expect((await post({ intent: "retire", ask: ask.slug })).status).toBe(409);

    // Off the public form and page, closed to new positions…
    const write = (
      await outcome(() =>
        writeLoader({
          request: new Request(`http://localhost/c/${demoCampaignSlug}/write`),
          params,
          context,
        }),
      )
    ).body as Awaited<ReturnType<typeof writeLoader>>;
    expect(write.campaign.asks.map((a) => a.slug)).not.toContain(ask.slug);
    const publicPage = (
      await outcome(() =>
        publicPageLoader({
          request: new Request(`http://localhost/c/${demoCampaignSlug}`),
          params,
          context,
        }),
      )
    ).body as { stances: Array<{ ask: { slug: string } }> };
    expect(JSON.stringify(publicPage)).not.toContain('"universal-jurisdiction"');
    const api = await outcome(() =>
      positionsApiAction({
        request: new Request(
          `http://localhost/api/v1/campaigns/${demoCampaignSlug}/asks/${ask.slug}/positions`,
          {
            method: "POST",
            headers: { Authorization: `Bearer ${tokens.editor}`, "Content-Type": "text/csv" },
            body: "state,stance,observed_on,source_url\nFRA,yes,2026-02-02,https://www.example.org/fr",
          },
        ),
        params: { ...params, ask: ask.slug },
        context,
      }),
    );
    expect(api.status).toBe(409);
    const response = logResponse(database.db, { kind: "cli" }, ask.campaignId, {
      stateIso3: "FRA",
      askIds: [ask.id],
      channel: "email",
      receivedOn: "2026-02-03",
      summary: "France says it has opened an investigation.",
      positionChange: { askId: ask.id, position: "yes" },
    });
    await expect(response).rejects.toThrow(/retired/);

    // …but kept in the positions export and on the staff page.
    const exported = await outcome(() =>
      exportLoader({
        request: staffGet(
          `/staff/campaigns/${demoCampaignSlug}/export/positions.csv`,
          staff.viewer,
        ),
        params: { ...params, file: "positions.csv" },
        context,
      }),
    );
    const csv = (await exported.response?.text()) ?? "";
    expect(csv).toContain("universal-jurisdiction");
    expect(csv).toContain("https://www.example.org/de-investigation");
    const listed = (
      await outcome(() => asksLoader({ request: staffGet(path, staff.viewer), params, context }))
    ).body as PageData;
    expect(listed.asks.find((a) => a.slug === ask.slug)).toMatchObject({
      retired: true,
      history: { positions: 1 },
    });

    expect((await post({ intent: "restore", ask: ask.slug })).status).toBe(302);
    expect((await askBySlug(ask.slug)).retiredAt).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// API

function apiRequest(
  slug: string,
  init: { method: string; token?: string; body?: string; suffix?: string },
) {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  return new Request(
    `http://localhost/api/v1/campaigns/${demoCampaignSlug}/asks/${slug}${init.suffix ?? ""}`,
    { method: init.method, headers, body: init.body },
  );
}

async function json(run: () => Promise<unknown>) {
  const result = await outcome(run);
  const text = (await result.response?.text()) ?? "";
  return { status: result.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

function patchAsk(slug: string, body: unknown, token = tokens.editor) {
  return json(() =>
    patchAskAction({
      request: apiRequest(slug, { method: "PATCH", token, body: JSON.stringify(body) }),
      params: { ...params, ask: slug },
      context,
    }),
  );
}

describe("the asks API", () => {
  it("edits an ask for an editor token, with the change audited", async () => {
    const edited = await patchAsk("unsc-meeting", {
      decidesOn: "2026-04-01",
      title: "Meet on Iran",
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      slug: "unsc-meeting",
      title: "Meet on Iran",
      rule: "unsc_procedural",
      decidesOn: "2026-04-01",
      retired: false,
    });
    expect((await lastAudit("ask.update"))?.details).toMatchObject({
      before: { decidesOn: null },
      after: { decidesOn: "2026-04-01", title: "Meet on Iran" },
    });
    const read = await json(() =>
      askApiLoader({
        request: apiRequest("unsc-meeting", { method: "GET", token: tokens.viewer }),
        params: { ...params, ask: "unsc-meeting" },
        context,
      }),
    );
    expect(read.body).toMatchObject({ title: "Meet on Iran", body: "unsc" });
  });

  it("answers 400 with issues for bad fields, 403 for a viewer and 404 for an unknown ask", async () => {
    const before = await askBySlug("unsc-meeting");
    const cases: Array<[unknown, string]> = [
      [{ rule: "unsc_vibes" }, "rule"],
      [{ title: "" }, "title"],
      [{ title: "x".repeat(10 * 1024) }, "title"],
      [{ decidesOn: "2026-02-30" }, "decidesOn"],
      [{ slug: "renamed" }, ""],
    ];
    for (const [body, field] of cases) {
      const refused = await patchAsk("unsc-meeting", body);
      expect(refused.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      const issues = refused.body.issues as Array<{ path: string[] }>;
      if (field) expect(issues.map((issue) => issue.path[0])).toContain(field);
    }
    expect(await askBySlug("unsc-meeting")).toEqual(before);
    expect((await patchAsk("unsc-meeting", { title: "By a viewer" }, tokens.viewer)).status).toBe(
      403,
    );
    expect((await patchAsk("no-such-ask", { title: "Anything" })).status).toBe(404);
  });

  it("retires an ask with POST …/retire, once: a second time is 409", async () => {
    const retire = (token = tokens.editor) =>
      json(() =>
        retireApiAction({
          request: apiRequest("unsc-meeting", { method: "POST", token, suffix: "/retire" }),
          params: { ...params, ask: "unsc-meeting" },
          context,
        }),
      );
    expect((await retire(tokens.viewer)).status).toBe(403);
    const retired = await retire();
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ slug: "unsc-meeting", retired: true });
    expect(typeof retired.body.retiredAt).toBe("string");
    expect((await retire()).status).toBe(409);
  });
});

// ---------------------------------------------------------------------------
// The demo's published positions

describe("the demo's special session positions", () => {
  it("are the January 2026 request, each with its source and date, reaching the threshold", async () => {
    const { created } = await seedDemoPositions(database.db);
    expect(created).toBe(51);
    expect((await seedDemoPositions(database.db)).created).toBe(0);
    const ask = await askBySlug("hrc-special-session");
    const events = await database.db
      .select()
      .from(positionEvents)
      .where(eq(positionEvents.askId, ask.id));
    expect(events).toHaveLength(51);
    for (const event of events) {
      expect(event.sourceUrl).toMatch(/^https:\/\//);
      expect(event.sourceTitle).toMatch(/OHCHR press release/);
      expect(event.observedOn).toBe("2026-01-20");
      expect(event.position).toBe("supports");
      expect(event.visibility).toBe("public");
    }
    const [reached] = await tallyAsks(database.db, [ask], {
      audience: "public",
      asOf: "2026-01-20",
    });
    expect(reached?.firm).toBe(21);
    expect(reached?.threshold).toBe(16);
    expect(reached?.verdictFirm).toEqual({ status: "reached" });
    expect(reached?.coSigners).toHaveLength(30);
    expect(reached?.summary).toBe(
      "21 HRC members have asked for a special session, enough to convene one (16 needed), with 30 non-member co-signers.",
    );
    const [dayBefore] = await tallyAsks(database.db, [ask], {
      audience: "public",
      asOf: "2026-01-19",
    });
    expect(dayBefore?.verdictFirm).toEqual({ status: "short", missing: 16 });
  });

  it("leave the other asks with no information", async () => {
    const [campaign] = await database.db
      .select()
      .from(campaigns)
      .where(eq(campaigns.slug, demoCampaignSlug));
    expect(campaign?.isDemo).toBe(true);
    const icc = await askBySlug("unsc-icc-referral");
    const seeded = await database.db
      .select()
      .from(positionEvents)
      .where(eq(positionEvents.askId, icc.id));
    expect(seeded).toEqual([]);
  });

  it("match the reference's supporter counts", () => {
    const session = loadHrcSpecialSessions().sessions.find((s) => s.date === "2026-01-23");
    expect(session?.request.member_supporters).toHaveLength(
      session?.request.supporter_counts?.members ?? -1,
    );
    expect(session?.request.observer_supporters).toHaveLength(
      session?.request.supporter_counts?.observers ?? -1,
    );
  });
});
