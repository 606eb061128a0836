import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import {
  asks,
  delegationResponses,
  positionEvents,
  responseAsks,
  staffUsers,
  states,
} from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import { type FieldErrors, type FormResult, formFields } from "~/lib/form";
import {
  type Audience,
  positionEventSchema,
  recordPositionEvent,
  todayUtc,
} from "~/positions/positions.server";
import { type Position, positions } from "~/positions/stance";
import { getStateByIso3 } from "~/states/states.server";

export const responseChannels = [
  "email",
  "note_verbale",
  "letter",
  "meeting",
  "public_statement",
  "vote_explanation",
] as const;
export type ResponseChannel = (typeof responseChannels)[number];

export const channelLabels: Record<ResponseChannel, string> = {
  email: "E-mail",
  note_verbale: "Note verbale",
  letter: "Letter",
  meeting: "Meeting",
  public_statement: "Public statement",
  vote_explanation: "Explanation of vote",
};

export const responseLimits = { summary: 2000, fullText: 100_000, responder: 300 };

const isoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-23")
  .refine(
    (v) =>
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
      new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    "This is not a calendar date",
  )
  // Evaluated at each parse, so a long-running process keeps the right "today".
  .refine((v) => v <= todayUtc(), "The date cannot be in the future");

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .transform((v) => (v === "" ? null : v))
    .nullish();

const askId = z.coerce.number({ message: "Choose an ask" }).int().positive("Choose an ask");

const positionChangeSchema = z.object({
  askId,
  position: z.enum(positions as [Position, ...Position[]], {
    message: "Choose a stance or a recorded vote",
  }),
  confidence: z.enum(["low", "medium", "high"]).default("medium"),
});

/** The fields of a response, before the cross-field rules (kept apart so they can be reused). */
const responseFields = z.object({
  stateIso3: z.string().trim().toUpperCase().length(3, "Choose a state"),
  askIds: z.array(askId).min(1, "Choose at least one ask"),
  channel: z.enum(responseChannels, { message: "Choose how the response came" }),
  receivedOn: isoDay,
  responder: optionalText(responseLimits.responder),
  summary: z
    .string()
    .trim()
    .min(1, "Summarise the response")
    .max(responseLimits.summary, `Use at most ${responseLimits.summary} characters`),
  fullText: optionalText(responseLimits.fullText),
  visibility: z
    .enum(["public", "internal"], { message: "Choose public or internal" })
    .default("internal"),
  positionChange: positionChangeSchema.nullish(),
});

type ResponseFieldsOutput = z.output<typeof responseFields>;

// The position change must concern one of the asks the response answers.
function changeWithinAsks(
  value: Pick<ResponseFieldsOutput, "askIds" | "positionChange">,
  ctx: z.RefinementCtx,
) {
  const change = value.positionChange;
  if (change && !value.askIds.includes(change.askId)) {
    ctx.addIssue({
      code: "custom",
      path: ["positionChange", "askId"],
      message: "The position change must be on one of the asks answered",
    });
  }
}

/** What staff log: a state's answer on one or more of the campaign's asks. */
export const responseSchema = responseFields.superRefine(changeWithinAsks);
export type ResponseInput = z.input<typeof responseSchema>;
export type ParsedResponse = z.output<typeof responseSchema>;

/** Accepting a reply report: the state and the letter come from the report. */
export const acceptedResponseSchema = responseFields
  .omit({ stateIso3: true })
  .superRefine(changeWithinAsks);
export type AcceptedResponseInput = z.input<typeof acceptedResponseSchema>;

/** A rule the schema cannot check alone (an ask of another campaign, an unknown state). */
export class ResponseInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Form field names, for errors shown next to the right control. */
const formFieldFor: Record<string, string> = {
  "positionChange.askId": "changeAskId",
  "positionChange.position": "changePosition",
  "positionChange.confidence": "changeConfidence",
  positionChange: "changePosition",
};

export function fieldForIssuePath(path: readonly PropertyKey[]): string {
  const key = path.filter((p) => typeof p === "string").join(".");
  return formFieldFor[key] ?? String(path[0] ?? "form");
}

/**
 * The "log a response" form (or the review queue's accept form) as the schema's shape: several
 * `askIds` checkboxes, and a position change only when a position is chosen.
 */
