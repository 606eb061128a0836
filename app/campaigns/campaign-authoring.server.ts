import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { asks, campaigns, letters, letterTemplates, positionEvents } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import { enqueueDelivery } from "~/letters/letters.server";
import type { DbOrTx } from "~/lib/db.server";
import type { CampaignChanges, CampaignFields } from "./campaign-fields";
import { type CampaignStatus, statusChangeRefusal } from "./campaign-lifecycle";
import type { CampaignSettingsInput } from "./campaign-settings.server";
import { settingsColumns } from "./campaign-settings.server";
import { copyCampaignTranslations } from "./campaign-translations.server";
import { forgetCachedCampaigns } from "./campaigns.server";

type CampaignRow = typeof campaigns.$inferSelect;

/** A change the campaign's state refuses: the route shows `message` at `field`. */
export class CampaignRefusedError extends Error {
  override name = "CampaignRefusedError";
  constructor(
    readonly field: "slug" | "status" | "endsOn" | "from",
    message: string,
    /** 409 for a conflict with what exists (slug in use, letters written), 400 otherwise. */
    readonly httpStatus: 400 | 409 = 409,
  ) {
    super(message);
  }
}

export interface NewCampaign extends Omit<CampaignFields, "defaultLanguage"> {
  /** Omitted: the campaign started from's, else English. */
  defaultLanguage?: CampaignFields["defaultLanguage"];
  status?: CampaignStatus;
  /** Omitted: the columns' defaults (ministry, confirm first, 30 per hour, …). */
  settings?: CampaignSettingsInput;
}

export interface CopyOptions {
  /** The earlier campaign whose asks, template versions and settings the new one starts with. */
  fromSlug: string;
  /** Also carry each current position over, keeping its source and date. */
  withPositions: boolean;
}

const slugInUse = (slug: string) =>
  new CampaignRefusedError("slug", `The address "${slug}" is already used by another campaign`);

/**
 * Creates a campaign (a draft unless told otherwise), optionally started from
 * an earlier one: its asks and letter template versions, and if asked its
 * current positions. Letters, supporters and responses are never copied.
 * Everything, audit included, commits together or not at all.
 */
export async function createCampaign(
  db: DbOrTx,
  actor: Actor,
  input: NewCampaign,
  copy?: CopyOptions,
): Promise<CampaignRow> {
  const status = input.status ?? "draft";
  const refusal = statusChangeRefusal("draft", status);
  if (refusal)
    throw new CampaignRefusedError("status", `A new campaign starts as a draft or open`, 400);
  try {
    const campaign = await db.transaction(async (tx) => {
      if (await slugTaken(tx, input.slug)) throw slugInUse(input.slug);
      const source = copy ? await campaignBySlug(tx, copy.fromSlug) : null;
      if (copy && !source) {
        throw new CampaignRefusedError(
          "from",
          `There is no campaign "${copy.fromSlug}" to start from`,
          400,
        );
      }
      const [created] = await tx
        .insert(campaigns)
        .values({
          ...(source ? copiedSettings(source) : {}),
          ...(input.settings ? settingsColumns(input.settings) : {}),
          slug: input.slug,
          title: input.title,
          summary: input.summary,
          publicText: input.publicText,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          languages: input.languages,
          defaultLanguage: input.defaultLanguage ?? source?.defaultLanguage ?? "en",
          status,
        })
        .returning();
      if (!created) throw new Error("the campaign was not stored");
      const copied =
        source && copy ? await copyCampaignContent(tx, source.id, created.id, copy) : null;
      await recordAudit(tx, actor, {
        action: source ? "campaign.copy" : "campaign.create",
        entityType: "campaign",
        entityId: created.id,
        details: {
          after: auditedFields(created),
          ...(source ? { from: source.slug, ...copied } : {}),
        },
      });
      return created;
    });
    forgetCachedCampaigns();
    return campaign;
  } catch (error) {
    throw uniqueSlugError(error, input.slug);
  }
}

