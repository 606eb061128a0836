import { z } from "zod";
import { openAsks } from "~/campaigns/asks.server";
import type { CampaignStatus } from "~/campaigns/campaign-lifecycle";
import { type LocalizedText, localized } from "~/campaigns/campaign-translation";
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
  /** Set when the text is the campaign's own, untranslated: the language it is written in. */
  titleLang: string | null;
  descriptionLang: string | null;
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
  /** Set on a text shown untranslated: the campaign's default language, for `lang` and the note. */
  titleLang: string | null;
  summaryLang: string | null;
  publicTextLang: string | null;
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
  options: {
    onlyAsk?: string;
    canPreview?: () => Promise<boolean>;
    /** The page's language: its translation is shown where staff wrote one. */
    language?: string;
  } = {},
): Promise<{ campaign: PublicCampaign; asks: PublicAskPositions[] } | null> {
  const campaign = await getCampaignWithAsks(db, slug);
  if (!campaign) return null;
  if (campaign.status === "draft" && !(await options.canPreview?.())) return null;
  const wanted = options.onlyAsk;
  // Retired asks are off public pages.
  const open = openAsks(campaign.asks);
  const campaignAsks = wanted ? open.filter((ask) => ask.slug === wanted) : open;
  const stances = await loadPublicStances(db, campaignAsks);
  const page = options.language ?? campaign.defaultLanguage;
  const translation = campaign.translations[page];
  const shown = (own: string, translated: string | undefined) =>
    localized(own, translated, page, campaign.defaultLanguage);
  const title = shown(campaign.title, translation?.title);
  const summary = shown(campaign.summary, translation?.summary);
  const publicText = shown(campaign.publicText, translation?.publicText);
  const askTexts = (askId: number) => {
    const ask = campaign.asks.find((a) => a.id === askId);
    const t = translation?.asks.find((a) => a.askId === askId);
    return {
      title: shown(ask?.title ?? "", t?.title),
      description: shown(ask?.description ?? "", t?.description),
    };
  };
  return {
    campaign: {
      slug: campaign.slug,
      title: title.text,
      summary: summary.text,
      status: campaign.status,
      publicText: parsePublicText(publicText.text),
      titleLang: title.lang,
      summaryLang: summary.lang,
      publicTextLang: publicText.lang,
      takesLetters: campaign.status === "open",
      lettersSent: campaign.status === "closed" ? await sentLetterCount(db, campaign.id) : null,
    },
    asks: stances.map((s) => publicAsk(s, askTexts(s.ask.id))),
  };
}

function publicAsk(
  stances: PublicAskStances,
  texts: { title: LocalizedText; description: LocalizedText },
): PublicAskPositions {
  const { ask, tally, members, others, noInformation } = stances;
  const names = new Map([...(members ?? []), ...others].map((s) => [s.iso3, s.name]));
  return {
    slug: ask.slug,
    title: texts.title.text,
    description: texts.description.text,
    titleLang: texts.title.lang,
    descriptionLang: texts.description.lang,
    council: ask.bodyCode === "hrc" || ask.bodyCode === "unsc" ? ask.bodyCode : null,
    figures: tallyFigures(tally, names, { swing: false }),
    members,
    others,
    noInformation,
  };
}

/** Only the summary: what the campaign page shows of the asks after the first. */
export function askSummary({
  slug,
  title,
  description,
  titleLang,
  descriptionLang,
  council,
  figures,
}: PublicAskPositions) {
  return {
    slug,
    title,
    description,
    titleLang,
    descriptionLang,
    council,
    figures,
  } satisfies PublicAskSummary;
}
