import { and, eq, inArray, sql } from "drizzle-orm";
import { campaigns, letters } from "#db/schema";
import { hashSecretToken, newSecretToken } from "~/auth/secret-token.server";
import type { DbOrTx } from "~/lib/db.server";
import { enqueue, queueNames, sharedQueue } from "~/lib/queue.server";
import { hitRateLimits, type RateLimit } from "~/lib/rate-limit.server";
import { type Ask, type Campaign, composeFromSources, gatherLetterSources } from "./compose.server";
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
  const { campaign, ask } = options;
  const now = options.now ?? new Date();
  const kinds = targetKindsFor(campaign.targetKinds, ask.decisionRule);
  try {
    return await db.transaction((tx) => storeSubmission(tx, { ...options, kinds, now }));
  } catch (error) {
    if (error instanceof OverRateLimit) return { kind: "rate_limited" };
    throw error;
  }
}

/** Thrown to roll a submission back. */
class OverRateLimit extends Error {}

async function storeSubmission(
  tx: DbOrTx,
  options: Parameters<typeof submitLetter>[1] & { kinds: TargetKind[]; now: Date },
): Promise<SubmitResult> {
  const { campaign, ask, input, kinds, now } = options;
  // Sent together: one round trip. An attempt over a limit is rolled back
  // whole, its hit too: the counter stays over the limit, so the next attempt
  // is refused as well, and nothing of the refused one is kept.
  const [withinLimits, supporter, sources] = await Promise.all([
    hitRateLimits(tx, submissionLimits(input.email, options.ipHash), now),
    upsertSupporter(tx, input, options.ipHash),
    gatherLetterSources(tx, {
      campaign,
      ask,
      stateIso3: input.country,
      targetKinds: kinds,
      language: input.language,
    }),
  ]);
  if (!withinLimits) throw new OverRateLimit();
  const confirmToken = campaign.confirmBeforeSend ? newSecretToken("") : null;
  const rows = kinds.map((targetKind, index): NewLetter => {
    const composed = composeFromSources(sources, {
      targetKind,
      author: input,
      variationSeed: `${supporter.id}:${ask.id}:${targetKind}`,
      now,
    });
    const status: LetterStatus = confirmToken
      ? "awaiting_confirmation"
      : composed.contact
        ? "queued"
        : "awaiting_contact";
    return {
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
    };
  });
  // After the upsert, whose row lock makes a second submission of the
  // supporter wait for this one's commit: that one then finds these letters.
  const stored = await storeLettersUnlessSent(tx, rows, kinds);
  const letterIds = stored.map((letter) => letter.id);
  if (stored.some((letter) => letter.existing)) {
    return { kind: "existing", letterIds, status: stored[0]?.status ?? "queued" };
  }
  // The jobs go in one round trip, in this transaction (docs/decisions/003-queue.md).
  await Promise.all([
    ...stored.filter((l) => l.status === "queued").map((l) => enqueueDelivery(tx, l.id)),
    ...(confirmToken ? confirmationEmails(tx, letterIds[0] ?? 0, confirmToken, now) : []),
  ]);
  const status = stored.at(-1)?.status ?? "awaiting_confirmation";
  return { kind: "created", letterIds, confirmToken, status };
}

/** The e-mail with the confirmation link, and its reminder if the link is not used. */
function confirmationEmails(tx: DbOrTx, letterId: number, token: string, now: Date) {
  return [
    enqueueSupporterEmail(tx, { kind: "confirmation", letterId, token }),
    enqueueSupporterEmail(
      tx,
      { kind: "confirmation-reminder", letterId, token },
      new Date(now.getTime() + confirmationReminderHours * 3600_000),
    ),
  ];
}

/** What a supporter may send: per address and per (hashed) IP, across all processes. */
function submissionLimits(email: string, ipHash: string | null): RateLimit[] {
  const hour = 3600;
  return [
    { key: `letter:email:${email.toLowerCase()}`, limit: 5, windowSeconds: hour },
    ...(ipHash ? [{ key: `letter:ip:${ipHash}`, limit: 30, windowSeconds: hour }] : []),
  ];
}

interface NewLetter {
  campaignId: number;
  askId: number;
  supporterId: number;
  stateIso3: string;
  targetKind: TargetKind;
  contactId: number | null;
  language: string;
  subject: string;
  body: string;
  personalParagraph: string | null;
  templateId: number | null;
  templateVersion: string;
  status: LetterStatus;
  confirmTokenHash: string | null;
  confirmExpiresAt: Date | null;
  queuedAt: Date | null;
  confirmedAt: Date | null;
  bounceToken: string;
}

/** A new letter's row, by column name. */
function letterColumns(letter: NewLetter) {
  return {
    campaign_id: letter.campaignId,
    ask_id: letter.askId,
    supporter_id: letter.supporterId,
    state_iso3: letter.stateIso3,
    target_kind: letter.targetKind,
    contact_id: letter.contactId,
    language: letter.language,
    subject: letter.subject,
    body: letter.body,
    personal_paragraph: letter.personalParagraph,
    template_id: letter.templateId,
    template_version: letter.templateVersion,
    status: letter.status,
    confirm_token_hash: letter.confirmTokenHash,
    confirm_expires_at: letter.confirmExpiresAt,
    queued_at: letter.queuedAt,
    confirmed_at: letter.confirmedAt,
    bounce_token: letter.bounceToken,
  };
}

/**
 * Stores a submission's letters (all for one supporter, ask and state) in one
 * statement, unless the supporter already wrote to one of these offices on this
 * ask: then it stores nothing and returns those letters, marked `existing`.
 * Hand-written, like the other statements of a submission: on this hot path the
 * query builder cost more CPU than PostgreSQL spent on the insert.
 */
async function storeLettersUnlessSent(
  tx: DbOrTx,
  rows: readonly NewLetter[],
  kinds: readonly TargetKind[],
) {
  const [first] = rows;
  if (!first) throw new Error("no letters to store");
  const records = rows.map(letterColumns);
  // Our own column names, in the order of letterColumns.
  const columns = sql.raw(Object.keys(letterColumns(first)).join(", "));
  const stored = await tx.execute<{ id: number; status: LetterStatus; existing: boolean }>(sql`
    with sent as (
      select id, status from letters
      where supporter_id = ${first.supporterId} and ask_id = ${first.askId}
        and state_iso3 = ${first.stateIso3} and target_kind in ${[...kinds]}
    ), stored as (
      insert into letters (${columns})
      select ${columns} from jsonb_populate_recordset(null::letters, ${JSON.stringify(records)}::text::jsonb)
      where not exists (select 1 from sent)
      returning id, status
    )
    select id, status, false as existing from stored
    union all select id, status, true from sent
    order by id`);
  if (stored.length === 0) throw new Error("letters were not stored");
  return stored;
}

export type ConfirmResult =
  | { kind: "confirmed"; campaignId: number; stateIso3: string; statuses: LetterStatus[] }
  | { kind: "already_confirmed"; campaignId: number; stateIso3: string; statuses: LetterStatus[] }
  | { kind: "expired" }
  | { kind: "closed"; campaignId: number }
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
    // A closed campaign sends nothing more: the letter stays unconfirmed and unsent.
    const [campaign] = await tx
      .select({ status: campaigns.status })
      .from(campaigns)
      .where(eq(campaigns.id, first.campaignId));
    if (campaign?.status === "closed") return { kind: "closed", campaignId: first.campaignId };
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
