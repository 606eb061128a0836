import { and, eq, gt, sql } from "drizzle-orm";
import { campaigns, letters, stateContacts, supporters } from "#db/schema";
import { newSecretToken } from "~/auth/secret-token.server";
import type { Database, DbOrTx } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { isPermanentMailError, type Mailer, type OutgoingMail } from "~/lib/mail.server";
import { enqueueDelivery, enqueueSupporterEmail } from "./letters.server";
import { nextOfficeHour, withinOfficeHours } from "./targets";

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

/**
 * Sends one queued letter. The letter row stays locked while the message goes
 * out, so two workers never send the same letter; a letter that is no longer
 * `queued` is left alone, which makes retries and duplicate jobs harmless.
 * Temporary SMTP errors are rethrown for the queue to retry with back-off;
 * permanent ones mark the letter failed.
 */
export async function deliverLetter(
  db: Database,
  mailer: Mailer,
  settings: DeliverySettings,
  letterId: number,
  options: { now?: Date; lastAttempt?: boolean } = {},
): Promise<DeliveryOutcome> {
  const now = options.now ?? new Date();
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .select({
          letter: letters,
          campaign: campaigns,
          contact: stateContacts,
          supporter: supporters,
        })
        .from(letters)
        .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
        .leftJoin(stateContacts, eq(stateContacts.id, letters.contactId))
        .leftJoin(supporters, eq(supporters.id, letters.supporterId))
        .where(eq(letters.id, letterId))
        .for("update", { of: letters });
      if (!row) return { kind: "skipped", status: "missing" };
      if (row.letter.status !== "queued") return { kind: "skipped", status: row.letter.status };
      const { letter, campaign, contact, supporter } = row;
      if (!contact || contact.emails.length === 0) {
        await tx
          .update(letters)
          .set({ status: "awaiting_contact" })
          .where(eq(letters.id, letter.id));
        return { kind: "awaiting_contact" };
      }
      // Deliveries to one office take turns, so pacing holds across parallel workers.
      await tx
        .select({ id: stateContacts.id })
        .from(stateContacts)
        .where(eq(stateContacts.id, contact.id))
        .for("update");
      const deferral = await deferralFor(tx, { campaign, contact, now });
      if (deferral) {
        await enqueueDelivery(tx, letter.id, deferral.until);
        return deferral;
      }
      const mail = letterMail({ letter, campaign, contact, supporter, settings });
      const sent = await mailer.send(mail);
      // The "did your ministry reply?" links need a secret; only a supporter with an address gets one.
      const followUpToken = supporter?.email ? newSecretToken("") : null;
      await tx
        .update(letters)
        .set({
          status: "sent",
          sentAt: now,
          messageId: mail.messageId ?? sent.messageId,
          deliveryAttempts: sql`${letters.deliveryAttempts} + 1`,
          failureReason: null,
          ...(followUpToken ? { followUpToken } : {}),
        })
        .where(eq(letters.id, letter.id));
      if (followUpToken) {
        await enqueueSupporterEmail(tx, { kind: "receipt", letterId: letter.id });
        await enqueueSupporterEmail(
          tx,
          { kind: "follow-up", letterId: letter.id },
          new Date(now.getTime() + campaign.followUpDays * 86_400_000),
        );
      }
      return { kind: "sent", messageId: mail.messageId ?? sent.messageId };
    });
  } catch (error) {
    return recordFailure(db, letterId, error, options.lastAttempt ?? false);
  }
}

async function recordFailure(
  db: Database,
  letterId: number,
  error: unknown,
  lastAttempt: boolean,
): Promise<DeliveryOutcome> {
  const reason = (error as Error).message?.slice(0, 500) ?? "unknown error";
  const permanent = isPermanentMailError(error);
  await db
    .update(letters)
    .set({
      deliveryAttempts: sql`${letters.deliveryAttempts} + 1`,
      failureReason: reason,
      ...(permanent || lastAttempt ? { status: "failed" as const } : {}),
    })
    .where(and(eq(letters.id, letterId), eq(letters.status, "queued")));
  logger.warn({ letterId, permanent, lastAttempt }, "letter delivery failed");
  if (permanent || lastAttempt) return { kind: "failed", reason };
  throw error;
}

