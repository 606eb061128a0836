import { and, desc, eq, inArray, lte } from "drizzle-orm";
import { z } from "zod";
import { asks, positionEvents, staffUsers } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import { type Position, positions } from "./stance";

export type Audience = "public" | "staff";

export interface CurrentPosition {
  position: Position;
  observedOn: string;
  eventId: number;
}

const isoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-23")
  .refine(
    (v) =>
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
      new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    "This is not a calendar date",
  );

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .transform((v) => (v === "" ? null : v))
    .nullish();

/** What staff submit for one observation: a form, an API body or a CSV row. */
export const positionEventSchema = z
  .object({
    stateIso3: z.string().trim().toUpperCase().length(3, "Choose a state"),
    position: z.enum(positions as [Position, ...Position[]], {
      message: "Choose a stance or a recorded vote",
    }),
    observedOn: isoDay,
    sourceUrl: z
      .string()
      .trim()
      .max(2048)
      .transform((v) => (v === "" ? null : v))
      .nullish()
      .refine((v) => v == null || /^https?:\/\/\S+$/.test(v), "The source must be an http(s) link"),
    sourceTitle: optionalText(300),
    evidence: optionalText(4000),
    confidence: z.enum(["low", "medium", "high"]).default("medium"),
    visibility: z
      .enum(["public", "internal"], { message: "Choose public or internal" })
      .default("internal"),
  })
  .refine((v) => v.sourceUrl || v.sourceTitle || v.evidence, {
    message: "Give a source link, a document title or the evidence",
    path: ["sourceUrl"],
    // Zod skips a refinement once any field has failed; run it anyway (on an object), so a form
    // shows every error at once rather than this one only after the others are fixed.
    when: ({ value }) => typeof value === "object" && value !== null,
  });

export type PositionEventInput = z.infer<typeof positionEventSchema>;

export class FutureObservationError extends Error {}

/** Appends one observation (never overwrites) and audits it, in one transaction. */
export async function recordPositionEvent(
  db: DbOrTx,
  actor: Actor,
  askId: number,
  input: PositionEventInput,
  today = todayUtc(),
): Promise<number> {
  if (input.observedOn > today)
    throw new FutureObservationError("The date cannot be in the future");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(positionEvents)
      .values({ ...input, askId, recordedBy: actor.kind === "staff" ? actor.userId : null })
      .returning({ id: positionEvents.id });
    if (!row) throw new Error("position event was not stored");
    await recordAudit(tx, actor, {
      action: "position_event.create",
      entityType: "position_event",
      entityId: row.id,
      details: {
        askId,
        state: input.stateIso3,
        position: input.position,
        visibility: input.visibility,
      },
    });
    return row.id;
  });
}

/**
 * The latest observation per state on or before `asOf`. The public sees only
 * public observations: an internal one never shows, not even as a "change".
 */
export async function currentPositions(
  db: DbOrTx,
  askIds: number[],
  options: { audience: Audience; asOf?: string },
): Promise<Map<number, Map<string, CurrentPosition>>> {
  const result = new Map<number, Map<string, CurrentPosition>>(askIds.map((id) => [id, new Map()]));
  if (askIds.length === 0) return result;
  const rows = await db
    .selectDistinctOn([positionEvents.askId, positionEvents.stateIso3], {
      askId: positionEvents.askId,
      stateIso3: positionEvents.stateIso3,
      position: positionEvents.position,
      observedOn: positionEvents.observedOn,
      eventId: positionEvents.id,
    })
    .from(positionEvents)
    .where(
      and(
        inArray(positionEvents.askId, askIds),
        options.asOf ? lte(positionEvents.observedOn, options.asOf) : undefined,
        options.audience === "public" ? eq(positionEvents.visibility, "public") : undefined,
      ),
    )
    .orderBy(
      positionEvents.askId,
      positionEvents.stateIso3,
      desc(positionEvents.observedOn),
      desc(positionEvents.id),
    );
  for (const row of rows) {
    result.get(row.askId)?.set(row.stateIso3, {
      position: row.position,
      observedOn: row.observedOn,
      eventId: row.eventId,
    });
  }
  return result;
}

export interface TimelineEvent {
  id: number;
  askId: number;
  askSlug: string;
  askTitle: string;
  position: Position;
  observedOn: string;
  sourceUrl: string | null;
  sourceTitle: string | null;
  evidence: string | null;
  confidence: "low" | "medium" | "high";
  visibility: "public" | "internal";
  recordedBy: string | null;
  recordedAt: Date;
}

/** Every observation of one state across a campaign's asks, newest first. */
export async function stateTimeline(
  db: DbOrTx,
  options: { campaignId: number; stateIso3: string; audience: Audience },
): Promise<TimelineEvent[]> {
  return db
    .select({
      id: positionEvents.id,
      askId: asks.id,
      askSlug: asks.slug,
      askTitle: asks.title,
      position: positionEvents.position,
      observedOn: positionEvents.observedOn,
      sourceUrl: positionEvents.sourceUrl,
      sourceTitle: positionEvents.sourceTitle,
      evidence: positionEvents.evidence,
      confidence: positionEvents.confidence,
      visibility: positionEvents.visibility,
      recordedBy: staffUsers.email,
      recordedAt: positionEvents.recordedAt,
    })
    .from(positionEvents)
    .innerJoin(asks, eq(asks.id, positionEvents.askId))
    .leftJoin(staffUsers, eq(staffUsers.id, positionEvents.recordedBy))
    .where(
      and(
        eq(asks.campaignId, options.campaignId),
        eq(positionEvents.stateIso3, options.stateIso3),
        options.audience === "public" ? eq(positionEvents.visibility, "public") : undefined,
      ),
    )
    .orderBy(desc(positionEvents.observedOn), desc(positionEvents.id));
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
