import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { campaigns, letters, stateContacts, supporters } from "#db/schema";
import { hashSecretToken } from "~/auth/secret-token.server";
import type { SupporterEmailJob } from "~/letters/letters.server";
import { nextOfficeHour, withinOfficeHours } from "~/letters/targets";
import type { Database, DbOrTx } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { isPermanentMailError, type Mailer, type OutgoingMail } from "~/lib/mail.server";
import { enqueueAll, type QueuedJob, queueNames, sharedQueue } from "~/lib/queue.server";
import { followUpAnswerDays, followUpTokenFor } from "~/supporters/supporter-tokens.server";
import { letterIdForMailToken, mailTokenFor } from "./mail-tokens.server";

export interface DeliverySettings {
  /** Sender when the campaign sets none, e.g. "Démarche <letters@act.example.org>". */
  mailFrom: string;
  /** Where replies are collected when reply capture is on (issue: responses), else null. */
  replyDomain?: string | null;
}

export type DeliveryOutcome =
  | { kind: "sent"; messageId: string }
  | { kind: "skipped"; status: string }
  | { kind: "deferred"; until: Date; reason: "pacing" | "office_hours" }
  | { kind: "awaiting_contact" }
  | { kind: "failed"; reason: string };

/** In a batch a temporary failure is an outcome: only that letter's job goes back to the queue. */
export type BatchOutcome = DeliveryOutcome | { kind: "retry"; reason: string; error: Error };

export interface DeliveryRequest {
  letterId: number;
  /** The queue will not try again: a temporary failure marks the letter failed. */
  lastAttempt: boolean;
}

/**
 * Sends one queued letter: a batch of one (see `deliverLetters`). Temporary
 * SMTP errors are rethrown for the queue to retry with back-off; permanent ones
 * mark the letter failed.
 */
export async function deliverLetter(
  db: Database,
  mailer: Mailer,
  settings: DeliverySettings,
  letterId: number,
  options: { now?: Date; lastAttempt?: boolean } = {},
): Promise<DeliveryOutcome> {
  const request = { letterId, lastAttempt: options.lastAttempt ?? false };
  const outcomes = await deliverLetters(db, mailer, settings, [request], options);
  const outcome = outcomes.get(letterId) ?? { kind: "skipped", status: "missing" };
  if (outcome.kind === "retry") throw outcome.error;
  return outcome;
}

/**
 * Sends a batch of queued letters in one transaction: their rows and their
 * offices stay locked while the messages go out side by side, so two workers
 * never send the same letter and the pacing per office holds across workers.
 * A letter that is no longer `queued` is left alone, which makes retries and
 * duplicate jobs harmless. A handful of statements serve the whole batch, so
 * what a letter costs is mostly its SMTP exchange.
 *
 * The price of one commit per batch: a worker that dies after the SMTP server
 * accepted some of the batch's messages and before the commit leaves those
 * letters queued, and they are sent again with the same Message-ID
 * (docs/decisions/003-queue.md). The batch size bounds that.
 */
export async function deliverLetters(
  db: Database,
  mailer: Mailer,
  settings: DeliverySettings,
  requests: readonly DeliveryRequest[],
  options: { now?: Date } = {},
): Promise<Map<number, BatchOutcome>> {
  const now = options.now ?? new Date();
  const lastAttempts = new Set(requests.filter((r) => r.lastAttempt).map((r) => r.letterId));
  const ids = [...new Set(requests.map((r) => r.letterId))];
  try {
    return await db.transaction(async (tx) => {
      const { found, tallies } = await lockBatch(tx, ids, now);
      const { outcomes, toSend } = planBatch(ids, found, tallies, now);
      for (const [id, outcome] of await sendAll(mailer, settings, toSend, lastAttempts)) {
        outcomes.set(id, outcome);
      }
      await writeOutcomes(tx, outcomes, new Map(found.map((letter) => [letter.id, letter])), now);
      return outcomes;
    });
  } catch (error) {
    return recordBatchFailure(db, ids, lastAttempts, error as Error);
  }
}

