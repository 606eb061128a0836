import type { AppLoadContext } from "@remix-run/node";
import { and, eq, sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  asks,
  auditEvents,
  campaigns,
  delegationResponses,
  devOutbox,
  letters,
  positionEvents,
  replyReports,
  responseAsks,
} from "#db/schema";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { seedDemoContacts } from "#db/seed/seed-demo-contacts";
import { csrfToken } from "~/auth/csrf.server";
import { hashSecretToken } from "~/auth/secret-token.server";
import { staffActor } from "~/auth/staff-actor";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { deliverLetter } from "~/delivery/delivery.server";
import { submitLetter } from "~/letters/letters.server";
import { developmentMailer } from "~/lib/mail.server";
import { queueNames } from "~/lib/queue.server";
import { loadTracker } from "~/positions/tracker.server";
import {
  listResponses,
  logResponse,
  ResponseInputError,
  responseTimeline,
} from "~/responses/responses.server";
import {
  acceptReport,
  listPendingReports,
  mergeReport,
  ReportAlreadyReviewedError,
  recordReplyReport,
  rejectReport,
} from "~/responses/review-queue.server";
import { action as followUpAction, loader as followUpLoader } from "~/routes/r.$token.$answer";
import { action as responsesAction } from "~/routes/staff.campaigns.$campaign.responses/route";
import { action as reviewAction } from "~/routes/staff.campaigns.$campaign.review/route";
import { sendSupporterEmail } from "~/supporters/supporter-emails.server";
import { followUpTokenFor } from "~/supporters/supporter-tokens.server";
import { testContext } from "../setup/load-context";
import { outcome, type SignedInStaff, signedInStaff, staffPost } from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

// Mexico and Kenya only: other test files use other states.
let database: TestDatabase;
let editor: SignedInStaff;
let viewer: SignedInStaff;
let demo: NonNullable<Awaited<ReturnType<typeof getCampaignWithAsks>>>;
let context: AppLoadContext;
const settings = {
  mailFrom: "Démarche <letters@act.example.org>",
  appUrl: "http://localhost:3000",
};
const day = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  await seedDemoCampaign(database.db);
  await seedDemoContacts(database.db);
  const campaign = await getCampaignWithAsks(database.db, "iran-end-impunity");
  if (!campaign) throw new Error("demo campaign missing");
  demo = campaign;
  editor = await signedInStaff(database.db, "editor");
  viewer = await signedInStaff(database.db, "viewer");
});
afterAll(() => database.drop());

function askId(slug: string): number {
  const ask = demo.asks.find((a) => a.slug === slug);
  if (!ask) throw new Error(`no ask ${slug}`);
  return ask.id;
}

const actor = () => staffActor(editor.user);
const deps = () => ({ db: database.db, mailer: developmentMailer(database.db), settings });

let supporterCount = 0;
const supporter = { name: "Ana Souza", city: "Monterrey" };

/** A letter from a supporter in Mexico, sent to the ministry through the development mailer. */
async function sentLetter() {
  supporterCount += 1;
  const email = `ana.souza.${supporterCount}@example.org`;
  const ask = demo.asks.find((a) => a.slug === "hrc-special-session");
  if (!ask) throw new Error("no ask");
  const submitted = await submitLetter(database.db, {
    campaign: { ...demo, confirmBeforeSend: false },
    ask,
    input: {
      ask: ask.slug,
      country: "MEX",
      name: supporter.name,
      email,
      city: supporter.city,
      personalParagraph: "",
      language: "es",
      consentUpdates: false,
      website: "",
    },
    approvedBody: "Excelencia:\n\nLe escribo para pedir una sesión especial del Consejo.\n\nAna",
    clientIp: null,
  });
  if (submitted.kind !== "created") throw new Error(`letter not created: ${submitted.kind}`);
  const letterId = submitted.letterIds[0] ?? 0;
  expect(await deliverLetter(database.db, deps().mailer, settings, letterId)).toMatchObject({
    kind: "sent",
  });
  const [letter] = await database.db.select().from(letters).where(eq(letters.id, letterId));
  if (!letter) throw new Error("letter missing");
  return { letter, email };
}

async function auditFor(entityType: string, entityId: number) {
  return database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, String(entityId))));
}

async function counts() {
  const [row] = await database.sql<{ responses: number; events: number; links: number }[]>`
    select (select count(*) from delegation_responses)::int as responses,
           (select count(*) from position_events)::int as events,
           (select count(*) from response_asks)::int as links`;
  return row;
}

