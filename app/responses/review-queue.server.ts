import { and, asc, eq, sql } from "drizzle-orm";
import { asks, delegationResponses, letters, replyReports, states, supporters } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import { sanitiseSupporterText } from "~/templates/letter-template";
import {
  type AcceptedResponseInput,
  acceptedResponseSchema,
  insertResponse,
  ResponseInputError,
  responseLimits,
} from "./responses.server";

export type ReportKind = (typeof replyReports.$inferSelect)["kind"];
export type ReportSource = (typeof replyReports.$inferSelect)["source"];

export interface ReplyReportInput {
  letterId: number;
  source: "supporter" | "email";
  kind: "replied" | "acknowledged" | "no_reply";
  automatic?: boolean;
  subject?: string | null;
  text?: string | null;
  fromAddress?: string | null;
  messageId?: string | null;
  receivedAt?: Date;
}

/** How much of a pasted or e-mailed reply is kept. */
export const replyTextLimit = 20_000;
const subjectLimit = 500;

export class UnknownLetterError extends Error {}
export class UnknownReportError extends Error {}
export class ReportAlreadyReviewedError extends Error {
  constructor() {
    super("This report has already been reviewed.");
  }
}

const supporterMark = "[supporter]";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A ministry's reply usually greets the supporter by name and quotes their letter: their name,
 * address and city are replaced before anything is stored, so the queue never holds them.
 */
export function redactSupporter(
  text: string,
  supporter: { name: string | null; email: string | null; city: string | null },
): string {
  const whole = [supporter.email, supporter.name, supporter.city].filter(
    (v): v is string => !!v && v.trim().length > 0,
  );
  // Each part of the name too ("Dear Ms Souza"), but not initials or particles.
  const parts = (supporter.name ?? "").split(/\s+/).filter((p) => Array.from(p).length >= 3);
  let result = text;
  for (const value of [...whole, ...parts]) {
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])${escapeRegExp(value.trim())}(?![\\p{L}\\p{N}])`,
      "giu",
    );
    result = result.replace(pattern, supporterMark);
  }
  return result;
}

function cleanText(value: string | null | undefined, max: number): string | null {
  if (value == null) return null;
  const cleaned = sanitiseSupporterText(value, max);
  return cleaned === "" ? null : cleaned;
}

/**
 * Files a report in the review queue: a supporter's answer to the follow-up, or a reply caught
 * at the reply address. With a Message-ID, the same message is filed once, however often it is
 * fetched (an advisory lock serialises concurrent fetches of one message).
 */
export async function recordReplyReport(
  db: DbOrTx,
  input: ReplyReportInput,
): Promise<{ id: number; duplicate: boolean }> {
  return db.transaction(async (tx) => {
    const messageId = input.messageId?.trim() || null;
    if (messageId) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`reply_report:${messageId}`}))`);
      const [existing] = await tx
        .select({ id: replyReports.id })
        .from(replyReports)
        .where(eq(replyReports.messageId, messageId))
        .limit(1);
      if (existing) return { id: existing.id, duplicate: true };
    }
    const [letter] = await tx
      .select({
        id: letters.id,
        name: supporters.name,
        email: supporters.email,
        city: supporters.city,
      })
      .from(letters)
      .leftJoin(supporters, eq(supporters.id, letters.supporterId))
      .where(eq(letters.id, input.letterId));
    if (!letter) throw new UnknownLetterError(`There is no letter ${input.letterId}`);
    const redact = (v: string | null) => (v === null ? null : redactSupporter(v, letter));
    const from = input.fromAddress?.trim() || null;
    const [row] = await tx
      .insert(replyReports)
      .values({
        letterId: input.letterId,
        source: input.source,
        kind: input.kind,
        automatic: input.automatic ?? false,
        subject: redact(cleanText(input.subject?.replace(/\s+/g, " "), subjectLimit)),
        text: redact(cleanText(input.text, replyTextLimit)),
        // The sender is kept only when it is not the supporter (who may forward a reply).
        fromAddress: from && from.toLowerCase() !== letter.email?.toLowerCase() ? from : null,
        messageId,
        receivedAt: input.receivedAt ?? new Date(),
      })
      .returning({ id: replyReports.id });
    if (!row) throw new Error("reply report was not stored");
    await recordAudit(
      tx,
      { kind: "system" },
      {
        action: "reply_report.create",
        entityType: "reply_report",
        entityId: row.id,
        details: {
          letterId: input.letterId,
          source: input.source,
          kind: input.kind,
          automatic: input.automatic ?? false,
        },
      },
    );
    return { id: row.id, duplicate: false };
  });
}

export interface PendingReport {
  id: number;
  letterId: number;
  stateIso3: string;
  stateName: string;
  askId: number;
  askTitle: string;
  letterSentOn: string | null;
  kind: ReportKind;
  source: ReportSource;
  automatic: boolean;
  subject: string | null;
  text: string | null;
  fromAddress: string | null;
  receivedAt: Date;
}