/**
 * Locks the batch's letters, then their offices, then counts what each office
 * was sent in the last hour. Rows are locked in id order, letters before
 * offices, so workers cannot deadlock; deliveries to one office take turns
 * across workers, so the count (a statement of its own, hence a fresh
 * snapshot once the lock is held) cannot go stale before this batch commits.
 */
async function lockBatch(tx: DbOrTx, ids: number[], now: Date) {
  const found = await lockLetters(tx, ids);
  const officesOfBatch = tx
    .select({ contactId: letters.contactId })
    .from(letters)
    .where(inArray(letters.id, ids));
  // NO KEY UPDATE: new letters to the office (their foreign key takes KEY SHARE) do not wait.
  await tx
    .select({ id: stateContacts.id })
    .from(stateContacts)
    .where(inArray(stateContacts.id, officesOfBatch))
    .orderBy(asc(stateContacts.id))
    .for("no key update");
  const hourAgo = new Date(now.getTime() - 3600_000);
  const recent = await tx
    .select({
      contactId: letters.contactId,
      count: sql<number>`count(*)::int`,
      oldest: sql<string | null>`min(${letters.sentAt})`,
    })
    .from(letters)
    .where(and(inArray(letters.contactId, officesOfBatch), gt(letters.sentAt, hourAgo)))
    .groupBy(letters.contactId);
  const tallies = new Map<number, OfficeTally>();
  for (const { contactId, count, oldest } of recent) {
    if (contactId !== null) {
      tallies.set(contactId, { count, oldest: oldest ? new Date(oldest) : null });
    }
  }
  return { found, tallies };
}

/** The batch's letters with only what delivery needs, locked in id order so workers cannot deadlock. */
function lockLetters(tx: DbOrTx, ids: number[]) {
  return tx
    .select({
      id: letters.id,
      status: letters.status,
      subject: letters.subject,
      body: letters.body,
      campaign: {
        status: campaigns.status,
        senderEmail: campaigns.senderEmail,
        replyToSupporter: campaigns.replyToSupporter,
        copyToSupporter: campaigns.copyToSupporter,
        officeHoursOnly: campaigns.officeHoursOnly,
        lettersPerTargetPerHour: campaigns.lettersPerTargetPerHour,
        followUpDays: campaigns.followUpDays,
      },
      contact: {
        id: stateContacts.id,
        emails: stateContacts.emails,
        timeZone: stateContacts.timeZone,
      },
      supporter: { name: supporters.name, email: supporters.email },
    })
    .from(letters)
    .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
    .leftJoin(stateContacts, eq(stateContacts.id, letters.contactId))
    .leftJoin(supporters, eq(supporters.id, letters.supporterId))
    .where(inArray(letters.id, ids))
    .orderBy(asc(letters.id))
    .for("update", { of: letters });
}

type LockedLetter = Awaited<ReturnType<typeof lockLetters>>[number];
type Deliverable = LockedLetter & { contact: NonNullable<LockedLetter["contact"]> };

/**
 * What becomes of each letter before anything is sent: skipped, waiting for a
 * contact, deferred by office hours or pacing, or sent now.
 */
function planBatch(
  ids: number[],
  found: LockedLetter[],
  tallies: Map<number, OfficeTally>,
  now: Date,
) {
  const outcomes = new Map<number, BatchOutcome>(
    ids.map((id) => [id, { kind: "skipped", status: "missing" }]),
  );
  const toSend: Deliverable[] = [];
  for (const letter of found) {
    const { contact } = letter;
    if (letter.status !== "queued") {
      outcomes.set(letter.id, { kind: "skipped", status: letter.status });
    } else if (letter.campaign.status === "paused") {
      // Held: the letter stays queued and gets a new job when the campaign reopens.
      outcomes.set(letter.id, { kind: "skipped", status: "campaign_paused" });
    } else if (!contact || contact.emails.length === 0) {
      outcomes.set(letter.id, { kind: "awaiting_contact" });
    } else {
      const deliverable = { ...letter, contact };
      const deferral = deferralFor(deliverable, tallies, now);
      if (deferral) {
        outcomes.set(letter.id, deferral);
      } else {
        outcomes.delete(letter.id);
        toSend.push(deliverable);
      }
    }
  }
  return { outcomes, toSend };
}

