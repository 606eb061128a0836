import { and, eq, inArray, sql } from "drizzle-orm";
import { campaigns, letterSources, letters, type PendingSupporter, supporters } from "#db/schema";
import { hashSecretToken } from "~/auth/secret-token.server";
import type { PublicLanguage } from "~/i18n/languages";
import type { DbOrTx } from "~/lib/db.server";
import { enqueue, queueNames, sharedQueue } from "~/lib/queue.server";
import { limitKey, type RateLimit, rulesOverLimit } from "~/lib/rate-limit.server";
import { confirmTokenFor } from "~/supporters/supporter-tokens.server";
import { findOrCreateSupporter, hashIp } from "~/supporters/supporters.server";
import { type Ask, type Campaign, composeFromSources, gatherLetterSources } from "./compose.server";
import { mailboxKey } from "./letter-form";
import type { SupporterLetterInput } from "./letter-schema";
import { type TargetKind, targetKindsFor } from "./targets";

export const confirmationHours = 72;
export const confirmationReminderHours = 24;

export type LetterStatus = (typeof letters.$inferSelect)["status"];

/** A partner's source code and/or framing origin, and whether their news consent was ticked. */
export interface LetterSource {
  code: string | null;
  origin: string | null;
  newsConsent: boolean;
}

export type SubmitResult =
  | { kind: "created"; letterIds: number[]; confirmToken: string | null; status: LetterStatus }
  /** Already written: nothing stored, and the status a new letter would have had. */
  | { kind: "existing"; letterIds: number[]; status: LetterStatus }
  /** `sender`: this address or client wrote too often; `budget`: the form as a whole did. */
  | { kind: "rate_limited"; limit: "sender" | "budget" };

/** How much the public form may cause per hour (README, configuration). */
export interface SubmissionLimits {
  lettersPerAddressHour: number;
  lettersPerClientHour: number;
  confirmationsPerHour: number;
  confirmationsPerCampaignHour: number;
}

export const defaultSubmissionLimits: SubmissionLimits = {
  lettersPerAddressHour: 5,
  lettersPerClientHour: 30,
  confirmationsPerHour: 1000,
  confirmationsPerCampaignHour: 300,
};

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
    /** The client's address from a web request (always limited); null from other sources. */
    clientIp: string | null;
    /** The page's language: the supporter's e-mails are written in it. English by default. */
    supporterLanguage?: PublicLanguage;
    limits?: SubmissionLimits;
    now?: Date;
    /** Where the letter came from (an embed on a partner's site): stored with it. */
    source?: LetterSource;
  },
): Promise<SubmitResult> {
  const { campaign, ask } = options;
  const now = options.now ?? new Date();
  const kinds = targetKindsFor(campaign.targetKinds, ask.decisionRule);
  try {
    return await db.transaction((tx) => storeSubmission(tx, { ...options, kinds, now }));
  } catch (error) {
    if (error instanceof OverRateLimit) return { kind: "rate_limited", limit: error.limit };
    throw error;
  }
}

/** Thrown to roll a submission back. */
class OverRateLimit extends Error {
  constructor(readonly limit: "sender" | "budget") {
    super(`over the ${limit} limit`);
  }
}

async function storeSubmission(
  tx: DbOrTx,
  options: Parameters<typeof submitLetter>[1] & { kinds: TargetKind[]; now: Date },
): Promise<SubmitResult> {
  const { campaign, ask, input, kinds, now } = options;
  const supporterLanguage = options.supporterLanguage ?? "en";
  const limits = submissionLimits(options);
  // Sent together: one round trip. An attempt over a limit is rolled back
  // whole, its hit too: the counter stays over the limit, so the next attempt
  // is refused as well, and nothing of the refused one is kept.
  const [overLimits, supporter, sources] = await Promise.all([
    rulesOverLimit(tx, limits, now),
    findOrCreateSupporter(
      tx,
      { ...input, language: supporterLanguage },
      options.clientIp ? hashIp(options.clientIp) : null,
    ),
    gatherLetterSources(tx, {
      campaign,
      ask,
      stateIso3: input.country,
      targetKinds: kinds,
      language: input.language,
    }),
  ]);
  if (overLimits.length > 0) {
    throw new OverRateLimit(
      overLimits.some((r) => r.key.startsWith("letter:")) ? "sender" : "budget",
    );
  }
  const confirming = campaign.confirmBeforeSend;
  const confirmExpiresAt = confirming
    ? new Date(now.getTime() + confirmationHours * 3600_000)
    : null;
  const rows = kinds.map((targetKind, index): NewLetter => {
    const composed = composeFromSources(sources, {
      targetKind,
      author: input,
      variationSeed: `${supporter.id}:${ask.id}:${targetKind}`,
      now,
    });
    const status: LetterStatus = confirming
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
      supporterLanguage,
      subject: composed.subject,
      // The supporter approved the first target's text; the others follow the template.
      body: index === 0 ? options.approvedBody : composed.body,
      personalParagraph: input.personalParagraph || null,
      // Someone who wrote before keeps their details until this address confirms
      // (the first letter carries the link); without confirmation they never change.
      pendingSupporter:
        supporter.existed && confirming && index === 0
          ? pendingDetails(input, supporterLanguage)
          : null,
      templateId: composed.templateId,
      templateVersion: composed.templateVersion,
      status,
      // Set once the first letter has its id (confirmTokenFor).
      confirmTokenHash: null,
      confirmExpiresAt,
      queuedAt: status === "queued" ? now : null,
      confirmedAt: confirming ? null : now,
    };
  });
  // After the supporter's row lock (findOrCreateSupporter), which makes a second
  // submission of the supporter wait for this one's commit: that one then finds these letters.
  const stored = await storeLettersUnlessSent(tx, rows, kinds);
  const letterIds = stored.map((letter) => letter.id);
  if (stored.some((letter) => letter.existing)) {
    // The same answer as a new letter: the page must not tell who wrote before.
    return { kind: "existing", letterIds, status: rows[0]?.status ?? "awaiting_confirmation" };
  }
  const first = { id: letterIds[0] ?? 0, confirmExpiresAt };
  const confirmToken = first.confirmExpiresAt
    ? confirmTokenFor({ id: first.id, confirmExpiresAt: first.confirmExpiresAt })
    : null;
  // The jobs go in one round trip, in this transaction (docs/decisions/003-queue.md).
  await Promise.all([
    ...stored.filter((l) => l.status === "queued").map((l) => enqueueDelivery(tx, l.id)),
    ...(confirmToken
      ? [
          tx
            .update(letters)
            .set({ confirmTokenHash: hashSecretToken(confirmToken) })
            .where(eq(letters.id, first.id)),
          ...confirmationEmails(tx, first.id, now),
        ]
      : []),
    ...(options.source ? [recordSource(tx, letterIds, options.source)] : []),
  ]);
  const status = stored.at(-1)?.status ?? "awaiting_confirmation";
  return { kind: "created", letterIds, confirmToken, status };
}

