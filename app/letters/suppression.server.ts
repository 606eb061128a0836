import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { asks, campaigns, letters, states, supporters } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import { currentPositions } from "~/positions/positions.server";
import type { Position } from "~/positions/stance";
import { type Ask, type Campaign, composeLetter } from "./compose.server";
import { type LetterLanguage, letterLanguages } from "./letter-form";
import type { LetterStatus } from "./letters.server";

/**
 * Letters asking a state for something it has since done (or for a closed
 * campaign) are stopped, or rewritten as a thank-you, by staff: never silently.
 */

export const pendingStatuses = [
  "awaiting_confirmation",
  "awaiting_contact",
  "queued",
] as const satisfies readonly LetterStatus[];
export type PendingStatus = (typeof pendingStatuses)[number];

export const suppressionModes = ["stop", "thank"] as const;
export type SuppressionMode = (typeof suppressionModes)[number];

/** After these, a letter urging the state to support the ask has no purpose. */
const supportingNow: ReadonlySet<Position> = new Set(["supports", "yes"]);

export const suppressionSchema = z
  .object({
    askId: z.number().int().positive(),
    stateIso3: z.string().regex(/^[A-Z]{3}$/, "Choose a state"),
    mode: z.enum(suppressionModes, { message: "Choose to stop them or to thank" }),
    reason: z.string().trim().max(200, "Keep the reason under 200 characters").default(""),
  })
  .refine((v) => v.mode !== "stop" || v.reason.length >= 3, {
    message: "Say why the letters are stopped",
    path: ["reason"],
  });
export type SuppressionInput = z.input<typeof suppressionSchema>;

export class SuppressionNotAllowedError extends Error {}

export interface SuppressionResult {
  mode: SuppressionMode;
  /** Letters stopped, or rewritten as a thank-you. */
  affected: number;
  byStatus: Record<PendingStatus, number>;
  /** Thank-you only: letters left as they were because the supporter's data is gone. */
  skipped: number;
}

interface Eligibility {
  canStop: boolean;
  canThank: boolean;
}

/**
 * Stopping needs the state's current stance (as staff know it) to be support,
 * or the campaign to be closed. A thank-you is rendered from the public stance,
 * so it needs that to be support: a letter must not reveal an internal one.
 */
function eligibility(
  campaign: Campaign,
  stance: Position | null,
  publicStance: Position | null,
): Eligibility {
  return {
    canStop: campaign.status === "closed" || (stance !== null && supportingNow.has(stance)),
    canThank: publicStance !== null && supportingNow.has(publicStance),
  };
}

/**
 * Stops ("suppressed", with the reason) or rewrites as a thank-you (re-rendered
 * from the current template, the personal paragraph kept, status unchanged)
 * every pending letter of one state on one ask: in one transaction, audited.
 */
export async function suppressLetters(
  db: DbOrTx,
  actor: Actor,
  input: SuppressionInput,
  now = new Date(),
): Promise<SuppressionResult> {
  const { askId, stateIso3, mode, reason } = suppressionSchema.parse(input);
  return db.transaction(async (tx) => {
    const { ask, campaign } = await askWithCampaign(tx, askId);
    const allowed = await eligibilityFor(tx, campaign, askId, stateIso3);
    if (mode === "stop" && !allowed.canStop) {
      throw new SuppressionNotAllowedError(
        "Letters can only be stopped once the state supports the ask or the campaign is closed.",
      );
    }
    if (mode === "thank" && !allowed.canThank) {
      throw new SuppressionNotAllowedError(
        "A thank-you needs the state's public stance to be support: record it as public first.",
      );
    }
    const pending = await lockPendingLetters(tx, askId, stateIso3);
    const byStatus = countByStatus(pending.map((row) => row.letter.status as PendingStatus));
    const result =
      mode === "stop"
        ? await stopLetters(tx, pending, reason)
        : await rewriteAsThanks(tx, pending, { campaign, ask, now });
    await recordAudit(tx, actor, {
      action: mode === "stop" ? "letters.stop" : "letters.thank",
      entityType: "ask",
      entityId: askId,
      details: {
        campaignId: campaign.id,
        state: stateIso3,
        reason,
        affected: result.affected,
        skipped: result.skipped,
        byStatus,
        letterIds: result.letterIds,
      },
    });
    return { mode, affected: result.affected, skipped: result.skipped, byStatus };
  });
}

async function askWithCampaign(tx: DbOrTx, askId: number) {
  const [row] = await tx
    .select({ ask: asks, campaign: campaigns })
    .from(asks)
    .innerJoin(campaigns, eq(campaigns.id, asks.campaignId))
    .where(eq(asks.id, askId));
  if (!row) throw new SuppressionNotAllowedError(`There is no ask ${askId}`);
  return row;
}

async function eligibilityFor(
  tx: DbOrTx,
  campaign: Campaign,
  askId: number,
  stateIso3: string,
): Promise<Eligibility> {
  const [staff, visible] = await Promise.all([
    currentPositions(tx, [askId], { audience: "staff" }),
    currentPositions(tx, [askId], { audience: "public" }),
  ]);
  return eligibility(
    campaign,
    staff.get(askId)?.get(stateIso3)?.position ?? null,
    visible.get(askId)?.get(stateIso3)?.position ?? null,
  );
}

type PendingRow = Awaited<ReturnType<typeof lockPendingLetters>>[number];

/**
 * Locks the letters first: a delivery in progress holds its row, so a letter
 * it sends meanwhile is no longer pending here and is neither counted nor changed.
 */
