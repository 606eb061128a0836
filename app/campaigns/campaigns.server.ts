import { and, asc, count, desc, eq, gt, inArray, or } from "drizzle-orm";
import { asks, campaigns, campaignTranslations, letters } from "#db/schema";
import { hashSecretToken } from "~/auth/secret-token.server";
import type { DbOrTx } from "~/lib/db.server";
import { timedCache } from "~/lib/timed-cache.server";
import { getStateByIso3 } from "~/states/states.server";
import { localized } from "./campaign-translation";
import { readCampaignTranslations } from "./campaign-translations.server";

export async function hasCampaigns(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select({ id: campaigns.id }).from(campaigns).limit(1);
  return Boolean(row);
}

/** How long a closed campaign stays on the home page; its own page stays for good. */
const recentlyClosedDays = 365;

/**
 * The home page's list: open and paused campaigns, and those closed in the last year, each
 * with its title and summary in `language` where staff translated them (else marked `*Lang`).
 */
export async function listPublicCampaigns(db: DbOrTx, language: string, now = new Date()) {
  const closedSince = new Date(now.getTime() - recentlyClosedDays * 86_400_000);
  const rows = await db
    .select({
      slug: campaigns.slug,
      title: campaigns.title,
      summary: campaigns.summary,
      status: campaigns.status,
      defaultLanguage: campaigns.defaultLanguage,
      translatedTitle: campaignTranslations.title,
      translatedSummary: campaignTranslations.summary,
    })
    .from(campaigns)
    .leftJoin(
      campaignTranslations,
      and(
        eq(campaignTranslations.campaignId, campaigns.id),
        eq(campaignTranslations.language, language),
      ),
    )
    .where(
      or(
        inArray(campaigns.status, ["open", "paused"]),
        and(eq(campaigns.status, "closed"), gt(campaigns.statusChangedAt, closedSince)),
      ),
    )
    .orderBy(asc(campaigns.status), desc(campaigns.startsOn));
  return rows.map(({ translatedTitle, translatedSummary, defaultLanguage, ...row }) => {
    const title = localized(row.title, translatedTitle ?? undefined, language, defaultLanguage);
    const summary = localized(
      row.summary,
      translatedSummary ?? undefined,
      language,
      defaultLanguage,
    );
    return {
      ...row,
      title: title.text,
      titleLang: title.lang,
      summary: summary.text,
      summaryLang: summary.lang,
    };
  });
}

/** Letters delivered to governments: the closed campaign's public record. */
export async function sentLetterCount(db: DbOrTx, campaignId: number): Promise<number> {
  const [row] = await db
    .select({ sent: count() })
    .from(letters)
    .where(and(eq(letters.campaignId, campaignId), eq(letters.status, "sent")));
  return row?.sent ?? 0;
}

export async function listCampaigns(db: DbOrTx) {
  return db.select().from(campaigns).orderBy(desc(campaigns.startsOn));
}

export async function getCampaignWithAsks(db: DbOrTx, slug: string) {
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.slug, slug));
  if (!campaign) return null;
  const campaignAsks = await db
    .select()
    .from(asks)
    .where(eq(asks.campaignId, campaign.id))
    .orderBy(asc(asks.position), asc(asks.id));
  const translations = await readCampaignTranslations(
    db,
    campaign.id,
    campaignAsks.map((ask) => ask.id),
  );
  return { ...campaign, asks: campaignAsks, translations };
}

/**
 * The campaign with its asks as supporters' requests read it: kept for a few
 * seconds, since every letter needs it. Staff edits in this process forget it
 * at once (`forgetCachedCampaigns`); other processes see them within 5 s.
 */
const campaignsWithAsks = timedCache(5_000, getCampaignWithAsks);

export function cachedCampaignWithAsks(db: DbOrTx, slug: string) {
  return campaignsWithAsks.get(db, slug);
}

export function forgetCachedCampaigns(): void {
  campaignsWithAsks.forget();
}

/** The campaign with its asks, or a 404 response for the route to throw. */
export async function requireCampaign(db: DbOrTx, slug: string | undefined) {
  const campaign = await getCampaignWithAsks(db, slug ?? "");
  if (!campaign) throw new Response("There is no campaign at this address.", { status: 404 });
  return campaign;
}

/** A campaign and a member state for a page about that state, or a 404 response. */
export async function requireCampaignAndState(
  db: DbOrTx,
  slug: string | undefined,
  iso3: string | undefined,
) {
  const [campaign, state] = await Promise.all([
    requireCampaign(db, slug),
    getStateByIso3(db, iso3 ?? ""),
  ]);
  if (!state) throw new Response("There is no such member state.", { status: 404 });
  return { campaign, state };
}

/**
 * The closed campaign a confirmation link belongs to, when its letter was
 * never confirmed: the link's page explains instead of offering to send.
 */
export async function closedCampaignOfConfirmation(db: DbOrTx, token: string) {
  const [row] = await db
    .select({ slug: campaigns.slug, title: campaigns.title })
    .from(letters)
    .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
    .where(
      and(
        eq(letters.confirmTokenHash, hashSecretToken(token)),
        eq(letters.status, "awaiting_confirmation"),
        eq(campaigns.status, "closed"),
      ),
    )
    .limit(1);
  return row ?? null;
}
