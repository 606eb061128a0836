import { and, eq } from "drizzle-orm";
import { campaigns, stateContacts } from "#db/schema";
import { cachedCampaignWithAsks } from "~/campaigns/campaigns.server";
import type { DbOrTx } from "~/lib/db.server";
import { cachedStates } from "~/states/states.server";
import { type Ask, composeLetter } from "./compose.server";
import { type LetterLanguage, letterLanguages } from "./letter-form";
import { chooseLetterLanguage } from "./letter-language";
import { type SupporterLetterInput, supporterLetterSchema } from "./letter-schema";
import { type TargetKind, targetKindsFor } from "./targets";

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
  const fields = parsed.data;
  // A retired ask is off the form: a stale page or a crafted request cannot write on it.
  const ask = campaign.asks.find((a) => a.slug === fields.ask && a.retiredAt === null);
  if (!ask) return { ok: false, errors: { ask: "Choose what you are asking for" } };
  const available = campaignLetterLanguages(campaign);
  if (fields.language !== "" && !available.includes(fields.language))
    return { ok: false, errors: { language: "Choose one of the languages offered" } };
  const [targetKind = "ministry"] = targetKindsFor(campaign.targetKinds, ask.decisionRule);
  const [countries, contactLanguage] = await Promise.all([
    countryChoices(db),
    officeLanguage(db, fields.country, targetKind),
  ]);
  if (!countries.some((c) => c.iso3 === fields.country))
    return { ok: false, errors: { country: "Choose your country" } };
  const language = chooseLetterLanguage({
    requested: fields.language,
    contactLanguage,
    stateIso3: fields.country,
    available,
  });
  return { ok: true, input: { ...fields, language }, ask };
}

/** The campaign's letter languages that have templates, in the staff pages' order. */
export function campaignLetterLanguages(campaign: { languages: readonly string[] }) {
  return letterLanguages.filter((language) => campaign.languages.includes(language));
}

/** The language the office a letter goes to works in, from its contact, if it has one. */
async function officeLanguage(
  db: DbOrTx,
  stateIso3: string,
  kind: TargetKind,
): Promise<string | null> {
  const [contact] = await db
    .select({ language: stateContacts.language })
    .from(stateContacts)
    .where(and(eq(stateContacts.stateIso3, stateIso3), eq(stateContacts.kind, kind)));
  return contact?.language ?? null;
}

export interface LetterPreview {
  subject: string;
  body: string;
  targetName: string;
  awaitingContact: boolean;
  /** The language the letter is written in (it may not be the page's). */
  language: LetterLanguage;
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
    language: input.language,
  };
}

export async function campaignSlugById(db: DbOrTx, campaignId: number): Promise<string> {
  const [row] = await db
    .select({ slug: campaigns.slug })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  return row?.slug ?? "";
}