const mexicoNote = {
  stateIso3: "MEX",
  channel: "note_verbale" as const,
  receivedOn: "2026-02-03",
  responder: "Permanent Mission of Mexico in Geneva",
  summary: "Mexico will consider supporting a special session.",
  fullText: "The Permanent Mission of Mexico presents its compliments…",
};

describe("logging a delegation response", () => {
  it("stores the response, its asks and the position change in one audited transaction", async () => {
    const special = askId("hrc-special-session");
    const mechanism = askId("accountability-mechanism");
    const result = await logResponse(database.db, actor(), demo.id, {
      ...mexicoNote,
      askIds: [special, mechanism],
      positionChange: { askId: special, position: "leaning_support", confidence: "high" },
    });
    expect(result.positionEventId).toEqual(expect.any(Number));

    const [response] = await database.db
      .select()
      .from(delegationResponses)
      .where(eq(delegationResponses.id, result.responseId));
    expect(response).toMatchObject({
      stateIso3: "MEX",
      channel: "note_verbale",
      visibility: "internal",
      recordedBy: editor.user.id,
      letterId: null,
    });
    const linked = await database.db
      .select({ askId: responseAsks.askId })
      .from(responseAsks)
      .where(eq(responseAsks.responseId, result.responseId));
    expect(linked.map((l) => l.askId).sort()).toEqual([special, mechanism].sort());
    // The tracker counts it on Mexico's row.
    const campaign = await getCampaignWithAsks(database.db, "iran-end-impunity");
    const tracker = await loadTracker(database.db, campaign?.asks ?? []);
    expect(tracker.rows.find((row) => row.iso3 === "MEX")?.responses).toBeGreaterThanOrEqual(1);

    const [event] = await database.db
      .select()
      .from(positionEvents)
      .where(eq(positionEvents.id, result.positionEventId ?? 0));
    expect(event).toMatchObject({
      askId: special,
      stateIso3: "MEX",
      position: "leaning_support",
      observedOn: "2026-02-03",
      sourceTitle: "Response: note verbale of 2026-02-03",
      evidence: mexicoNote.summary,
      confidence: "high",
      visibility: "internal",
      responseId: result.responseId,
    });
    expect(await auditFor("delegation_response", result.responseId)).toHaveLength(1);
    expect(await auditFor("position_event", result.positionEventId ?? 0)).toHaveLength(1);

    const listed = await listResponses(database.db, {
      campaignId: demo.id,
      stateIso3: "MEX",
      askId: mechanism,
      channel: "note_verbale",
    });
    expect(listed.map((r) => r.id)).toContain(result.responseId);
    expect(listed.find((r) => r.id === result.responseId)?.positionChanges).toEqual([
      expect.objectContaining({ askId: special, position: "leaning_support" }),
    ]);
    expect(
      await listResponses(database.db, { campaignId: demo.id, channel: "meeting" }),
    ).toHaveLength(0);
    // An internal response never reaches a public timeline.
    const timeline = (audience: "public" | "staff") =>
      responseTimeline(database.db, { campaignId: demo.id, stateIso3: "MEX", audience });
    expect((await timeline("staff")).map((r) => r.id)).toContain(result.responseId);
    expect((await timeline("public")).map((r) => r.id)).not.toContain(result.responseId);
  });

  it("rolls back the response and the position event together when the transaction fails", async () => {
    // The failure comes last, after both rows were written: nothing may remain.
    await database.sql.unsafe(`
      create function fail_response_audit() returns trigger language plpgsql as $$
      begin
        if new.action = 'delegation_response.create' then raise exception 'audit is down'; end if;
        return new;
      end $$;
      create trigger fail_response_audit before insert on audit_events
        for each row execute function fail_response_audit();`);
    const before = await counts();
    try {
      const failure = await logResponse(database.db, actor(), demo.id, {
        ...mexicoNote,
        askIds: [askId("hrc-special-session")],
        summary: "This response must not survive the failed transaction.",
        positionChange: { askId: askId("hrc-special-session"), position: "supports" },
      }).then(
        () => null,
        (error: Error) => error,
      );
      // drizzle wraps the database's error in its "Failed query" error.
      expect(String((failure?.cause as Error | undefined)?.message)).toBe("audit is down");
    } finally {
      await database.sql.unsafe(`
        drop trigger fail_response_audit on audit_events;
        drop function fail_response_audit();`);
    }
    expect(await counts()).toEqual(before);
    const survivors = await database.db
      .select()
      .from(positionEvents)
      .where(eq(positionEvents.evidence, "This response must not survive the failed transaction."));
    expect(survivors).toHaveLength(0);
  });

  it("refuses asks of another campaign, a future date and a change on an ask not answered", async () => {
    const [other] = await database.db
      .insert(campaigns)
      .values({ slug: "other-campaign", title: "Other", summary: "Other", startsOn: "2026-01-01" })
      .returning();
    const [foreignAsk] = await database.db
      .insert(asks)
      .values({
        campaignId: other?.id ?? 0,
        slug: "act",
        title: "Act",
        description: "Act",
        decisionRule: "state_action",
      })
      .returning();
    const before = await counts();
    await expect(
      logResponse(database.db, actor(), demo.id, {
        ...mexicoNote,
        askIds: [foreignAsk?.id ?? 0],
      }),
    ).rejects.toBeInstanceOf(ResponseInputError);
    for (const receivedOn of ["2026-13-45", "2026-02-30"]) {
      await expect(
        logResponse(database.db, actor(), demo.id, {
          ...mexicoNote,
          askIds: [askId("hrc-special-session")],
          receivedOn,
        }),
      ).rejects.toThrow(/not a calendar date/);
    }
    const tomorrow = new Date(Date.now() + 2 * day).toISOString().slice(0, 10);
    await expect(
      logResponse(database.db, actor(), demo.id, {
        ...mexicoNote,
        askIds: [askId("hrc-special-session")],
        receivedOn: tomorrow,
      }),
    ).rejects.toThrow(/future/);
    await expect(
      logResponse(database.db, actor(), demo.id, {
        ...mexicoNote,
        askIds: [askId("hrc-special-session")],
        positionChange: { askId: askId("universal-jurisdiction"), position: "supports" },
      }),
    ).rejects.toThrow(/one of the asks answered/);
    expect(await counts()).toEqual(before);
  });

  it("the staff page validates the form, keeps what was typed, and is closed to viewers", async () => {
    const path = "/staff/campaigns/iran-end-impunity/responses";
    const params = { campaign: "iran-end-impunity" };
    const fields = {
      stateIso3: "KEN",
      channel: "meeting",
      receivedOn: "2026-02-10",
      responder: "Kenyan mission",
      summary: "",
      visibility: "internal",
      changePosition: "",
    };
    const denied = await outcome(() =>
      responsesAction({ request: staffPost(path, fields, viewer), params, context }),
    );
    expect(denied.status).toBe(403);

    const invalid = await outcome(() =>
      responsesAction({ request: staffPost(path, fields, editor), params, context }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      errors: { summary: "Summarise the response", askIds: "Choose at least one ask" },
      values: { fields: { responder: "Kenyan mission", stateIso3: "KEN" }, askIds: [] },
    });

    const body = new URLSearchParams({ ...fields, summary: "Kenya listened.", csrf: editor.csrf });
    body.append("askIds", String(askId("hrc-special-session")));
    const request = new Request(`http://localhost${path}`, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: editor.cookie },
    });
    const logged = await outcome(() => responsesAction({ request, params, context }));
    expect(logged.status).toBe(302);
    expect(logged.response?.headers.get("Location")).toMatch(/\/responses\?logged=\d+$/);
  });
});