/** The review queue of a campaign, oldest first. No supporter data: only what came back. */
export async function listPendingReports(
  db: DbOrTx,
  options: { campaignId: number },
): Promise<PendingReport[]> {
  const rows = await db
    .select({
      id: replyReports.id,
      letterId: letters.id,
      stateIso3: letters.stateIso3,
      stateName: states.name,
      askId: asks.id,
      askTitle: asks.title,
      sentAt: letters.sentAt,
      kind: replyReports.kind,
      source: replyReports.source,
      automatic: replyReports.automatic,
      subject: replyReports.subject,
      text: replyReports.text,
      fromAddress: replyReports.fromAddress,
      receivedAt: replyReports.receivedAt,
    })
    .from(replyReports)
    .innerJoin(letters, eq(letters.id, replyReports.letterId))
    .innerJoin(asks, eq(asks.id, letters.askId))
    .innerJoin(states, eq(states.iso3, letters.stateIso3))
    .where(and(eq(letters.campaignId, options.campaignId), eq(replyReports.status, "pending")))
    .orderBy(asc(replyReports.receivedAt), asc(replyReports.id));
  return rows.map(({ sentAt, ...row }) => ({
    ...row,
    letterSentOn: sentAt ? sentAt.toISOString().slice(0, 10) : null,
  }));
}

/** Locks a pending report with its letter's campaign and state. */
async function lockPendingReport(tx: DbOrTx, reportId: number) {
  const [row] = await tx
    .select({
      id: replyReports.id,
      status: replyReports.status,
      text: replyReports.text,
      kind: replyReports.kind,
      letterId: letters.id,
      campaignId: letters.campaignId,
      stateIso3: letters.stateIso3,
    })
    .from(replyReports)
    .innerJoin(letters, eq(letters.id, replyReports.letterId))
    .where(eq(replyReports.id, reportId))
    .for("update", { of: replyReports });
  if (!row) throw new UnknownReportError(`There is no report ${reportId}`);
  if (row.status !== "pending") throw new ReportAlreadyReviewedError();
  return row;
}

async function closeReport(
  tx: DbOrTx,
  actor: Actor,
  reportId: number,
  status: "accepted" | "merged" | "rejected",
  responseId: number | null,
) {
  await tx
    .update(replyReports)
    .set({
      status,
      responseId,
      reviewedBy: actor.kind === "staff" ? actor.userId : null,
      reviewedAt: new Date(),
    })
    .where(eq(replyReports.id, reportId));
}

/**
 * Turns a report into a delegation response of the letter's state, linked to the letter. Only
 * what came back is copied (the reply's text, already cleared of the supporter's details).
 */
export async function acceptReport(
  db: DbOrTx,
  actor: Actor,
  reportId: number,
  input: AcceptedResponseInput,
): Promise<{ responseId: number; positionEventId: number | null }> {
  const parsed = acceptedResponseSchema.parse(input);
  return db.transaction(async (tx) => {
    const report = await lockPendingReport(tx, reportId);
    const fullText =
      parsed.fullText === undefined
        ? (report.text?.slice(0, responseLimits.fullText) ?? null)
        : parsed.fullText;
    const created = await insertResponse(tx, actor, {
      ...parsed,
      fullText,
      stateIso3: report.stateIso3,
      campaignId: report.campaignId,
      letterId: report.letterId,
    });
    await closeReport(tx, actor, reportId, "accepted", created.responseId);
    await recordAudit(tx, actor, {
      action: "reply_report.accept",
      entityType: "reply_report",
      entityId: reportId,
      details: { responseId: created.responseId, letterId: report.letterId },
    });
    return created;
  });
}

/** The report tells of a response already logged (e.g. the same note verbale): link them. */
export async function mergeReport(
  db: DbOrTx,
  actor: Actor,
  reportId: number,
  responseId: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const report = await lockPendingReport(tx, reportId);
    const [response] = await tx
      .select({ id: delegationResponses.id })
      .from(delegationResponses)
      .where(
        and(
          eq(delegationResponses.id, responseId),
          eq(delegationResponses.campaignId, report.campaignId),
          eq(delegationResponses.stateIso3, report.stateIso3),
        ),
      );
    if (!response)
      throw new ResponseInputError("responseId", "Choose a response from the same state");
    await closeReport(tx, actor, reportId, "merged", responseId);
    await recordAudit(tx, actor, {
      action: "reply_report.merge",
      entityType: "reply_report",
      entityId: reportId,
      details: { responseId, letterId: report.letterId },
    });
  });
}

export const rejectReasonLimit = 300;

/** Not a response (spam, unrelated, a duplicate): closed, with the staff member's reason. */
export async function rejectReport(
  db: DbOrTx,
  actor: Actor,
  reportId: number,
  reason: string,
): Promise<void> {
  const trimmed = reason.trim();
  if (!trimmed) throw new ResponseInputError("reason", "Give a reason");
  if (trimmed.length > rejectReasonLimit)
    throw new ResponseInputError("reason", `Use at most ${rejectReasonLimit} characters`);
  await db.transaction(async (tx) => {
    const report = await lockPendingReport(tx, reportId);
    await closeReport(tx, actor, reportId, "rejected", null);
    // The reason is the staff member's own words, never the report's text.
    await recordAudit(tx, actor, {
      action: "reply_report.reject",
      entityType: "reply_report",
      entityId: reportId,
      details: { letterId: report.letterId, reason: trimmed },
    });
  });
}