async function slugTaken(tx: DbOrTx, slug: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(eq(campaigns.slug, slug));
  return Boolean(row);
}

async function campaignBySlug(tx: DbOrTx, slug: string) {
  const [row] = await tx.select().from(campaigns).where(eq(campaigns.slug, slug));
  return row ?? null;
}

/** Two requests racing for one address: the unique index decides, the loser gets the same 409. */
function uniqueSlugError(error: unknown, slug: string): unknown {
  const code =
    (error as { code?: string; cause?: { code?: string } })?.cause?.code ??
    (error as { code?: string })?.code;
  return code === "23505" ? slugInUse(slug) : error;
}

function copiedSettings(source: CampaignRow) {
  return {
    targetKinds: source.targetKinds,
    senderEmail: source.senderEmail,
    confirmBeforeSend: source.confirmBeforeSend,
    replyToSupporter: source.replyToSupporter,
    copyToSupporter: source.copyToSupporter,
    lettersPerTargetPerHour: source.lettersPerTargetPerHour,
    officeHoursOnly: source.officeHoursOnly,
    followUpDays: source.followUpDays,
    retentionDays: source.retentionDays,
  };
}

/**
 * Open asks (in order, renumbered from 0), then template versions pointing at the new asks, then
 * (if asked) positions. Retired asks, and their own template versions, stay behind: they were
 * taken off the earlier campaign's form, so a new campaign does not start with them.
 */
async function copyCampaignContent(tx: DbOrTx, fromId: number, toId: number, copy: CopyOptions) {
  const sourceAsks = await tx
    .select()
    .from(asks)
    .where(and(eq(asks.campaignId, fromId), isNull(asks.retiredAt)))
    .orderBy(asc(asks.position), asc(asks.id));
  const askIds = new Map<number, number>();
  for (const [position, { id, campaignId: _, ...ask }] of sourceAsks.entries()) {
    const [created] = await tx
      .insert(asks)
      .values({ ...ask, position, campaignId: toId })
      .returning({ id: asks.id });
    if (created) askIds.set(id, created.id);
  }
  const templates = (
    await tx
      .select()
      .from(letterTemplates)
      .where(eq(letterTemplates.campaignId, fromId))
      .orderBy(asc(letterTemplates.id))
  ).filter((t) => t.askId === null || askIds.has(t.askId));
  if (templates.length > 0) {
    await tx.insert(letterTemplates).values(
      templates.map(({ id: _, campaignId: __, askId, ...template }) => ({
        ...template,
        campaignId: toId,
        askId: askId === null ? null : (askIds.get(askId) ?? null),
      })),
    );
  }
  const positions = copy.withPositions ? await copyCurrentPositions(tx, askIds) : 0;
  const translations = await copyCampaignTranslations(tx, fromId, toId, askIds);
  return { asks: askIds.size, templateVersions: templates.length, positions, translations };
}

/**
 * Each state's current position on each source ask becomes the first
 * observation on the matching new ask, with its date, source and visibility.
 */
async function copyCurrentPositions(tx: DbOrTx, askIds: Map<number, number>): Promise<number> {
  if (askIds.size === 0) return 0;
  const current = await tx
    .selectDistinctOn([positionEvents.askId, positionEvents.stateIso3])
    .from(positionEvents)
    .where(inArray(positionEvents.askId, [...askIds.keys()]))
    .orderBy(
      positionEvents.askId,
      positionEvents.stateIso3,
      desc(positionEvents.observedOn),
      desc(positionEvents.id),
    );
  if (current.length === 0) return 0;
  await tx.insert(positionEvents).values(
    current.map(({ id: _, askId, responseId: __, recordedAt: ___, ...event }) => ({
      ...event,
      askId: askIds.get(askId) ?? askId,
    })),
  );
  return current.length;
}