describe("the review queue", () => {
  it("files a reply once per Message-ID, even when fetched concurrently", async () => {
    const { letter } = await sentLetter();
    const report = {
      letterId: letter.id,
      source: "email" as const,
      kind: "replied" as const,
      subject: "Re: carta",
      text: "Gracias por su carta.",
      fromAddress: "ministry.mex@demo.example.org",
      messageId: "<reply-1@sre.example.mx>",
    };
    const first = await recordReplyReport(database.db, report);
    const again = await recordReplyReport(database.db, report);
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ id: first.id, duplicate: true });
    const racing = await Promise.all(
      [1, 2, 3].map(() =>
        recordReplyReport(database.db, { ...report, messageId: "<reply-2@sre.example.mx>" }),
      ),
    );
    expect(new Set(racing.map((r) => r.id)).size).toBe(1);
    expect(racing.filter((r) => !r.duplicate)).toHaveLength(1);
    const stored = await database.db
      .select()
      .from(replyReports)
      .where(eq(replyReports.letterId, letter.id));
    expect(stored).toHaveLength(2);
  });

  it("shows reports without supporter data, and accepting copies none of it", async () => {
    const { letter, email } = await sentLetter();
    const { id: reportId } = await recordReplyReport(database.db, {
      letterId: letter.id,
      source: "email",
      kind: "replied",
      subject: "Re: Ana Souza",
      text: `Estimada Sra. Souza:\n\nMéxico apoyará la sesión especial.\n\n> ${email} escribió desde ${supporter.city}`,
      // The supporter forwarded it: their address is not kept.
      fromAddress: email.toUpperCase(),
      messageId: "<reply-3@sre.example.mx>",
    });
    const pending = (await listPendingReports(database.db, { campaignId: demo.id })).find(
      (r) => r.id === reportId,
    );
    expect(pending).toMatchObject({
      stateIso3: "MEX",
      askId: askId("hrc-special-session"),
      kind: "replied",
      source: "email",
      fromAddress: null,
      letterSentOn: letter.sentAt?.toISOString().slice(0, 10),
    });
    const shown = JSON.stringify(pending);
    for (const personal of [email, "Souza", "Ana", supporter.city])
      expect(shown).not.toContain(personal);
    expect(pending?.text).toContain("México apoyará la sesión especial.");

    const accepted = await acceptReport(database.db, actor(), reportId, {
      summary: "Mexico will support the special session (reply to a supporter).",
      channel: "email",
      receivedOn: "2026-02-05",
      askIds: [askId("hrc-special-session")],
      positionChange: { askId: askId("hrc-special-session"), position: "supports" },
    });
    const [response] = await database.db
      .select()
      .from(delegationResponses)
      .where(eq(delegationResponses.id, accepted.responseId));
    expect(response).toMatchObject({ stateIso3: "MEX", letterId: letter.id, channel: "email" });
    expect(response?.fullText).toContain("México apoyará la sesión especial.");
    const copied = JSON.stringify(response);
    for (const personal of [email, "Souza", supporter.city]) expect(copied).not.toContain(personal);
    const [report] = await database.db
      .select()
      .from(replyReports)
      .where(eq(replyReports.id, reportId));
    expect(report).toMatchObject({
      status: "accepted",
      responseId: accepted.responseId,
      reviewedBy: editor.user.id,
    });
    const [audit] = await auditFor("reply_report", reportId).then((rows) =>
      rows.filter((r) => r.action === "reply_report.accept"),
    );
    expect(audit?.details).toEqual({ responseId: accepted.responseId, letterId: letter.id });
    expect(accepted.positionEventId).toEqual(expect.any(Number));
    await expect(
      acceptReport(database.db, actor(), reportId, {
        summary: "Twice",
        channel: "email",
        receivedOn: "2026-02-05",
        askIds: [askId("hrc-special-session")],
      }),
    ).rejects.toBeInstanceOf(ReportAlreadyReviewedError);
  });

  it("merges a report into a response of the same state only, and rejects with a reason", async () => {
    const { letter } = await sentLetter();
    const mexico = await logResponse(database.db, actor(), demo.id, {
      ...mexicoNote,
      askIds: [askId("hrc-special-session")],
    });
    const kenya = await logResponse(database.db, actor(), demo.id, {
      ...mexicoNote,
      stateIso3: "KEN",
      askIds: [askId("hrc-special-session")],
    });
    const merged = await recordReplyReport(database.db, {
      letterId: letter.id,
      source: "supporter",
      kind: "acknowledged",
    });
    await expect(
      mergeReport(database.db, actor(), merged.id, kenya.responseId),
    ).rejects.toBeInstanceOf(ResponseInputError);
    await mergeReport(database.db, actor(), merged.id, mexico.responseId);
    const [row] = await database.db
      .select()
      .from(replyReports)
      .where(eq(replyReports.id, merged.id));
    expect(row).toMatchObject({ status: "merged", responseId: mexico.responseId });
    expect((await auditFor("reply_report", merged.id)).map((a) => a.action)).toContain(
      "reply_report.merge",
    );

    const spam = await recordReplyReport(database.db, {
      letterId: letter.id,
      source: "email",
      kind: "acknowledged",
      automatic: true,
      text: "Out of office until Monday.",
    });
    const queued = await listPendingReports(database.db, { campaignId: demo.id });
    expect(queued.find((r) => r.id === spam.id)?.automatic).toBe(true);
    await expect(rejectReport(database.db, actor(), spam.id, "  ")).rejects.toBeInstanceOf(
      ResponseInputError,
    );
    await rejectReport(database.db, actor(), spam.id, "Out-of-office message");
    const [rejected] = await database.db
      .select()
      .from(replyReports)
      .where(eq(replyReports.id, spam.id));
    expect(rejected).toMatchObject({ status: "rejected", responseId: null });
    const audit = (await auditFor("reply_report", spam.id)).find(
      (a) => a.action === "reply_report.reject",
    );
    expect(audit?.details).toMatchObject({ reason: "Out-of-office message" });
    expect(
      (await listPendingReports(database.db, { campaignId: demo.id })).map((r) => r.id),
    ).not.toContain(spam.id);
  });

  it("the review page accepts a report with a post/redirect/get", async () => {
    const { letter } = await sentLetter();
    const report = await recordReplyReport(database.db, {
      letterId: letter.id,
      source: "supporter",
      kind: "replied",
      text: "They thanked me and said they would consider it.",
    });
    const path = "/staff/campaigns/iran-end-impunity/review";
    const params = { campaign: "iran-end-impunity" };
    const fields = {
      intent: "accept",
      reportId: String(report.id),
      summary: "Mexico said it would consider the request.",
      channel: "email",
      receivedOn: "2026-02-06",
      askIds: String(askId("hrc-special-session")),
      visibility: "internal",
      changePosition: "",
    };
    const denied = await outcome(() =>
      reviewAction({ request: staffPost(path, fields, viewer), params, context }),
    );
    expect(denied.status).toBe(403);
    const invalid = await outcome(() =>
      reviewAction({
        request: staffPost(path, { ...fields, summary: "" }, editor),
        params,
        context,
      }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      reportId: report.id,
      errors: { summary: expect.any(String) },
    });
    const done = await outcome(() =>
      reviewAction({ request: staffPost(path, fields, editor), params, context }),
    );
    expect(done.status).toBe(302);
    expect(done.response?.headers.get("Location")).toBe(`${path}?done=accepted`);
    const [row] = await database.db
      .select()
      .from(replyReports)
      .where(eq(replyReports.id, report.id));
    expect(row?.status).toBe("accepted");
  });
});