async function lockPendingLetters(tx: DbOrTx, askId: number, stateIso3: string) {
  return tx
    .select({
      letter: letters,
      supporter: { name: supporters.name, city: supporters.city },
    })
    .from(letters)
    .leftJoin(supporters, eq(supporters.id, letters.supporterId))
    .where(
      and(
        eq(letters.askId, askId),
        eq(letters.stateIso3, stateIso3),
        inArray(letters.status, [...pendingStatuses]),
      ),
    )
    .orderBy(asc(letters.id))
    .for("update", { of: letters });
}

function countByStatus(statuses: PendingStatus[]): Record<PendingStatus, number> {
  const counts = Object.fromEntries(pendingStatuses.map((s) => [s, 0])) as Record<
    PendingStatus,
    number
  >;
  for (const status of statuses) counts[status] += 1;
  return counts;
}

interface Changed {
  affected: number;
  skipped: number;
  letterIds: number[];
}

async function stopLetters(tx: DbOrTx, pending: PendingRow[], reason: string): Promise<Changed> {
  const letterIds = pending.map((row) => row.letter.id);
  if (letterIds.length > 0) {
    await tx
      .update(letters)
      .set({ status: "suppressed", failureReason: `stopped by staff: ${reason}` })
      .where(inArray(letters.id, letterIds));
  }
  return { affected: letterIds.length, skipped: 0, letterIds };
}

async function rewriteAsThanks(
  tx: DbOrTx,
  pending: PendingRow[],
  context: { campaign: Campaign; ask: Ask; now: Date },
): Promise<Changed> {
  const letterIds: number[] = [];
  for (const { letter, supporter } of pending) {
    // Without the supporter's name the letter cannot be signed: it keeps its text.
    if (!supporter?.name || letter.supporterId === null) continue;
    const composed = await composeLetter(tx, {
      campaign: context.campaign,
      ask: context.ask,
      stateIso3: letter.stateIso3,
      targetKind: letter.targetKind,
      author: {
        name: supporter.name,
        city: supporter.city ?? "",
        personalParagraph: letter.personalParagraph ?? "",
        language: letterLanguage(letter.language),
      },
      // The seed submitLetter used: the same opening and closing as before.
      variationSeed: `${letter.supporterId}:${letter.askId}:${letter.targetKind}`,
      now: context.now,
    });
    await tx
      .update(letters)
      .set({
        subject: composed.subject,
        body: composed.body,
        templateId: composed.templateId,
        templateVersion: composed.templateVersion,
      })
      .where(eq(letters.id, letter.id));
    letterIds.push(letter.id);
  }
  return { affected: letterIds.length, skipped: pending.length - letterIds.length, letterIds };
}

function letterLanguage(language: string): LetterLanguage {
  return (letterLanguages as readonly string[]).includes(language)
    ? (language as LetterLanguage)
    : "en";
}

// ---------------------------------------------------------------- candidates

export interface SuppressionCandidate {
  askId: number;
  askSlug: string;
  askTitle: string;
  stateIso3: string;
  stateName: string;
  /** The current stance as staff know it, and as the public (and a letter) sees it. */
  stance: Position | null;
  publicStance: Position | null;
  canStop: boolean;
  canThank: boolean;
  pending: Record<PendingStatus, number>;
  total: number;
}

/**
 * State x ask pairs with pending letters that staff may stop: the state now
 * supports the ask, or the campaign is closed.
 */
export async function suppressionCandidates(
  db: DbOrTx,
  campaign: Campaign & { asks: Ask[] },
): Promise<SuppressionCandidate[]> {
  const askIds = campaign.asks.map((ask) => ask.id);
  const [groups, staff, visible] = await Promise.all([
    pendingGroups(db, campaign.id),
    currentPositions(db, askIds, { audience: "staff" }),
    currentPositions(db, askIds, { audience: "public" }),
  ]);
  const candidates = new Map<string, SuppressionCandidate>();
  for (const group of groups) {
    const ask = campaign.asks.find((a) => a.id === group.askId);
    if (!ask) continue;
    const key = `${group.askId}:${group.stateIso3}`;
    let candidate = candidates.get(key);
    if (!candidate) {
      const stance = staff.get(ask.id)?.get(group.stateIso3)?.position ?? null;
      const publicStance = visible.get(ask.id)?.get(group.stateIso3)?.position ?? null;
      candidate = {
        askId: ask.id,
        askSlug: ask.slug,
        askTitle: ask.title,
        stateIso3: group.stateIso3,
        stateName: group.stateName,
        stance,
        publicStance,
        ...eligibility(campaign, stance, publicStance),
        pending: countByStatus([]),
        total: 0,
      };
      candidates.set(key, candidate);
    }
    candidate.pending[group.status as PendingStatus] += group.count;
    candidate.total += group.count;
  }
  return [...candidates.values()].filter((c) => c.canStop || c.canThank);
}

async function pendingGroups(db: DbOrTx, campaignId: number) {
  return db
    .select({
      askId: letters.askId,
      stateIso3: letters.stateIso3,
      stateName: states.name,
      status: letters.status,
      count: sql<number>`count(*)::int`,
    })
    .from(letters)
    .innerJoin(states, eq(states.iso3, letters.stateIso3))
    .where(and(eq(letters.campaignId, campaignId), inArray(letters.status, [...pendingStatuses])))
    .groupBy(letters.askId, letters.stateIso3, states.name, letters.status)
    .orderBy(asc(states.name), asc(letters.askId));
}
