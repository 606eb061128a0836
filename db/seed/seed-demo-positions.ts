import { readFileSync } from "node:fs";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "~/lib/db.server";
import { asks, campaigns, positionEvents, states } from "../schema";
import { demoCampaignSlug } from "./seed-demo";

/**
 * The Human Rights Council's special sessions on Iran as published (db/seed/hrc-special-
 * sessions-iran.json, a copy of shared/reference): who requested them, when, and the sources.
 */
const iso2 = z.string().length(2);
const sessionsSchema = z.object({
  sessions: z.array(
    z.object({
      name: z.string(),
      date: z.iso.date(),
      request: z.object({
        submitted: z.iso.date(),
        member_supporters: z.array(iso2).optional(),
        observer_supporters: z.array(iso2).optional(),
        supporter_counts: z.object({ members: z.number(), observers: z.number() }).optional(),
        list_status: z.string().optional(),
        sources: z.array(z.string()),
      }),
    }),
  ),
  sources: z.array(z.object({ id: z.string(), title: z.string(), url: z.url() })),
});

export type HrcSpecialSessions = z.infer<typeof sessionsSchema>;

export function loadHrcSpecialSessions(): HrcSpecialSessions {
  const path = new URL("./hrc-special-sessions-iran.json", import.meta.url);
  return sessionsSchema.parse(JSON.parse(readFileSync(path, "utf8")));
}

/** The January 2026 session: the one the demo campaign's special session ask is about. */
export const demoSessionDate = "2026-01-23";

/**
 * The demo's special session ask gets the real request of January 2026: each Council member and
 * observer state that supported it, as "supports" on the day the request was submitted, with the
 * OHCHR announcement as the source. Nothing else is seeded: the other asks stay "no information"
 * because no published record of states' positions on them is in the reference. Runs once: an
 * ask that already has observations is left alone.
 */
export async function seedDemoPositions(db: DbOrTx): Promise<{ created: number }> {
  const reference = loadHrcSpecialSessions();
  const session = reference.sessions.find((s) => s.date === demoSessionDate);
  if (!session) throw new Error(`no special session on ${demoSessionDate} in the reference`);
  const { request } = session;
  const source = reference.sources.find((s) => s.id === request.sources[0]);
  if (!source) throw new Error(`source ${request.sources[0]} is not in the reference`);
  return db.transaction(async (tx) => {
    const [ask] = await tx
      .select({ id: asks.id })
      .from(asks)
      .innerJoin(campaigns, eq(campaigns.id, asks.campaignId))
      .where(and(eq(campaigns.slug, demoCampaignSlug), eq(asks.slug, "hrc-special-session")));
    if (!ask) return { created: 0 };
    const [seeded] = await tx
      .select({ id: positionEvents.id })
      .from(positionEvents)
      .where(eq(positionEvents.askId, ask.id))
      .limit(1);
    if (seeded) return { created: 0 };
    const supporters = [
      ...(request.member_supporters ?? []).map((code) => ({ code, as: "Council member" })),
      ...(request.observer_supporters ?? []).map((code) => ({ code, as: "observer state" })),
    ];
    const known = await tx
      .select({ iso2: states.iso2, iso3: states.iso3 })
      .from(states)
      .where(
        inArray(
          states.iso2,
          supporters.map((s) => s.code),
        ),
      );
    const iso3Of = new Map(known.map((state) => [state.iso2, state.iso3]));
    const rows = supporters.map(({ code, as }) => {
      const stateIso3 = iso3Of.get(code);
      if (!stateIso3) throw new Error(`state ${code} of the reference is not in the states table`);
      return {
        askId: ask.id,
        stateIso3,
        position: "supports" as const,
        observedOn: request.submitted,
        sourceUrl: source.url,
        sourceTitle: source.title,
        evidence:
          `Listed as a supporting ${as} of the request for the ${session.name} ` +
          `(submitted ${request.submitted}; ${request.list_status ?? "published list"}).`,
        confidence: "high" as const,
        visibility: "public" as const,
      };
    });
    if (rows.length > 0) await tx.insert(positionEvents).values(rows);
    return { created: rows.length };
  });
}