/** Pacing per target office, and office hours when the campaign asks for them. */
async function deferralFor(
  tx: DbOrTx,
  options: {
    campaign: typeof campaigns.$inferSelect;
    contact: typeof stateContacts.$inferSelect;
    now: Date;
  },
): Promise<Extract<DeliveryOutcome, { kind: "deferred" }> | null> {
  const { campaign, contact, now } = options;
  if (campaign.officeHoursOnly && contact.timeZone && !withinOfficeHours(now, contact.timeZone)) {
    return {
      kind: "deferred",
      reason: "office_hours",
      until: nextOfficeHour(now, contact.timeZone),
    };
  }
  const hourAgo = new Date(now.getTime() - 3600_000);
  const [recent] = await tx
    .select({
      count: sql<number>`count(*)::int`,
      oldest: sql<string | null>`min(${letters.sentAt})`,
    })
    .from(letters)
    .where(and(eq(letters.contactId, contact.id), gt(letters.sentAt, hourAgo)));
  if ((recent?.count ?? 0) < campaign.lettersPerTargetPerHour) return null;
  const oldest = recent?.oldest ? new Date(recent.oldest) : now;
  return {
    kind: "deferred",
    reason: "pacing",
    until: new Date(oldest.getTime() + 3600_000 + 1000),
  };
}

function domainOf(address: string): string {
  return /@([^>\s]+)>?\s*$/.exec(address)?.[1] ?? "localhost";
}

/** The message to the ministry: plain text, from the campaign, replies to the supporter. */
export function letterMail(options: {
  letter: typeof letters.$inferSelect;
  campaign: typeof campaigns.$inferSelect;
  contact: typeof stateContacts.$inferSelect;
  supporter: typeof supporters.$inferSelect | null;
  settings: DeliverySettings;
}): OutgoingMail {
  const { letter, campaign, contact, supporter, settings } = options;
  const from = campaign.senderEmail ?? settings.mailFrom;
  const domain = domainOf(from);
  const supporterAddress = supporter?.email
    ? `"${supporter.name ?? ""}" <${supporter.email}>`
    : null;
  const replyTo = [
    ...(campaign.replyToSupporter && supporterAddress ? [supporterAddress] : []),
    ...(settings.replyDomain ? [`reply+${letter.bounceToken}@${settings.replyDomain}`] : []),
  ];
  return {
    from,
    to: contact.emails,
    cc: campaign.copyToSupporter && supporter?.email ? supporter.email : undefined,
    replyTo: replyTo.length > 0 ? replyTo : undefined,
    subject: letter.subject,
    text: letter.body ?? "",
    // The same Message-ID on a retry lets the receiving side drop a duplicate.
    messageId: `<letter-${letter.id}.${letter.bounceToken}@${domain}>`,
    envelope: { from: `bounces+${letter.bounceToken}@${domain}`, to: contact.emails },
    headers: { "X-Demarche-Letter": String(letter.id), "Auto-Submitted": "no" },
  };
}

/** The VERP token in a bounce's recipient: bounces+TOKEN@domain. */
export function bounceTokenFrom(recipient: string): string | null {
  return /^bounces\+([A-Za-z0-9_-]+)@/i.exec(recipient.trim())?.[1] ?? null;
}

/** A delivery status notification came back for a letter: mark it bounced. */
export async function recordBounce(
  db: DbOrTx,
  recipient: string,
  diagnostic: string,
): Promise<number | null> {
  const token = bounceTokenFrom(recipient);
  if (!token) return null;
  const [bounced] = await db
    .update(letters)
    .set({ status: "bounced", failureReason: diagnostic.slice(0, 500) })
    .where(eq(letters.bounceToken, token))
    .returning({ id: letters.id });
  return bounced?.id ?? null;
}
