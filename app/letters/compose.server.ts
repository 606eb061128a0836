import { and, eq, sql } from "drizzle-orm";
import { type asks, type campaigns, stateContacts } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";
import type { Position } from "~/positions/stance";
import { formatLetterDate, renderLetter } from "~/templates/letter-template";
import {
  type ActiveLetterTemplate,
  activeLetterTemplate,
} from "~/templates/letter-templates.server";
import type { LetterLanguage } from "./letter-form";
import { fallbackTarget, type TargetKind } from "./targets";

export type Campaign = typeof campaigns.$inferSelect;
export type Ask = typeof asks.$inferSelect;
export type Contact = typeof stateContacts.$inferSelect;

export interface ComposedLetter {
  targetKind: TargetKind;
  contact: LetterContact | null;
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

/** The office a letter is addressed to, when it has a verified address. */
export type LetterContact = Pick<Contact, "id" | "name" | "emails" | "salutations" | "timeZone">;

/** Everything the letters of one submission are rendered from, read in one round trip. */
export interface LetterSources {
  campaign: Campaign;
  ask: Ask;
  state: { name: string; names: Record<string, string> };
  stance: Position;
  contacts: Map<TargetKind, LetterContact>;
  templates: Map<TargetKind, ActiveLetterTemplate>;
}

/**
 * Reads the state, its public stance on the ask, the offices' verified
 * contacts and the active templates. The queries are issued together, so on
 * a transaction they share one round trip. None of this is cached: staff edit
 * contacts, stances and templates at any moment, and a letter must not wait
 * for a contact that was just added.
 */
export async function gatherLetterSources(
  db: DbOrTx,
  options: {
    campaign: Campaign;
    ask: Ask;
    stateIso3: string;
    targetKinds: readonly TargetKind[];
    language: LetterLanguage;
  },
): Promise<LetterSources> {
  const { campaign, ask, stateIso3, targetKinds, language } = options;
  const [facts, ...templates] = await Promise.all([
    stateFacts(db, ask.id, stateIso3, targetKinds),
    ...targetKinds.map((targetKind) =>
      activeLetterTemplate(db, { campaignId: campaign.id, askId: ask.id, language, targetKind }),
    ),
  ]);
  const [first] = facts;
  if (!first) throw new Error(`Unknown state ${stateIso3}`);
  const contacts = new Map<TargetKind, LetterContact>();
  for (const fact of facts) {
    const contact = verifiedContactOf(fact);
    if (contact && fact.kind) contacts.set(fact.kind, contact);
  }
  return {
    campaign,
    ask,
    state: { name: first.name, names: first.names },
    stance: first.stance ?? "no_information",
    contacts,
    templates: new Map(
      targetKinds.flatMap((kind, i) => {
        const template = templates[i];
        return template ? [[kind, template] as const] : [];
      }),
    ),
  };
}

// A type, not an interface: execute() wants a record type.
type StateFact = {
  name: string;
  names: Record<string, string>;
  stance: Position | null;
  contact_id: number | null;
  kind: TargetKind | null;
  contact_name: string | null;
  emails: string[] | null;
  salutations: Record<string, string> | null;
  time_zone: string | null;
};

/**
 * The state with its latest public stance on the ask, one row per office of
 * `kinds` it has (or one without). Hand-written: on the letter form's hot path
 * the query builder cost more CPU than the query.
 */
function stateFacts(db: DbOrTx, askId: number, stateIso3: string, kinds: readonly TargetKind[]) {
  return db.execute<StateFact>(sql`
    select s.name, s.names,
      (select p.position from position_events p
        where p.ask_id = ${askId} and p.state_iso3 = s.iso3 and p.visibility = 'public'
        order by p.observed_on desc, p.id desc limit 1) as stance,
      c.id as contact_id, c.kind, c.name as contact_name, c.emails, c.salutations, c.time_zone
    from states s
      left join state_contacts c on c.state_iso3 = s.iso3 and c.kind in ${[...kinds]}
    where s.iso3 = ${stateIso3}`);
}

/** The office's contact from a fact row, when it has at least one address. */
function verifiedContactOf(fact: StateFact): LetterContact | null {
  if (fact.contact_id === null || !fact.emails || fact.emails.length === 0) return null;
  return {
    id: fact.contact_id,
    name: fact.contact_name ?? "",
    emails: fact.emails,
    salutations: fact.salutations ?? {},
    timeZone: fact.time_zone,
  };
}

/** Renders the letter for one target, with the state's stance choosing thanks or persuasion. */
export function composeFromSources(
  sources: LetterSources,
  options: { targetKind: TargetKind; author: LetterAuthor; variationSeed: string; now?: Date },
): ComposedLetter {
  const { campaign, ask, state } = sources;
  const { targetKind, author } = options;
  const template = sources.templates.get(targetKind);
  if (!template) throw new Error(`No template gathered for ${targetKind}`);
  const contact = sources.contacts.get(targetKind) ?? null;
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
      state: { name: state.names[author.language] ?? state.name, stance: sources.stance },
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

/** The letter for one target, read and rendered. */
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
  const sources = await gatherLetterSources(db, {
    campaign: options.campaign,
    ask: options.ask,
    stateIso3: options.stateIso3,
    targetKinds: [options.targetKind],
    language: options.author.language,
  });
  return composeFromSources(sources, options);
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