/** In the letters' own transaction: a letter is never kept without where it came from. */
function recordSource(tx: DbOrTx, letterIds: number[], source: LetterSource) {
  return tx.insert(letterSources).values(
    letterIds.map((letterId) => ({
      letterId,
      sourceCode: source.code,
      origin: source.origin,
      newsConsent: source.newsConsent,
    })),
  );
}

/** What a supporter who wrote before typed this time, applied when the address confirms. */
function pendingDetails(input: SupporterLetterInput, language: PublicLanguage): PendingSupporter {
  return {
    name: input.name,
    city: input.city || null,
    countryIso3: input.country,
    language,
    consentUpdates: input.consentUpdates,
  };
}

/**
 * The e-mail with the confirmation link, and its reminder if the link is not
 * used. The jobs carry the letter's id only: the worker makes the link again.
 */
function confirmationEmails(tx: DbOrTx, letterId: number, now: Date) {
  return [
    enqueueSupporterEmail(tx, { kind: "confirmation", letterId }),
    enqueueSupporterEmail(
      tx,
      { kind: "confirmation-reminder", letterId },
      new Date(now.getTime() + confirmationReminderHours * 3600_000),
    ),
  ];
}

/**
 * What the form may cause: letters per mailbox (plus-addresses counted as one)
 * and per client address, both as keyed hashes; and, when the campaign asks
 * for confirmation, the confirmation e-mails per campaign and in all.
 */
function submissionLimits(options: {
  campaign: Campaign;
  input: SupporterLetterInput;
  clientIp: string | null;
  limits?: SubmissionLimits;
}): RateLimit[] {
  const hour = 3600;
  const limits = options.limits ?? defaultSubmissionLimits;
  const { campaign, input, clientIp } = options;
  return [
    {
      key: limitKey("letter:email", mailboxKey(input.email)),
      limit: limits.lettersPerAddressHour,
      windowSeconds: hour,
    },
    ...(clientIp !== null
      ? [
          {
            key: limitKey("letter:ip", clientIp || "unknown"),
            limit: limits.lettersPerClientHour,
            windowSeconds: hour,
          },
        ]
      : []),
    ...(campaign.confirmBeforeSend
      ? [
          {
            key: `confirmations:campaign:${campaign.id}`,
            limit: limits.confirmationsPerCampaignHour,
            windowSeconds: hour,
          },
          { key: "confirmations:all", limit: limits.confirmationsPerHour, windowSeconds: hour },
        ]
      : []),
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
  supporterLanguage: string;
  subject: string;
  body: string;
  personalParagraph: string | null;
  pendingSupporter: PendingSupporter | null;
  templateId: number | null;
  templateVersion: string;
  status: LetterStatus;
  confirmTokenHash: string | null;
  confirmExpiresAt: Date | null;
  queuedAt: Date | null;
  confirmedAt: Date | null;
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
    supporter_language: letter.supporterLanguage,
    subject: letter.subject,
    body: letter.body,
    personal_paragraph: letter.personalParagraph,
    pending_supporter: letter.pendingSupporter,
    template_id: letter.templateId,
    template_version: letter.templateVersion,
    status: letter.status,
    confirm_token_hash: letter.confirmTokenHash,
    confirm_expires_at: letter.confirmExpiresAt,
    queued_at: letter.queuedAt,
    confirmed_at: letter.confirmedAt,
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
    if (first.pendingSupporter) await applyPendingDetails(tx, first);
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
 * The address confirmed: what its owner typed this time replaces what was
 * stored (consent is only ever widened here; withdrawing it is the
 * unsubscribe link's job).
 */
async function applyPendingDetails(
  tx: DbOrTx,
  letter: { id: number; supporterId: number | null; pendingSupporter: PendingSupporter | null },
) {
  const pending = letter.pendingSupporter;
  if (!pending || letter.supporterId === null) return;
  await tx
    .update(supporters)
    .set({
      name: pending.name,
      city: pending.city,
      countryIso3: pending.countryIso3,
      language: pending.language,
      consentUpdates: sql`${supporters.consentUpdates} or ${pending.consentUpdates}`,
    })
    .where(eq(supporters.id, letter.supporterId));
  await tx.update(letters).set({ pendingSupporter: null }).where(eq(letters.id, letter.id));
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

/** Ids only: links are made again by the worker, so no secret waits in the queue. */
export interface SupporterEmailJob {
  kind: "confirmation" | "confirmation-reminder" | "follow-up" | "follow-up-reminder" | "receipt";
  letterId: number;
}

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
