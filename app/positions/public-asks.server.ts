import { z } from "zod";
import { openAsks } from "~/campaigns/asks.server";
import type { CampaignStatus } from "~/campaigns/campaign-lifecycle";
import { getCampaignWithAsks, sentLetterCount } from "~/campaigns/campaigns.server";
import { type PublicTextParagraph, parsePublicText } from "~/campaigns/public-text";
import type { DbOrTx } from "~/lib/db.server";
import { type TallyFigures, tallyFigures } from "./tracker";
import { loadPublicStances, type PublicAskStances, type PublicStance } from "./tracker.server";

/** A campaign or ask slug in a public URL, checked before any query (a NUL byte breaks SQL). */
export const publicSlug = z.string().regex(/^[\w-]{1,200}$/);

/** An ask as a public page summarises it: its tally, in words and bars. */
export interface PublicAskSummary {
  slug: string;
  title: string;
  description: string;
  /** The council whose members are counted; the page names it in its language. */
  council: "hrc" | "unsc" | null;
  figures: TallyFigures;
}

/** An ask with the public positions behind its tally: what its map and table show. */
export interface PublicAskPositions extends PublicAskSummary {
  members: PublicStance[] | null;
  others: PublicStance[];
  noInformation: number;
}

export interface PublicCampaign {
  slug: string;
  title: string;
  summary: string;
  status: CampaignStatus;
  publicText: PublicTextParagraph[];
  takesLetters: boolean;
  /** How many letters went out, once the campaign is closed. */
  lettersSent: number | null;
}

/**
 * A campaign as the public sees it, from public observations only (an internal one must not show,
 * not even in a count): every ask (or only `onlyAsk`) with its positions. Null for an unknown
 * campaign, and for a draft unless `canPreview` (asked only then: signed-in staff) says yes.
 */
export async function publicCampaignAsks(
  db: DbOrTx,
  slug: string,
  options: { onlyAsk?: string; canPreview?: () => Promise<boolean> } = {},
): Promise<{ campaign: PublicCampaign; asks: PublicAskPositions[] } | null> {
  const campaign = await getCampaignWithAsks(db, slug);
  if (!campaign) return null;
  if (campaign.status === "draft" && !(await options.canPreview?.())) return null;
  const wanted = options.onlyAsk;
  // Retired asks are off public pages.
  const open = openAsks(campaign.asks);
  const campaignAsks = wanted ? open.filter((ask) => ask.slug === wanted) : open;
  const stances = await loadPublicStances(db, campaignAsks);
  return {
    campaign: {
      slug: campaign.slug,
      title: campaign.title,
      summary: campaign.summary,
      status: campaign.status,
      publicText: parsePublicText(campaign.publicText),
      takesLetters: campaign.status === "open",
      lettersSent: campaign.status === "closed" ? await sentLetterCount(db, campaign.id) : null,
    },
    asks: stances.map(publicAsk),
  };
}

function publicAsk(stances: PublicAskStances): PublicAskPositions {
  const { ask, tally, members, others, noInformation } = stances;
  const names = new Map([...(members ?? []), ...others].map((s) => [s.iso3, s.name]));
  return {
    slug: ask.slug,
    title: ask.title,
    description: ask.description,
    council: ask.bodyCode === "hrc" || ask.bodyCode === "unsc" ? ask.bodyCode : null,
    figures: tallyFigures(tally, names, { swing: false }),
    members,
    others,
    noInformation,
  };
}

/** Only the summary: what the campaign page shows of the asks after the first. */
export function askSummary({ slug, title, description, council, figures }: PublicAskPositions) {
  return { slug, title, description, council, figures } satisfies PublicAskSummary;
}