export function responseFormInput(form: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const changePosition = text("changePosition");
  return {
    stateIso3: text("stateIso3") ?? "",
    askIds: form.getAll("askIds").filter((v) => typeof v === "string"),
    channel: text("channel") ?? "",
    receivedOn: text("receivedOn") ?? "",
    responder: text("responder"),
    summary: text("summary") ?? "",
    fullText: text("fullText"),
    visibility: text("visibility") || undefined,
    positionChange: changePosition
      ? {
          askId: text("changeAskId"),
          position: changePosition,
          confidence: text("changeConfidence") || undefined,
        }
      : null,
  };
}

/** Form values to show again after an error (several asks may be ticked). */
export interface ResponseFormValues {
  fields: Record<string, string>;
  askIds: string[];
}

export function responseFormValues(form: FormData): ResponseFormValues {
  return {
    fields: formFields(form, ["askIds"]),
    askIds: form.getAll("askIds").filter((v): v is string => typeof v === "string"),
  };
}

export function parseResponseForm<S extends z.ZodType>(
  schema: S,
  form: FormData,
): FormResult<z.output<S>> {
  const result = schema.safeParse(responseFormInput(form));
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) errors[fieldForIssuePath(issue.path)] ??= issue.message;
  return { ok: false, errors, values: responseFormValues(form).fields };
}

/**
 * Records a state's response and, when given, the position it shows, with the audit entries,
 * in one transaction: either all of it is stored or none.
 */
export async function logResponse(
  db: DbOrTx,
  actor: Actor,
  campaignId: number,
  input: ResponseInput,
): Promise<{ responseId: number; positionEventId: number | null }> {
  const parsed = responseSchema.parse(input);
  return db.transaction(async (tx) => {
    await assertStateExists(tx, parsed.stateIso3);
    return insertResponse(tx, actor, { ...parsed, campaignId, letterId: null });
  });
}

async function assertStateExists(tx: DbOrTx, iso3: string) {
  if (!(await getStateByIso3(tx, iso3)))
    throw new ResponseInputError("stateIso3", "Choose a state");
}

async function assertCampaignAsks(tx: DbOrTx, campaignId: number, askIds: readonly number[]) {
  const found = await tx
    .select({ id: asks.id })
    .from(asks)
    .where(and(eq(asks.campaignId, campaignId), inArray(asks.id, [...askIds])));
  if (found.length !== new Set(askIds).size)
    throw new ResponseInputError("askIds", "Choose asks of this campaign");
}

/** A retired ask keeps its history but takes no new positions. */
async function assertOpenAsk(tx: DbOrTx, askId: number) {
  const [ask] = await tx.select({ retiredAt: asks.retiredAt }).from(asks).where(eq(asks.id, askId));
  if (ask?.retiredAt)
    throw new ResponseInputError(
      "positionChange",
      "This ask is retired: it takes no new positions",
    );
}

/** Shared by logging and by accepting a reply report; call inside a transaction. */
export async function insertResponse(
  tx: DbOrTx,
  actor: Actor,
  input: ParsedResponse & { campaignId: number; letterId: number | null },
): Promise<{ responseId: number; positionEventId: number | null }> {
  const askIds = [...new Set(input.askIds)];
  await assertCampaignAsks(tx, input.campaignId, askIds);
  const [row] = await tx
    .insert(delegationResponses)
    .values({
      campaignId: input.campaignId,
      stateIso3: input.stateIso3,
      channel: input.channel,
      receivedOn: input.receivedOn,
      responder: input.responder ?? null,
      summary: input.summary,
      fullText: input.fullText ?? null,
      visibility: input.visibility,
      letterId: input.letterId,
      recordedBy: actor.kind === "staff" ? actor.userId : null,
    })
    .returning({ id: delegationResponses.id });
  if (!row) throw new Error("response was not stored");
  await tx.insert(responseAsks).values(askIds.map((id) => ({ responseId: row.id, askId: id })));
  if (input.positionChange) await assertOpenAsk(tx, input.positionChange.askId);
  const positionEventId = input.positionChange
    ? await recordChange(tx, actor, row.id, input, input.positionChange)
    : null;
  await recordAudit(tx, actor, {
    action: "delegation_response.create",
    entityType: "delegation_response",
    entityId: row.id,
    details: {
      campaignId: input.campaignId,
      state: input.stateIso3,
      askIds,
      channel: input.channel,
      visibility: input.visibility,
      letterId: input.letterId,
      positionEventId,
    },
  });
  return { responseId: row.id, positionEventId };
}