/** Letters sent to one office in the last hour. */
interface OfficeTally {
  count: number;
  oldest: Date | null;
}

/**
 * Office hours when the campaign asks for them, then pacing per target office.
 * A letter let through takes its place in the office's hour at once, so the
 * rest of the batch counts it.
 */
function deferralFor(
  letter: Deliverable,
  tallies: Map<number, OfficeTally>,
  now: Date,
): Extract<DeliveryOutcome, { kind: "deferred" }> | null {
  const { campaign, contact } = letter;
  if (campaign.officeHoursOnly && contact.timeZone && !withinOfficeHours(now, contact.timeZone)) {
    return {
      kind: "deferred",
      reason: "office_hours",
      until: nextOfficeHour(now, contact.timeZone),
    };
  }
  const tally = tallies.get(contact.id) ?? { count: 0, oldest: null };
  tallies.set(contact.id, tally);
  if (tally.count < campaign.lettersPerTargetPerHour) {
    tally.count += 1;
    tally.oldest ??= now;
    return null;
  }
  return {
    kind: "deferred",
    reason: "pacing",
    until: new Date((tally.oldest ?? now).getTime() + 3600_000 + 1000),
  };
}

/** Every message at once: the mailer's connection pool bounds how many are in flight. */
async function sendAll(
  mailer: Mailer,
  settings: DeliverySettings,
  toSend: Deliverable[],
  lastAttempts: Set<number>,
): Promise<Map<number, BatchOutcome>> {
  const sent = await Promise.all(
    toSend.map(async (letter): Promise<[number, BatchOutcome]> => {
      const { campaign, contact, supporter } = letter;
      const mail = letterMail({ letter, campaign, contact, supporter, settings });
      try {
        const info = await mailer.send(mail);
        return [letter.id, { kind: "sent", messageId: mail.messageId ?? info.messageId }];
      } catch (error) {
        return [letter.id, failureOutcome(letter.id, error as Error, lastAttempts.has(letter.id))];
      }
    }),
  );
  return new Map(sent);
}

/** The batch's row changes and the jobs that follow: two statements, sent together. */
async function writeOutcomes(
  tx: DbOrTx,
  outcomes: Map<number, BatchOutcome>,
  byId: Map<number, LockedLetter>,
  now: Date,
) {
  const changes = letterChanges(outcomes, byId, now);
  await Promise.all([
    recordChanges(tx, changes, now),
    enqueueAll(sharedQueue(), tx, followingJobs(outcomes, changes, byId, now)),
  ]);
}

/** Permanent SMTP errors (5xx) and the queue's last try fail the letter; the rest retry. */
function failureOutcome(letterId: number, error: Error, lastAttempt: boolean): BatchOutcome {
  const reason = error.message?.slice(0, 500) || "unknown error";
  const permanent = isPermanentMailError(error);
  logger.warn({ letterId, permanent, lastAttempt }, "letter delivery failed");
  if (permanent || lastAttempt) return { kind: "failed", reason };
  return { kind: "retry", reason, error };
}

/** How an outcome changes the letter's row; skipped and deferred letters are left as they are. */
interface LetterChange {
  id: number;
  status: "sent" | "queued" | "failed" | "awaiting_contact";
  messageId: string | null;
  /** The hash of the follow-up links' token, and when they stop working. */
  followUpToken: string | null;
  followUpExpiresAt: Date | null;
  failureReason: string | null;
  /** An SMTP exchange was tried: it counts in `delivery_attempts`. */
  attempted: boolean;
}