/** The campaign's own fields for the audit log: no settings, no personal data. */
function auditedFields(c: CampaignRow) {
  return {
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    publicText: c.publicText,
    status: c.status,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    languages: c.languages,
    defaultLanguage: c.defaultLanguage,
  };
}

/**
 * Changes a campaign's fields and status together, audited with what each
 * changed field was before and is after. The address is fixed once the
 * campaign has letters (they link to it); the status follows the lifecycle.
 */
export async function updateCampaign(
  db: DbOrTx,
  actor: Actor,
  campaignId: number,
  changes: CampaignChanges,
): Promise<CampaignRow> {
  try {
    const updated = await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(campaigns)
        .where(eq(campaigns.id, campaignId))
        .for("update");
      if (!before) throw new Error(`campaign ${campaignId} does not exist`);
      await checkChanges(tx, before, changes);
      const endsOn = changes.endsOn === undefined ? before.endsOn : changes.endsOn;
      const startsOn = changes.startsOn ?? before.startsOn;
      if (endsOn && endsOn < startsOn) {
        throw new CampaignRefusedError(
          "endsOn",
          "The end date cannot be before the start date",
          400,
        );
      }
      const statusChanges = changes.status !== undefined && changes.status !== before.status;
      const [after] = await tx
        .update(campaigns)
        .set({ ...changes, ...(statusChanges ? { statusChangedAt: new Date() } : {}) })
        .where(eq(campaigns.id, campaignId))
        .returning();
      if (!after) throw new Error(`campaign ${campaignId} was not updated`);
      const diff = changedFields(auditedFields(before), auditedFields(after));
      if (Object.keys(diff.after).length > 0) {
        await recordAudit(tx, actor, {
          action: statusChanges ? "campaign.status" : "campaign.update",
          entityType: "campaign",
          entityId: campaignId,
          details: diff,
        });
      }
      if (statusChanges && before.status === "paused") await releaseHeldLetters(tx, campaignId);
      return after;
    });
    forgetCachedCampaigns();
    return updated;
  } catch (error) {
    throw uniqueSlugError(error, changes.slug ?? "");
  }
}

async function checkChanges(tx: DbOrTx, before: CampaignRow, changes: CampaignChanges) {
  if (changes.status !== undefined) {
    const refusal = statusChangeRefusal(before.status, changes.status);
    if (refusal) throw new CampaignRefusedError("status", refusal);
  }
  if (changes.slug !== undefined && changes.slug !== before.slug) {
    const [letter] = await tx
      .select({ id: letters.id })
      .from(letters)
      .where(eq(letters.campaignId, before.id))
      .limit(1);
    if (letter) {
      throw new CampaignRefusedError(
        "slug",
        "The address is fixed: supporters have written letters from this campaign's page",
      );
    }
    if (await slugTaken(tx, changes.slug)) throw slugInUse(changes.slug);
  }
}

function changedFields<T extends Record<string, unknown>>(before: T, after: T) {
  const diff = { before: {} as Partial<T>, after: {} as Partial<T> };
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      diff.before[key] = before[key];
      diff.after[key] = after[key];
    }
  }
  return diff;
}

/**
 * While a campaign is paused the delivery worker leaves its queued letters
 * alone and their jobs end; when it opens (or closes) again each gets a new
 * job, in the transaction that changes the status.
 */
async function releaseHeldLetters(tx: DbOrTx, campaignId: number): Promise<void> {
  const held = await tx
    .select({ id: letters.id })
    .from(letters)
    .where(and(eq(letters.campaignId, campaignId), eq(letters.status, "queued")));
  for (const letter of held) await enqueueDelivery(tx, letter.id);
}

/** Whether the campaign has letters: its address is then fixed. */
export async function campaignHasLetters(db: DbOrTx, campaignId: number): Promise<boolean> {
  const [row] = await db
    .select({ present: sql<number>`1` })
    .from(letters)
    .where(eq(letters.campaignId, campaignId))
    .limit(1);
  return Boolean(row);
}
