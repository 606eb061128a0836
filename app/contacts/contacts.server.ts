import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { stateContacts, states } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import { todayUtc } from "~/positions/positions.server";
import { type ContactKind, contactKinds } from "./contact-kinds";
import {
  type ContactFields,
  type ContactRow,
  changedContactFields,
  contactSchemaFor,
  mergeContact,
} from "./contact-rules";

/** A complete contact; the verification date is checked against the current UTC day. */
export const contactSchema = contactSchemaFor(todayUtc);
export type ContactInput = z.input<typeof contactSchema>;

export type StateContact = typeof stateContacts.$inferSelect;

/**
 * Called inside the saving transaction whenever a contact with an address is
 * stored, so letters waiting for it (`awaiting_contact`) are released
 * atomically with it. A throw rolls the contact back too; what it resolves to is ignored.
 */
export type ContactAvailableHook = (
  tx: DbOrTx,
  contact: { stateIso3: string; kind: ContactKind; contactId: number },
) => Promise<unknown>;

export interface ContactSaveOptions {
  onContactAvailable?: ContactAvailableHook;
}

/** Creates or replaces the contact of a state and kind, recording who did it. */
export async function upsertContact(
  db: DbOrTx,
  actor: Actor,
  input: ContactInput,
  options: ContactSaveOptions = {},
): Promise<{ contact: StateContact; created: boolean }> {
  const contact = contactSchema.parse(input);
  return db.transaction(async (tx) => {
    const stored = await contactFor(tx, contact.stateIso3, contact.kind);
    const saved = await writeContact(tx, contact, options);
    await recordAudit(tx, actor, {
      action: stored ? "contact.update" : "contact.create",
      entityType: "state_contact",
      entityId: saved.id,
      details: {
        stateIso3: saved.stateIso3,
        kind: saved.kind,
        changed: changedContactFields(stored && contactFields(stored), contact),
      },
    });
    return { contact: saved, created: !stored };
  });
}

/**
 * Saves a contact as the staff form gives it. Left without a verifier, an
 * unchanged verification date keeps the stored one and a new date credits the actor.
 */
export async function saveContactRow(
  db: DbOrTx,
  actor: Actor,
  row: Omit<ContactRow, "line">,
  options: ContactSaveOptions = {},
): Promise<{ contact: StateContact; created: boolean }> {
  return db.transaction(async (tx) => {
    const stored = await contactFor(tx, row.stateIso3, row.kind);
    const contact = mergeContact(stored && contactFields(stored), row, verifierName(actor));
    return upsertContact(tx, actor, contact, options);
  });
}

/** Who is credited with verifying a contact when a row gives a date but no verifier. */
export function verifierName(actor: Actor): string {
  return actor.kind === "staff" ? actor.email : actor.kind;
}

/**
 * Stores a validated contact (no audit: callers record one for the whole
 * change) and, as the schema guarantees an address, makes it available.
 */
export async function writeContact(
  tx: DbOrTx,
  contact: ContactFields,
  options: ContactSaveOptions,
): Promise<StateContact> {
  const values = { ...contact, isDemo: false, updatedAt: new Date() };
  const [saved] = await tx
    .insert(stateContacts)
    .values(values)
    .onConflictDoUpdate({ target: [stateContacts.stateIso3, stateContacts.kind], set: values })
    .returning();
  if (!saved) throw new Error("contact was not stored");
  await options.onContactAvailable?.(tx, {
    stateIso3: saved.stateIso3,
    kind: saved.kind,
    contactId: saved.id,
  });
  return saved;
}

/** The fields a contact is compared and exported by. */
export function contactFields(contact: StateContact): ContactFields {
  const { stateIso3, kind, name, emails, salutations, language } = contact;
  const { timeZone, postalAddress, verifiedBy, verifiedOn } = contact;
  return {
    stateIso3,
    kind,
    name,
    emails,
    salutations,
    language,
    timeZone,
    postalAddress,
    verifiedBy,
    verifiedOn,
  };
}