function letterChanges(
  outcomes: Map<number, BatchOutcome>,
  byId: Map<number, LockedLetter>,
  now: Date,
): LetterChange[] {
  const changes: LetterChange[] = [];
  for (const [id, outcome] of outcomes) {
    const none = {
      id,
      messageId: null,
      followUpToken: null,
      followUpExpiresAt: null,
      failureReason: null,
    };
    if (outcome.kind === "sent") {
      // The "did your ministry reply?" links need a secret; only a supporter with an address gets one.
      const letter = byId.get(id);
      const asks = Boolean(letter?.supporter?.email);
      const days = (letter?.campaign.followUpDays ?? 0) + followUpAnswerDays;
      changes.push({
        ...none,
        status: "sent",
        messageId: outcome.messageId,
        followUpToken: asks ? hashSecretToken(followUpTokenFor(id)) : null,
        followUpExpiresAt: asks ? new Date(now.getTime() + days * 86_400_000) : null,
        attempted: true,
      });
    } else if (outcome.kind === "retry" || outcome.kind === "failed") {
      const status = outcome.kind === "retry" ? "queued" : "failed";
      changes.push({ ...none, status, failureReason: outcome.reason, attempted: true });
    } else if (outcome.kind === "awaiting_contact") {
      changes.push({ ...none, status: "awaiting_contact", attempted: false });
    }
  }
  return changes;
}

