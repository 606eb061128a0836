import { and, eq, inArray, sql } from "drizzle-orm";
import { letters } from "#db/schema";
import { hashSecretToken, newSecretToken } from "~/auth/secret-token.server";
import type { DbOrTx } from "~/lib/db.server";
import { enqueue, queueNames, sharedQueue } from "~/lib/queue.server";
import { hitRateLimit } from "~/lib/rate-limit.server";
import { type Ask, type Campaign, composeLetter } from "./compose.server";
import type { SupporterLetterInput } from "./letter-form";
import { upsertSupporter } from "./supporters.server";
import { type TargetKind, targetKindsFor } from "./targets";

export const confirmationHours = 72;
export const confirmationReminderHours = 24;

export type LetterStatus = (typeof letters.$inferSelect)["status"];

export type SubmitResult =
  | { kind: "created"; letterIds: number[]; confirmToken: string | null; status: LetterStatus }
  | { kind: "existing"; letterIds: number[]; status: LetterStatus }
  | { kind: "rate_limited" };

/** What a supporter may send: per address and per (hashed) IP, across all processes. */
const limits = { perEmailPerHour: 5, perIpPerHour: 30 };

/**
 * Records the supporter's letter(s), one per target office, with the text they
 * approved. With confirm-before-send the letters wait for the e-mailed link;
 * otherwise they are queued for delivery in this same transaction.
 */
export async function submitLetter(
  db: DbOrTx,
  options: {
    campaign: Campaign;
    ask: Ask;
    input: SupporterLetterInput;
    /** The body the supporter approved on the preview, for the first target. */
    approvedBody: string;
    ipHash: string | null;
    now?: Date;
  },
): Promise<SubmitResult> {
  const { campaign, ask, input } = options;
  const now = options.now ?? new Date();
  const withinLimits =
    (await hitRateLimit(
      db,
      {
        key: `letter:email:${input.email.toLowerCase()}`,
        limit: limits.perEmailPerHour,
        windowSeconds: 3600,
      },
      now,
    )) &&
    (!options.ipHash ||
      (await hitRateLimit(
        db,
        { key: `letter:ip:${options.ipHash}`, limit: limits.perIpPerHour, windowSeconds: 3600 },
        now,
      )));
  if (!withinLimits) return { kind: "rate_limited" };

  return db.transaction(async (tx) => {
    const supporter = await upsertSupporter(tx, input, options.ipHash);
    const kinds = targetKindsFor(campaign.targetKinds, ask.decisionRule);
    const existing = await existingLetters(tx, supporter.id, ask.id, input.country, kinds);
    if (existing.length > 0) {
      return {
        kind: "existing",
        letterIds: existing.map((l) => l.id),
        status: existing[0]?.status ?? "queued",
      };
    }
    const confirmToken = campaign.confirmBeforeSend ? newSecretToken("") : null;
    const letterIds: number[] = [];
    let status: LetterStatus = "awaiting_confirmation";
    for (const [index, targetKind] of kinds.entries()) {
      const composed = await composeLetter(tx, {
        campaign,
        ask,
        stateIso3: input.country,
        targetKind,
        author: input,
        variationSeed: `${supporter.id}:${ask.id}:${targetKind}`,
        now,
      });
      status = !confirmToken
        ? composed.contact
          ? "queued"
          : "awaiting_contact"
        : "awaiting_confirmation";
      const [letter] = await tx
        .insert(letters)
        .values({
          campaignId: campaign.id,
          askId: ask.id,
          supporterId: supporter.id,
          stateIso3: input.country,
          targetKind,
          contactId: composed.contact?.id ?? null,
          language: input.language,
          subject: composed.subject,
          // The supporter approved the first target's text; the others follow the template.
          body: index === 0 ? options.approvedBody : composed.body,
          personalParagraph: input.personalParagraph || null,
          templateId: composed.templateId,
          templateVersion: composed.templateVersion,
          status,
          // Only the first letter carries the token: one link confirms them all.
          confirmTokenHash: confirmToken && index === 0 ? hashSecretToken(confirmToken) : null,
          confirmExpiresAt: confirmToken
            ? new Date(now.getTime() + confirmationHours * 3600_000)
            : null,
          queuedAt: status === "queued" ? now : null,
          confirmedAt: confirmToken ? null : now,
          bounceToken: newSecretToken("").slice(0, 24),
        })
        .returning({ id: letters.id });
      if (!letter) throw new Error("letter was not stored");
      letterIds.push(letter.id);
      if (status === "queued") await enqueueDelivery(tx, letter.id);
    }
    if (confirmToken) {
      await enqueueSupporterEmail(tx, {
        kind: "confirmation",
        letterId: letterIds[0] ?? 0,
        token: confirmToken,
      });
      await enqueueSupporterEmail(
        tx,
        { kind: "confirmation-reminder", letterId: letterIds[0] ?? 0, token: confirmToken },
        new Date(now.getTime() + confirmationReminderHours * 3600_000),
      );
    }
    return { kind: "created", letterIds, confirmToken, status };
  });
}