/** The observation a response shows: sourced by the response, with its visibility. */
async function recordChange(
  tx: DbOrTx,
  actor: Actor,
  responseId: number,
  response: ParsedResponse,
  change: NonNullable<ParsedResponse["positionChange"]>,
): Promise<number> {
  const event = positionEventSchema.parse({
    stateIso3: response.stateIso3,
    position: change.position,
    observedOn: response.receivedOn,
    sourceTitle: `Response: ${channelLabels[response.channel].toLowerCase()} of ${response.receivedOn}`,
    evidence: response.summary,
    confidence: change.confidence,
    visibility: response.visibility,
  });
  // A savepoint inside our transaction: it commits or rolls back with the response.
  const eventId = await recordPositionEvent(tx, actor, change.askId, event);
  await tx.update(positionEvents).set({ responseId }).where(eq(positionEvents.id, eventId));
  return eventId;
}

export interface ResponseSummary {
  id: number;
  stateIso3: string;
  stateName: string;
  channel: ResponseChannel;
  receivedOn: string;
  responder: string | null;
  summary: string;
  fullText: string | null;
  visibility: "public" | "internal";
  letterId: number | null;
  recordedBy: string | null;
  recordedAt: Date;
  asks: { id: number; slug: string; title: string }[];
  positionChanges: { askId: number; askTitle: string; position: Position }[];
}

/** A campaign's responses, newest first, optionally of one state, on one ask or by one channel. */
export async function listResponses(
  db: DbOrTx,
  options: {
    campaignId: number;
    stateIso3?: string;
    askId?: number;
    channel?: ResponseChannel;
    audience?: Audience;
  },
): Promise<ResponseSummary[]> {
  const rows = await db
    .select({
      id: delegationResponses.id,
      stateIso3: delegationResponses.stateIso3,
      stateName: states.name,
      channel: delegationResponses.channel,
      receivedOn: delegationResponses.receivedOn,
      responder: delegationResponses.responder,
      summary: delegationResponses.summary,
      fullText: delegationResponses.fullText,
      visibility: delegationResponses.visibility,
      letterId: delegationResponses.letterId,
      recordedBy: staffUsers.email,
      recordedAt: delegationResponses.recordedAt,
    })
    .from(delegationResponses)
    .innerJoin(states, eq(states.iso3, delegationResponses.stateIso3))
    .leftJoin(staffUsers, eq(staffUsers.id, delegationResponses.recordedBy))
    .where(
      and(
        eq(delegationResponses.campaignId, options.campaignId),
        options.stateIso3 ? eq(delegationResponses.stateIso3, options.stateIso3) : undefined,
        options.channel ? eq(delegationResponses.channel, options.channel) : undefined,
        options.askId
          ? sql`exists (select 1 from ${responseAsks} where ${responseAsks.responseId} = ${delegationResponses.id} and ${responseAsks.askId} = ${options.askId})`
          : undefined,
        options.audience === "public" ? eq(delegationResponses.visibility, "public") : undefined,
      ),
    )
    .orderBy(desc(delegationResponses.receivedOn), desc(delegationResponses.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [askRows, changeRows] = await Promise.all([
    db
      .select({
        responseId: responseAsks.responseId,
        id: asks.id,
        slug: asks.slug,
        title: asks.title,
      })
      .from(responseAsks)
      .innerJoin(asks, eq(asks.id, responseAsks.askId))
      .where(inArray(responseAsks.responseId, ids))
      .orderBy(asks.position, asks.id),
    db
      .select({
        responseId: positionEvents.responseId,
        askId: asks.id,
        askTitle: asks.title,
        position: positionEvents.position,
      })
      .from(positionEvents)
      .innerJoin(asks, eq(asks.id, positionEvents.askId))
      .where(and(isNotNull(positionEvents.responseId), inArray(positionEvents.responseId, ids)))
      .orderBy(positionEvents.id),
  ]);
  return rows.map((row) => ({
    ...row,
    asks: askRows
      .filter((a) => a.responseId === row.id)
      .map(({ id, slug, title }) => ({ id, slug, title })),
    positionChanges: changeRows
      .filter((c) => c.responseId === row.id)
      .map(({ askId, askTitle, position }) => ({ askId, askTitle, position })),
  }));
}

/** One state's responses for its timeline; the public sees only public ones. */
export async function responseTimeline(
  db: DbOrTx,
  options: { campaignId: number; stateIso3: string; audience: Audience },
): Promise<ResponseSummary[]> {
  return listResponses(db, {
    campaignId: options.campaignId,
    stateIso3: options.stateIso3,
    audience: options.audience,
  });
}
