import { eq } from "drizzle-orm";
import { campaigns } from "#db/schema";
import { cachedCampaignWithAsks } from "~/campaigns/campaigns.server";
import type { DbOrTx } from "~/lib/db.server";
import { cachedStates } from "~/states/states.server";
import { type Ask, composeLetter } from "./compose.server";
import { type SupporterLetterInput, supporterLetterSchema } from "./letter-form";
import { targetKindsFor } from "./targets";

/** A campaign open for letters, or null (unknown, draft, paused or closed). */
export async function openCampaign(db: DbOrTx, slug: string) {
  const campaign = await cachedCampaignWithAsks(db, slug);
  return campaign && campaign.status === "open" ? campaign : null;
}

export type OpenCampaign = NonNullable<Awaited<ReturnType<typeof openCampaign>>>;

/** The 193 member states, by English name, for the country select. */
export async function countryChoices(db: DbOrTx) {
  const states = await cachedStates(db);
  return states
    .filter((s) => s.unStatus === "member")
    .map((s) => ({ iso3: s.iso3, iso2: s.iso2, name: s.name }));
}

export type ValidatedLetter =
  | { ok: true; input: SupporterLetterInput; ask: Ask }
  | { ok: false; errors: Record<string, string> };

/** Checks what the supporter typed: the messages go next to the fields. */
export async function validateLetter(
  db: DbOrTx,
  campaign: OpenCampaign,
  values: Record<string, string>,
): Promise<ValidatedLetter> {
  const parsed = supporterLetterSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues)
      errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, errors };
  }
  const input = parsed.data;
  // A retired ask is off the form: a stale page or a crafted request cannot write on it.
  const ask = campaign.asks.find((a) => a.slug === input.ask && a.retiredAt === null);
  if (!ask) return { ok: false, errors: { ask: "Choose what you are asking for" } };
  if (!campaign.languages.includes(input.language))
    return { ok: false, errors: { language: "Choose one of the languages offered" } };
  const countries = await countryChoices(db);
  if (!countries.some((c) => c.iso3 === input.country))
    return { ok: false, errors: { country: "Choose your country" } };
  return { ok: true, input, ask };
}

export interface LetterPreview {
  subject: string;
  body: string;
  targetName: string;
  awaitingContact: boolean;
}

/** The letter the supporter would send to the first office, for them to check and edit. */
export async function previewLetter(
  db: DbOrTx,
  campaign: OpenCampaign,
  letter: { input: SupporterLetterInput; ask: Ask },
): Promise<LetterPreview> {
  const { input, ask } = letter;
  const [targetKind] = targetKindsFor(campaign.targetKinds, ask.decisionRule);
  const composed = await composeLetter(db, {
    campaign,
    ask,
    stateIso3: input.country,
    targetKind: targetKind ?? "ministry",
    author: input,
    variationSeed: `${input.email.toLowerCase()}:${ask.id}`,
  });
  return {
    subject: composed.subject,
    body: composed.body,
    targetName: composed.targetName,
    awaitingContact: !composed.contact,
  };
}

export async function campaignSlugById(db: DbOrTx, campaignId: number): Promise<string> {
  const [row] = await db
    .select({ slug: campaigns.slug })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  return row?.slug ?? "";
}
