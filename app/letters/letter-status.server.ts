import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { asks, letterStatus, letters, stateContacts, states, supporters } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";
import type { Ask, Campaign } from "./compose.server";
import type { LetterStatus } from "./letters.server";
import { suppressionCandidates } from "./suppression.server";
import type { TargetKind } from "./targets";

/**
 * Where a campaign's letters stand, for staff. Everything here except
 * `letterWithPersonalData` is aggregate or technical: no supporter's name,
 * address, paragraph or letter text, so viewers may see it.
 */

export const letterStatuses = letterStatus.enumValues;
export type StatusCounts = Record<LetterStatus, number>;

/** Filters from the page's address; an unknown value means "any". */
export const letterFilterQuerySchema = z.object({
  status: z.enum(letterStatuses).optional().catch(undefined),
  state: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .catch(undefined),
  ask: z.string().max(100).optional().catch(undefined),
  letter: z.coerce.number().int().positive().optional().catch(undefined),
});
export type LetterFilterQuery = z.infer<typeof letterFilterQuerySchema>;

export interface LetterFilter {
  askId?: number;
  stateIso3?: string;
  status?: LetterStatus;
}

function conditions(campaignId: number, filter: LetterFilter): SQL | undefined {
  return and(
    eq(letters.campaignId, campaignId),
    filter.askId === undefined ? undefined : eq(letters.askId, filter.askId),
    filter.stateIso3 === undefined ? undefined : eq(letters.stateIso3, filter.stateIso3),
    filter.status === undefined ? undefined : eq(letters.status, filter.status),
  );
}

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(letterStatuses.map((s) => [s, 0])) as StatusCounts;
}

export interface StateLetterCounts {
  iso3: string;
  name: string;
  counts: StatusCounts;
  total: number;
}

/**
 * Letters by status, overall and per state. The ask and state filters narrow
 * the counts; the status filter keeps the states that have letters in it.
 */
export async function letterCounts(db: DbOrTx, campaignId: number, filter: LetterFilter) {
  const rows = await db
    .select({
      iso3: letters.stateIso3,
      name: states.name,
      status: letters.status,
      count: sql<number>`count(*)::int`,
    })
    .from(letters)
    .innerJoin(states, eq(states.iso3, letters.stateIso3))
    .where(conditions(campaignId, { ...filter, status: undefined }))
    .groupBy(letters.stateIso3, states.name, letters.status)
    .orderBy(asc(states.name));
  const overall = emptyCounts();
  const byState = new Map<string, StateLetterCounts>();
  for (const row of rows) {
    overall[row.status] += row.count;
    let state = byState.get(row.iso3);
    if (!state) {
      state = { iso3: row.iso3, name: row.name, counts: emptyCounts(), total: 0 };
      byState.set(row.iso3, state);
    }
    state.counts[row.status] += row.count;
    state.total += row.count;
  }
  const total = Object.values(overall).reduce((sum, n) => sum + n, 0);
  const status = filter.status;
  const statesShown = [...byState.values()].filter((s) => !status || s.counts[status] > 0);
  return { overall, total, byState: statesShown };
}

/** The states that have letters in this campaign, for the filter. */
export async function statesWithLetters(db: DbOrTx, campaignId: number) {
  return db
    .selectDistinct({ iso3: states.iso3, name: states.name })
    .from(letters)
    .innerJoin(states, eq(states.iso3, letters.stateIso3))
    .where(eq(letters.campaignId, campaignId))
    .orderBy(asc(states.name));
}

export interface LetterSummary {
  id: number;
  stateIso3: string;
  stateName: string;
  askTitle: string;
  targetKind: TargetKind;
  status: LetterStatus;
  createdAt: string;
  sentAt: string | null;
  failureReason: string | null;
}

/** The newest letters, technical fields only. */
export async function latestLetters(
  db: DbOrTx,
  campaignId: number,
  filter: LetterFilter,
  limit = 100,
): Promise<LetterSummary[]> {
  const rows = await db
    .select({
      id: letters.id,
      stateIso3: letters.stateIso3,
      stateName: states.name,
      askTitle: asks.title,
      targetKind: letters.targetKind,
      status: letters.status,
      createdAt: letters.createdAt,
      sentAt: letters.sentAt,
      failureReason: letters.failureReason,
    })
    .from(letters)
    .innerJoin(states, eq(states.iso3, letters.stateIso3))
    .innerJoin(asks, eq(asks.id, letters.askId))
    .where(conditions(campaignId, filter))
    .orderBy(desc(letters.id))
    .limit(limit);
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  }));
}

/**
 * One letter with its text and the supporter's contact details. Personal data:
 * callers must have checked that the user is an admin.
 */
export async function letterWithPersonalData(db: DbOrTx, campaignId: number, letterId: number) {
  const [row] = await db
    .select({
      letter: letters,
      stateName: states.name,
      askTitle: asks.title,
      contactName: stateContacts.name,
      supporter: { name: supporters.name, email: supporters.email, city: supporters.city },
    })
    .from(letters)
    .innerJoin(states, eq(states.iso3, letters.stateIso3))
    .innerJoin(asks, eq(asks.id, letters.askId))
    .leftJoin(stateContacts, eq(stateContacts.id, letters.contactId))
    .leftJoin(supporters, eq(supporters.id, letters.supporterId))
    .where(and(eq(letters.campaignId, campaignId), eq(letters.id, letterId)));
  if (!row) return null;
  const { letter } = row;
  return {
    id: letter.id,
    stateName: row.stateName,
    askTitle: row.askTitle,
    targetKind: letter.targetKind,
    contactName: row.contactName,
    status: letter.status,
    language: letter.language,
    subject: letter.subject,
    body: letter.body,
    personalParagraph: letter.personalParagraph,
    createdAt: letter.createdAt.toISOString(),
    sentAt: letter.sentAt?.toISOString() ?? null,
    scrubbedAt: letter.scrubbedAt?.toISOString() ?? null,
    failureReason: letter.failureReason,
    // Null once the supporter deleted their data.
    supporter: letter.supporterId === null ? null : row.supporter,
  };
}

/**
 * Everything the staff letters page shows. The letter's text and the
 * supporter's contact details only come with `withPersonalData` (admins).
 */
export async function loadLetterStatus(
  db: DbOrTx,
  campaign: Campaign & { asks: Ask[] },
  query: LetterFilterQuery,
  options: { withPersonalData: boolean },
) {
  const ask = campaign.asks.find((a) => a.slug === query.ask);
  const filter: LetterFilter = { askId: ask?.id, stateIso3: query.state, status: query.status };
  const [counts, latest, stateChoices, candidates, detail] = await Promise.all([
    letterCounts(db, campaign.id, filter),
    latestLetters(db, campaign.id, filter),
    statesWithLetters(db, campaign.id),
    suppressionCandidates(db, campaign),
    options.withPersonalData && query.letter !== undefined
      ? letterWithPersonalData(db, campaign.id, query.letter)
      : null,
  ]);
  return {
    filter: { status: query.status ?? "", state: query.state ?? "", ask: ask?.slug ?? "" },
    counts,
    latest,
    states: stateChoices,
    candidates,
    detail,
  };
}
