import { and, eq } from "drizzle-orm";
import { type asks, type campaigns, stateContacts, states } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";
import { currentPositions } from "~/positions/positions.server";
import type { LetterLanguage } from "./letter-form";
import { formatLetterDate, renderLetter } from "./letter-template";
import { activeLetterTemplate } from "./letter-templates.server";
import { fallbackTarget, type TargetKind } from "./targets";

export type Campaign = typeof campaigns.$inferSelect;
export type Ask = typeof asks.$inferSelect;
export type Contact = typeof stateContacts.$inferSelect;

export interface ComposedLetter {
  targetKind: TargetKind;
  contact: Contact | null;
  targetName: string;
  subject: string;
  body: string;
  templateId: number | null;
  templateVersion: string;
}

export interface LetterAuthor {
  name: string;
  city: string;
  personalParagraph: string;
  language: LetterLanguage;
}

/**
 * Renders the letter for one target from the campaign's active template, with
 * the state's current public stance choosing thanks or persuasion.
 */
export async function composeLetter(
  db: DbOrTx,
  options: {
    campaign: Campaign;
    ask: Ask;
    stateIso3: string;
    targetKind: TargetKind;
    author: LetterAuthor;
    variationSeed: string;
    now?: Date;
  },
): Promise<ComposedLetter> {
  const { campaign, ask, stateIso3, targetKind, author } = options;
  const [state] = await db.select().from(states).where(eq(states.iso3, stateIso3));
  if (!state) throw new Error(`Unknown state ${stateIso3}`);
  const contact = await verifiedContact(db, stateIso3, targetKind);
  const stance =
    (await currentPositions(db, [ask.id], { audience: "public" })).get(ask.id)?.get(stateIso3)
      ?.position ?? "no_information";
  const template = await activeLetterTemplate(db, {
    campaignId: campaign.id,
    askId: ask.id,
    language: author.language,
    targetKind,
  });
  const fallback = fallbackTarget[targetKind][author.language] ?? fallbackTarget[targetKind].en;
  const targetName = contact?.name ?? fallback?.name ?? "";
  const rendered = renderLetter({
    subject: template.subject,
    body: template.body,
    openings: template.openings,
    closings: template.closings,
    variationSeed: options.variationSeed,
    variables: {
      supporter: { name: author.name, city: author.city },
      personalParagraph: author.personalParagraph,
      target: {
        name: targetName,
        salutation: contact?.salutations[author.language] ?? fallback?.salutation ?? "Excellency",
        kind: targetKind,
      },
      state: { name: state.names[author.language] ?? state.name, stance },
      ask: { title: ask.title, description: ask.description },
      campaign: { title: campaign.title },
      date: formatLetterDate(
        options.now ?? new Date(),
        author.language,
        contact?.timeZone ?? undefined,
      ),
      language: author.language,
    },
  });
  return {
    targetKind,
    contact,
    targetName,
    subject: rendered.subject,
    body: rendered.body,
    templateId: template.id,
    templateVersion: template.version,
  };
}

/** A contact counts once it has at least one e-mail address. */
export async function verifiedContact(
  db: DbOrTx,
  stateIso3: string,
  kind: TargetKind,
): Promise<Contact | null> {
  const [contact] = await db
    .select()
    .from(stateContacts)
    .where(and(eq(stateContacts.stateIso3, stateIso3), eq(stateContacts.kind, kind)));
  return contact && contact.emails.length > 0 ? contact : null;
}
