import { and, asc, count, eq, isNotNull, isNull, sql } from "drizzle-orm";
import {
  campaigns,
  embedOrigins,
  embedSources,
  letterSources,
  letters,
  supporters,
} from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import { csvLines } from "~/lib/csv-encoder";
import type { DbOrTx } from "~/lib/db.server";
import type { EmbedSettings } from "./embed-settings";

/** The partner sites and source codes of a campaign. */
export async function embedSettings(db: DbOrTx, campaignId: number): Promise<EmbedSettings> {
  const [origins, sources] = await Promise.all([
    db
      .select({ origin: embedOrigins.origin })
      .from(embedOrigins)
      .where(eq(embedOrigins.campaignId, campaignId))
      .orderBy(asc(embedOrigins.origin)),
    db
      .select({
        code: embedSources.code,
        partnerName: embedSources.partnerName,
        consentText: embedSources.consentText,
      })
      .from(embedSources)
      .where(eq(embedSources.campaignId, campaignId))
      .orderBy(asc(embedSources.code)),
  ]);
  return { origins: origins.map((o) => o.origin), sources };
}

/** Replaces both lists at once, audited (counts only: origins and names are not personal, but long). */
export async function saveEmbedSettings(
  db: DbOrTx,
  actor: Actor,
  campaignId: number,
  settings: EmbedSettings,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(embedOrigins).where(eq(embedOrigins.campaignId, campaignId));
    await tx.delete(embedSources).where(eq(embedSources.campaignId, campaignId));
    if (settings.origins.length > 0) {
      await tx
        .insert(embedOrigins)
        .values(settings.origins.map((origin) => ({ campaignId, origin })));
    }
    if (settings.sources.length > 0) {
      await tx
        .insert(embedSources)
        .values(settings.sources.map((source) => ({ campaignId, ...source })));
    }
    await recordAudit(tx, actor, {
      action: "campaign.embed_settings",
      entityType: "campaign",
      entityId: campaignId,
      details: {
        origins: settings.origins,
        sources: settings.sources.map((s) => s.code),
      },
    });
  });
}

/**
 * The origins that may frame this campaign's embed, for `frame-ancestors`:
 * none for a draft or an unknown slug (the page is a 404 there anyway).
 */
export async function frameAncestorsOf(db: DbOrTx, slug: string): Promise<string[]> {
  const rows = await db
    .select({ origin: embedOrigins.origin })
    .from(embedOrigins)
    .innerJoin(campaigns, eq(campaigns.id, embedOrigins.campaignId))
    .where(and(eq(campaigns.slug, slug), sql`${campaigns.status} <> 'draft'`))
    .orderBy(asc(embedOrigins.origin));
  return rows.map((r) => r.origin);
}

export interface SourceFigures {
  /** The `?source=` code, or null for letters attributed by origin only. */
  code: string | null;
  origin: string | null;
  letters: number;
  confirmed: number;
}

/**
 * Letters and confirmations per source (code, else framing origin) of a
 * campaign. A letter counts as confirmed once its confirmation time is set
 * (or at once, without confirm-before-send).
 */
export async function lettersPerSource(db: DbOrTx, campaignId: number): Promise<SourceFigures[]> {
  const rows = await db
    .select({
      code: letterSources.sourceCode,
      origin: sql<
        string | null
      >`case when ${letterSources.sourceCode} is null then ${letterSources.origin} end`,
      letters: count(),
      confirmed: count(letters.confirmedAt),
    })
    .from(letterSources)
    .innerJoin(letters, eq(letters.id, letterSources.letterId))
    .where(eq(letters.campaignId, campaignId))
    .groupBy(
      letterSources.sourceCode,
      sql`case when ${letterSources.sourceCode} is null then ${letterSources.origin} end`,
    )
    .orderBy(asc(letterSources.sourceCode));
  return rows;
}

/**
 * A partner's news list as CSV: the supporters who ticked its consent line and
 * confirmed their letter, not anonymised since (all partners' without a code,
 * with the code in a column). Personal data: admins only, and audited here.
 */
export async function partnerNewsListCsv(
  db: DbOrTx,
  actor: Actor,
  options: { campaignId: number; code: string | null },
): Promise<string> {
  const { campaignId, code } = options;
  return db.transaction(async (tx) => {
    const rows = await tx
      .selectDistinct({
        source: letterSources.sourceCode,
        name: supporters.name,
        email: supporters.email,
      })
      .from(letterSources)
      .innerJoin(letters, eq(letters.id, letterSources.letterId))
      .innerJoin(supporters, eq(supporters.id, letters.supporterId))
      .where(
        and(
          eq(letters.campaignId, campaignId),
          code === null ? isNotNull(letterSources.sourceCode) : eq(letterSources.sourceCode, code),
          eq(letterSources.newsConsent, true),
          isNotNull(letters.confirmedAt),
          isNotNull(supporters.email),
          isNull(supporters.anonymisedAt),
        ),
      )
      .orderBy(asc(letterSources.sourceCode), asc(supporters.email));
    await recordAudit(tx, actor, {
      action: "export.news_list",
      entityType: "campaign",
      entityId: campaignId,
      details: { source: code, rows: rows.length },
    });
    return csvLines([
      ["source", "name", "email"],
      ...rows.map((r) => [r.source, r.name, r.email] as const),
    ]);
  });
}
