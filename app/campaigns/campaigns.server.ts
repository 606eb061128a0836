import { asc, desc, eq, ne } from "drizzle-orm";
import { asks, campaigns } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";
import { timedCache } from "~/lib/timed-cache.server";

export async function hasCampaigns(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select({ id: campaigns.id }).from(campaigns).limit(1);
  return Boolean(row);
}

/** Campaigns the public may see: every one that is not a draft. */
export async function listPublicCampaigns(db: DbOrTx) {
  return db
    .select({
      slug: campaigns.slug,
      title: campaigns.title,
      summary: campaigns.summary,
      status: campaigns.status,
    })
    .from(campaigns)
    .where(ne(campaigns.status, "draft"))
    .orderBy(desc(campaigns.startsOn));
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
  return { ...campaign, asks: campaignAsks };
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