async function supporterEmailJobs(letterId: number, kind: string) {
  return database.sql<{ startAfter: number }[]>`
    select (extract(epoch from start_after) * 1000)::float8 as "startAfter" from pgboss.job
    where name = ${queueNames.supporterEmail} and data->>'kind' = ${kind}
      and (data->>'letterId')::int = ${letterId}`;
}

async function outboxSince(id: number) {
  const rows = await database.db.select().from(devOutbox).where(sql`${devOutbox.id} > ${id}`);
  return rows;
}

async function lastOutboxId() {
  const [row] = await database.sql<
    { id: number }[]
  >`select coalesce(max(id), 0)::int as id from dev_outbox`;
  return row?.id ?? 0;
}

/** A browser with the CSRF cookie, as the root loader would have given it. */
async function supporterPost(path: string, fields: Record<string, string>, withCsrf = true) {
  const { token, setCookie } = await csrfToken(new Request("http://localhost/"));
  const body = new URLSearchParams(fields);
  if (withCsrf) body.set("csrf", token);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: setCookie?.split(";")[0] ?? "",
    },
  });
}

describe("the follow-up question to supporters", () => {
  it("is scheduled on delivery and its e-mail carries three working links", async () => {
    const { letter, email } = await sentLetter();
    // Only the token's SHA-256 is stored; the e-mail's links carry the token.
    expect(letter.followUpToken).toBe(hashSecretToken(followUpTokenFor(letter.id)));
    const [job] = await supporterEmailJobs(letter.id, "follow-up");
    const delay = (job?.startAfter ?? 0) - (letter.sentAt?.getTime() ?? 0);
    expect(Math.abs(delay - demo.followUpDays * day)).toBeLessThan(60_000);

    const before = await lastOutboxId();
    await sendSupporterEmail(deps(), { kind: "follow-up", letterId: letter.id });
    const [sent] = await outboxSince(before);
    expect(sent?.envelopeTo).toEqual([email]);
    const parsed = await simpleParser(sent?.raw ?? "");
    const links = [
      ...(parsed.text ?? "").matchAll(/http:\/\/localhost:3000(\/r\/[\w-]+\/[a-z-]+)/g),
    ].map((m) => m[1]);
    const token = followUpTokenFor(letter.id);
    expect(links).toEqual([
      `/r/${token}/replied`,
      `/r/${token}/acknowledged`,
      `/r/${token}/no-reply`,
    ]);
    // In the language the supporter wrote in. Handlebars writes "=" in an attribute as &#x3D;, which browsers read as "=".
    expect(parsed.text).toContain(`http://localhost:3000/r/${token}/no-reply?lang=en`);
    expect((parsed.html || "").replaceAll("&#x3D;", "=")).toContain(
      `href="http://localhost:3000/r/${token}/no-reply?lang=en"`,
    );
    const [marked] = await database.db.select().from(letters).where(eq(letters.id, letter.id));
    expect(marked?.followUpSentAt).toBeInstanceOf(Date);
    const [reminder] = await supporterEmailJobs(letter.id, "follow-up-reminder");
    const reminderDelay = (reminder?.startAfter ?? 0) - Date.now();
    expect(Math.abs(reminderDelay - 7 * day)).toBeLessThan(60_000);
    // A repeated job asks nothing twice.
    await sendSupporterEmail(deps(), { kind: "follow-up", letterId: letter.id });
    expect(await outboxSince(before)).toHaveLength(1);

    // Every link opens its page; the answer goes to the review queue.
    for (const path of links) {
      const [, , , answer] = (path ?? "").split("/");
      const page = await outcome(() =>
        followUpLoader({
          request: new Request(`http://localhost${path}`),
          params: { token: token ?? "", answer },
          context,
        }),
      );
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ answer, letter: { answered: false, stateName: "Mexico" } });
      expect(JSON.stringify(page.body)).not.toContain(email);
    }
    const answered = await outcome(async () =>
      followUpAction({
        request: await supporterPost(links[0] ?? "", {
          text: "Respuesta:\u202E\u0007 gracias.\r\nAtentamente",
        }),
        params: { token: token ?? "", answer: "replied" },
        context,
      }),
    );
    expect(answered.body).toEqual({ outcome: "recorded" });
    const reports = await database.db
      .select()
      .from(replyReports)
      .where(eq(replyReports.letterId, letter.id));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      source: "supporter",
      kind: "replied",
      status: "pending",
      text: "Respuesta: gracias.\nAtentamente",
    });

    // The reminder is not sent once the question is answered.
    const afterAnswer = await lastOutboxId();
    await sendSupporterEmail(deps(), { kind: "follow-up-reminder", letterId: letter.id });
    expect(await outboxSince(afterAnswer)).toHaveLength(0);
  });

  it("records one answer only, and refuses unknown links and forms without the CSRF token", async () => {
    const { letter } = await sentLetter();
    const token = followUpTokenFor(letter.id);
    const post = async (answer: string, fields: Record<string, string> = {}, csrf = true) =>
      outcome(async () =>
        followUpAction({
          request: await supporterPost(`/r/${token}/${answer}`, fields, csrf),
          params: { token, answer },
          context,
        }),
      );
    expect((await post("no-reply", {}, false)).status).toBe(403);
    expect((await post("no-reply")).body).toEqual({ outcome: "recorded" });
    const [first] = await database.db.select().from(letters).where(eq(letters.id, letter.id));
    expect(first?.followUpAnsweredAt).toBeInstanceOf(Date);

    expect((await post("replied", { text: "Changed my mind" })).body).toEqual({
      outcome: "already_answered",
    });
    const reports = await database.db
      .select()
      .from(replyReports)
      .where(eq(replyReports.letterId, letter.id));
    expect(reports.map((r) => [r.kind, r.text])).toEqual([["no_reply", null]]);
    const [second] = await database.db.select().from(letters).where(eq(letters.id, letter.id));
    expect(second?.followUpAnsweredAt).toEqual(first?.followUpAnsweredAt);
    const page = await outcome(() =>
      followUpLoader({
        request: new Request(`http://localhost/r/${token}/replied`),
        params: { token, answer: "replied" },
        context,
      }),
    );
    expect(page.body).toMatchObject({ letter: { answered: true } });

    for (const params of [
      { token: "not-a-real-token", answer: "replied" },
      { token, answer: "maybe" },
    ]) {
      const get = await outcome(() =>
        followUpLoader({ request: new Request("http://localhost/r/x/y"), params, context }),
      );
      expect(get.status).toBe(404);
      const posted = await outcome(async () =>
        followUpAction({ request: await supporterPost("/r/x/y", {}), params, context }),
      );
      expect(posted.status).toBe(404);
    }
  });
});