/** The whole batch's row changes in one statement. */
async function recordChanges(tx: DbOrTx, changes: LetterChange[], now: Date) {
  if (changes.length === 0) return;
  const rows = sql.join(
    changes.map(
      (c) =>
        sql`(${c.id}::int, ${c.status}::letter_status, ${c.messageId}::text, ${c.followUpToken}::text, ${c.followUpExpiresAt?.toISOString() ?? null}::timestamptz, ${c.failureReason}::text, ${c.attempted}::boolean)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    update letters as l set
      status = v.status,
      sent_at = case when v.status = 'sent' then ${now.toISOString()}::timestamptz else l.sent_at end,
      message_id = coalesce(v.message_id, l.message_id),
      follow_up_token = coalesce(v.follow_up_token, l.follow_up_token),
      follow_up_expires_at = coalesce(v.follow_up_expires_at, l.follow_up_expires_at),
      failure_reason = case when v.attempted then v.failure_reason else l.failure_reason end,
      delivery_attempts = l.delivery_attempts + v.attempted::int
    from (values ${rows}) as v (id, status, message_id, follow_up_token, follow_up_expires_at, failure_reason, attempted)
    where l.id = v.id`);
}

/** Deferred letters come back later; a supporter with an address gets a receipt, then a follow-up. */
function followingJobs(
  outcomes: Map<number, BatchOutcome>,
  changes: LetterChange[],
  byId: Map<number, LockedLetter>,
  now: Date,
): QueuedJob[] {
  const jobs: QueuedJob[] = [];
  for (const [letterId, outcome] of outcomes) {
    if (outcome.kind === "deferred") {
      jobs.push({ name: queueNames.deliverLetter, data: { letterId }, startAfter: outcome.until });
    }
  }
  for (const { id: letterId, followUpToken } of changes) {
    const followUpDays = byId.get(letterId)?.campaign.followUpDays;
    if (!followUpToken || followUpDays === undefined) continue;
    const receipt: SupporterEmailJob = { kind: "receipt", letterId };
    const followUp: SupporterEmailJob = { kind: "follow-up", letterId };
    jobs.push(
      { name: queueNames.supporterEmail, data: receipt },
      {
        name: queueNames.supporterEmail,
        data: followUp,
        startAfter: new Date(now.getTime() + followUpDays * 86_400_000),
      },
    );
  }
  return jobs;
}

/**
 * The batch's transaction failed (the database, not SMTP): nothing of it was
 * recorded, so each letter counts an attempt and retries, or fails on its
 * last one.
 */
async function recordBatchFailure(
  db: Database,
  ids: number[],
  lastAttempts: Set<number>,
  error: Error,
): Promise<Map<number, BatchOutcome>> {
  const outcomes = new Map(ids.map((id) => [id, failureOutcome(id, error, lastAttempts.has(id))]));
  const failed = ids.filter((id) => outcomes.get(id)?.kind === "failed");
  await db
    .update(letters)
    .set({
      deliveryAttempts: sql`${letters.deliveryAttempts} + 1`,
      failureReason: error.message?.slice(0, 500) || "unknown error",
      ...(failed.length > 0
        ? {
            status: sql`case when ${inArray(letters.id, failed)} then 'failed'::letter_status else ${letters.status} end`,
          }
        : {}),
    })
    .where(and(inArray(letters.id, ids), eq(letters.status, "queued")));
  return outcomes;
}

function domainOf(address: string): string {
  return /@([^>\s]+)>?\s*$/.exec(address)?.[1] ?? "localhost";
}

/** The message to the ministry: plain text, from the campaign, replies to the supporter. */
export function letterMail(options: {
  letter: Pick<typeof letters.$inferSelect, "id" | "subject" | "body">;
  campaign: Pick<
    typeof campaigns.$inferSelect,
    "senderEmail" | "replyToSupporter" | "copyToSupporter"
  >;
  contact: Pick<typeof stateContacts.$inferSelect, "emails">;
  supporter: Pick<typeof supporters.$inferSelect, "name" | "email"> | null;
  settings: DeliverySettings;
}): OutgoingMail {
  const { letter, campaign, contact, supporter, settings } = options;
  const token = mailTokenFor(letter.id);
  const from = campaign.senderEmail ?? settings.mailFrom;
  const domain = domainOf(from);
  const supporterAddress = supporter?.email
    ? { name: supporter.name ?? "", address: supporter.email }
    : null;
  const replyTo = [
    ...(campaign.replyToSupporter && supporterAddress ? [supporterAddress] : []),
    ...(settings.replyDomain
      ? [{ name: "", address: `reply+${token}@${settings.replyDomain}` }]
      : []),
  ];
  return {
    from,
    to: contact.emails,
    cc: campaign.copyToSupporter && supporterAddress ? [supporterAddress] : undefined,
    replyTo: replyTo.length > 0 ? replyTo : undefined,
    subject: letter.subject,
    text: letter.body ?? "",
    // The same Message-ID on a retry lets the receiving side drop a duplicate.
    messageId: `<letter-${letter.id}.${token}@${domain}>`,
    envelope: { from: `bounces+${token}@${domain}`, to: contact.emails },
    headers: { "X-Demarche-Letter": String(letter.id), "Auto-Submitted": "no" },
  };
}

/** The VERP token in a bounce's recipient: bounces+TOKEN@domain. */
export function bounceTokenFrom(recipient: string): string | null {
  return /^bounces\+([A-Za-z0-9_-]+)@/i.exec(recipient.trim())?.[1] ?? null;
}

/**
 * Days after sending in which a delivery report is believed: mail servers
 * give up on a message within about five days (Postfix's
 * maximal_queue_lifetime), so a "bounce" later than that is not one.
 */
export const bouncePlausibleDays = 7;

/**
 * A delivery status notification came back for a letter: mark it bounced, if
 * a bounce is plausible: the letter was sent, lately, and no reply to it has
 * been recorded. Anyone who has seen the letter's Reply-To or Return-Path
 * knows its token, so a forged report must not undo a delivered letter.
 */
export async function recordBounce(
  db: DbOrTx,
  recipient: string,
  diagnostic: string,
  now = new Date(),
): Promise<number | null> {
  const token = bounceTokenFrom(recipient);
  const letterId = token ? await letterIdForMailToken(db, token) : null;
  if (letterId === null) return null;
  const since = new Date(now.getTime() - bouncePlausibleDays * 86_400_000);
  const [bounced] = await db
    .update(letters)
    .set({ status: "bounced", failureReason: diagnostic.slice(0, 500) })
    .where(
      and(
        eq(letters.id, letterId),
        eq(letters.status, "sent"),
        gt(letters.sentAt, since),
        isNull(letters.repliedAt),
      ),
    )
    .returning({ id: letters.id });
  return bounced?.id ?? null;
}