export async function listContacts(
  db: DbOrTx,
  filter: { stateIso3?: string } = {},
): Promise<Array<StateContact & { stateName: string }>> {
  const rows = await db
    .select({ contact: stateContacts, stateName: states.name })
    .from(stateContacts)
    .innerJoin(states, eq(states.iso3, stateContacts.stateIso3))
    .where(
      filter.stateIso3 === undefined
        ? undefined
        : eq(stateContacts.stateIso3, filter.stateIso3.toUpperCase()),
    )
    .orderBy(asc(states.name), asc(stateContacts.kind));
  return rows.map(({ contact, stateName }) => ({ ...contact, stateName }));
}

/** The office letters of a state and kind go to, or null while there is none. */
export async function contactFor(
  db: DbOrTx,
  stateIso3: string,
  kind: ContactKind,
): Promise<StateContact | null> {
  const [contact] = await db
    .select()
    .from(stateContacts)
    .where(and(eq(stateContacts.stateIso3, stateIso3.toUpperCase()), eq(stateContacts.kind, kind)));
  return contact ?? null;
}

export async function deleteContact(db: DbOrTx, actor: Actor, contactId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(stateContacts)
      .where(eq(stateContacts.id, contactId))
      .returning({ stateIso3: stateContacts.stateIso3, kind: stateContacts.kind });
    if (!deleted) return false;
    await recordAudit(tx, actor, {
      action: "contact.delete",
      entityType: "state_contact",
      entityId: contactId,
      details: deleted,
    });
    return true;
  });
}

// ---------------------------------------------------------------------------
// Coverage: which states letters can reach

/** "unverified": nobody has checked it yet; "demo": example.org addresses, never real. */
type ContactStatus = "unverified" | "verified" | "demo";

export interface ContactSummary {
  id: number;
  name: string;
  emailCount: number;
  verifiedBy: string | null;
  verifiedOn: string | null;
  status: ContactStatus;
}

export interface StateCoverage {
  iso3: string;
  name: string;
  /** Null where the state has no contact of that kind: its letters wait. */
  contacts: Record<ContactKind, ContactSummary | null>;
  /** True when no kind (or not the filtered kind) has a verified contact. */
  missingVerified: boolean;
}

function contactStatus(contact: StateContact): ContactStatus {
  if (contact.isDemo) return "demo";
  return contact.verifiedOn ? "verified" : "unverified";
}

/**
 * Every state with its contacts per kind. `missingOnly` keeps the states
 * without a verified contact (of `kind` when given).
 */
export async function listContactCoverage(
  db: DbOrTx,
  filter: { kind?: ContactKind; missingOnly?: boolean } = {},
): Promise<StateCoverage[]> {
  const rows = await db
    .select({ iso3: states.iso3, name: states.name, contact: stateContacts })
    .from(states)
    .leftJoin(stateContacts, eq(stateContacts.stateIso3, states.iso3))
    .orderBy(asc(states.name), asc(stateContacts.kind));
  const byState = new Map<string, StateCoverage>();
  for (const { iso3, name, contact } of rows) {
    const coverage = byState.get(iso3) ?? {
      iso3,
      name,
      contacts: { ministry: null, geneva: null, new_york: null },
      missingVerified: true,
    };
    if (contact) coverage.contacts[contact.kind] = summary(contact);
    byState.set(iso3, coverage);
  }
  const kinds = filter.kind ? [filter.kind] : contactKinds;
  const coverage = [...byState.values()].map((state) => ({
    ...state,
    missingVerified: kinds.every((kind) => state.contacts[kind]?.status !== "verified"),
  }));
  return filter.missingOnly ? coverage.filter((state) => state.missingVerified) : coverage;
}

function summary(contact: StateContact): ContactSummary {
  return {
    id: contact.id,
    name: contact.name,
    emailCount: contact.emails.length,
    verifiedBy: contact.verifiedBy,
    verifiedOn: contact.verifiedOn,
    status: contactStatus(contact),
  };
}