async function existingLetters(
  tx: DbOrTx,
  supporterId: number,
  askId: number,
  stateIso3: string,
  kinds: TargetKind[],
) {
  return tx
    .select({ id: letters.id, status: letters.status })
    .from(letters)
    .where(
      and(
        eq(letters.supporterId, supporterId),
        eq(letters.askId, askId),
        eq(letters.stateIso3, stateIso3),
        inArray(letters.targetKind, kinds),
      ),
    );
}

export type ConfirmResult =
  | { kind: "confirmed"; campaignId: number; stateIso3: string; statuses: LetterStatus[] }
  | { kind: "already_confirmed"; campaignId: number; stateIso3: string; statuses: LetterStatus[] }
  | { kind: "expired" }
  | { kind: "unknown" };

/**
 * The supporter clicked the link: their letters move to the queue (or wait for
 * a contact). The status change and the delivery jobs commit together, and a
 * second click changes nothing.
 */
export async function confirmLetter(
  db: DbOrTx,
  token: string,
  now = new Date(),
): Promise<ConfirmResult> {
  return db.transaction(async (tx) => {
    const [first] = await tx
      .select()
      .from(letters)
      .where(eq(letters.confirmTokenHash, hashSecretToken(token)))
      .for("update");
    if (!first) return { kind: "unknown" };
    const group = await tx
      .select()
      .from(letters)
      .where(
        and(
          eq(letters.supporterId, first.supporterId ?? -1),
          eq(letters.askId, first.askId),
          eq(letters.stateIso3, first.stateIso3),
        ),
      )
      .for("update");
    const base = { campaignId: first.campaignId, stateIso3: first.stateIso3 };
    if (first.status !== "awaiting_confirmation") {
      return { kind: "already_confirmed", ...base, statuses: group.map((l) => l.status) };
    }
    if (first.confirmExpiresAt && first.confirmExpiresAt < now) return { kind: "expired" };
    const statuses: LetterStatus[] = [];
    for (const letter of group.filter((l) => l.status === "awaiting_confirmation")) {
      const status = letter.contactId ? "queued" : "awaiting_contact";
      await tx
        .update(letters)
        .set({ status, confirmedAt: now, queuedAt: status === "queued" ? now : null })
        .where(eq(letters.id, letter.id));
      if (status === "queued") await enqueueDelivery(tx, letter.id);
      statuses.push(status);
    }
    return { kind: "confirmed", ...base, statuses };
  });
}

/**
 * A contact became available: the letters waiting for it are queued, in the
 * transaction that saved the contact.
 */
export async function releaseLettersAwaitingContact(
  tx: DbOrTx,
  contact: { stateIso3: string; kind: TargetKind; contactId: number },
  now = new Date(),
): Promise<number> {
  const released = await tx
    .update(letters)
    .set({ status: "queued", contactId: contact.contactId, queuedAt: now })
    .where(
      and(
        eq(letters.status, "awaiting_contact"),
        eq(letters.stateIso3, contact.stateIso3),
        eq(letters.targetKind, contact.kind),
      ),
    )
    .returning({ id: letters.id });
  for (const letter of released) await enqueueDelivery(tx, letter.id);
  return released.length;
}

export async function enqueueDelivery(tx: DbOrTx, letterId: number, startAfter?: Date) {
  await enqueue(
    sharedQueue(),
    tx,
    queueNames.deliverLetter,
    { letterId },
    startAfter ? { startAfter } : {},
  );
}

export type SupporterEmailJob =
  | { kind: "confirmation" | "confirmation-reminder"; letterId: number; token: string }
  | { kind: "follow-up" | "follow-up-reminder" | "receipt"; letterId: number };

export async function enqueueSupporterEmail(tx: DbOrTx, job: SupporterEmailJob, startAfter?: Date) {
  await enqueue(
    sharedQueue(),
    tx,
    queueNames.supporterEmail,
    job,
    startAfter ? { startAfter } : {},
  );
}

/** Letters confirmed from one country on a campaign: the thank-you page's figure. */
export async function lettersFromCountry(
  db: DbOrTx,
  campaignId: number,
  stateIso3: string,
): Promise<number> {
  const [row] = await db
    // One submission can make a letter per office: count submissions, and keep
    // counting those whose supporter has since deleted their data.
    .select({
      count: sql<number>`count(distinct coalesce(${letters.supporterId}::text, 'deleted-' || ${letters.id}) || ':' || ${letters.askId})::int`,
    })
    .from(letters)
    .where(
      and(
        eq(letters.campaignId, campaignId),
        eq(letters.stateIso3, stateIso3),
        inArray(letters.status, ["queued", "sent", "awaiting_contact"]),
      ),
    );
  return row?.count ?? 0;
}
