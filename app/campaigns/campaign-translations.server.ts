import { and, eq, inArray } from "drizzle-orm";
import { askTranslations, campaignTranslations } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import { type PublicLanguage, publicLanguages } from "~/i18n/languages";
import type { DbOrTx } from "~/lib/db.server";
import {
  campaignInLanguage,
  completeness,
  isEmptyTranslation,
  type TranslationTexts,
} from "./campaign-translation";
import { forgetCachedCampaigns } from "./campaigns.server";

/** Every language's texts of the campaign, one entry per ask given (empty where not written). */
export async function readCampaignTranslations(
  db: DbOrTx,
  campaignId: number,
  askIds: readonly number[],
): Promise<Record<string, TranslationTexts>> {
  const [own, ofAsks] = await Promise.all([
    db.select().from(campaignTranslations).where(eq(campaignTranslations.campaignId, campaignId)),
    askIds.length === 0
      ? Promise.resolve([])
      : db
          .select()
          .from(askTranslations)
          .where(inArray(askTranslations.askId, [...askIds])),
  ]);
  const languages = new Set([...own.map((t) => t.language), ...ofAsks.map((t) => t.language)]);
  const result: Record<string, TranslationTexts> = {};
  for (const language of languages) {
    const campaign = own.find((t) => t.language === language);
    result[language] = {
      title: campaign?.title ?? "",
      summary: campaign?.summary ?? "",
      publicText: campaign?.publicText ?? "",
      asks: askIds.map((askId) => {
        const ask = ofAsks.find((t) => t.askId === askId && t.language === language);
        return { askId, title: ask?.title ?? "", description: ask?.description ?? "" };
      }),
    };
  }
  return result;
}

/** The campaign's title and one ask's texts in `language`, where staff translated them (e-mails). */
export async function campaignAndAskIn(
  db: DbOrTx,
  campaign: { id: number; title: string; summary: string; defaultLanguage: string },
  ask: { id: number; title: string; description: string },
  language: string,
) {
  const translations = await readCampaignTranslations(db, campaign.id, [ask.id]);
  const shown = campaignInLanguage({ ...campaign, translations, asks: [ask] }, language);
  const [askShown = ask] = shown.asks;
  return {
    campaign: { title: shown.title },
    ask: { title: askShown.title, description: askShown.description },
  };
}

/**
 * Replaces one language's texts of a campaign and its asks, audited with
 * before and after, all in one transaction. Empty texts delete the language.
 * `texts.asks` must be asks of this campaign (the form is built from them).
 */
export async function saveCampaignTranslation(
  db: DbOrTx,
  actor: Actor,
  campaign: { id: number; asks: { id: number }[] },
  language: PublicLanguage,
  texts: TranslationTexts,
): Promise<void> {
  const askIds = campaign.asks.map((ask) => ask.id);
  const foreign = texts.asks.find((ask) => !askIds.includes(ask.askId));
  if (foreign) throw new Error(`ask ${foreign.askId} is not in campaign ${campaign.id}`);
  await db.transaction(async (tx) => {
    const before = (await readCampaignTranslations(tx, campaign.id, askIds))[language] ?? null;
    await tx
      .delete(campaignTranslations)
      .where(
        and(
          eq(campaignTranslations.campaignId, campaign.id),
          eq(campaignTranslations.language, language),
        ),
      );
    if (askIds.length > 0) {
      await tx
        .delete(askTranslations)
        .where(and(inArray(askTranslations.askId, askIds), eq(askTranslations.language, language)));
    }
    const empty = isEmptyTranslation(texts);
    if (!empty) {
      await tx.insert(campaignTranslations).values({
        campaignId: campaign.id,
        language,
        title: texts.title,
        summary: texts.summary,
        publicText: texts.publicText,
      });
      const written = texts.asks.filter((ask) => ask.title || ask.description);
      if (written.length > 0) {
        await tx.insert(askTranslations).values(written.map((ask) => ({ ...ask, language })));
      }
    }
    await recordAudit(tx, actor, {
      action: empty ? "campaign.translation.delete" : "campaign.translation.save",
      entityType: "campaign",
      entityId: campaign.id,
      details: { language, before, after: empty ? null : texts },
    });
  });
  forgetCachedCampaigns();
}

/** A copied campaign starts with the earlier one's translations, on the copied asks. */
export async function copyCampaignTranslations(
  tx: DbOrTx,
  fromId: number,
  toId: number,
  askIds: Map<number, number>,
): Promise<number> {
  const own = await tx
    .select()
    .from(campaignTranslations)
    .where(eq(campaignTranslations.campaignId, fromId));
  if (own.length > 0) {
    await tx
      .insert(campaignTranslations)
      .values(own.map(({ id: _, updatedAt: __, ...t }) => ({ ...t, campaignId: toId })));
  }
  if (askIds.size > 0) {
    const ofAsks = await tx
      .select()
      .from(askTranslations)
      .where(inArray(askTranslations.askId, [...askIds.keys()]));
    if (ofAsks.length > 0) {
      await tx
        .insert(askTranslations)
        .values(
          ofAsks.map(({ id: _, askId, ...t }) => ({ ...t, askId: askIds.get(askId) ?? askId })),
        );
    }
  }
  return own.length;
}

/** What the staff translation page shows: the campaign's own texts, one language's, and progress. */
export function translationOverview(
  campaign: {
    title: string;
    summary: string;
    publicText: string;
    defaultLanguage: string;
    asks: { id: number; title: string; description: string; retiredAt: Date | null }[];
    translations: Record<string, TranslationTexts>;
  },
  language: PublicLanguage,
) {
  const own = {
    title: campaign.title,
    summary: campaign.summary,
    publicText: campaign.publicText,
    asks: campaign.asks.map((ask) => ({
      askId: ask.id,
      title: ask.title,
      description: ask.description,
    })),
  };
  const empty = (): TranslationTexts => ({
    title: "",
    summary: "",
    publicText: "",
    asks: own.asks.map((ask) => ({ askId: ask.askId, title: "", description: "" })),
  });
  const progress = publicLanguages
    .filter((l) => l !== campaign.defaultLanguage)
    .map((l) => ({ language: l, ...completeness(own, campaign.translations[l] ?? empty()) }));
  return { own, translation: campaign.translations[language] ?? empty(), progress };
}
