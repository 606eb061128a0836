import { inArray } from "drizzle-orm";
import { stateContacts } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import { todayUtc } from "~/positions/positions.server";
import { stateResolverFromSeed } from "~/states/state-resolver";
import {
  type ContactCsvError,
  type ContactCsvOptions,
  type ContactCsvResult,
  formatContactCsv,
  parseContactCsv,
  parseContactList,
} from "./contact-csv.server";
import type { ContactKind } from "./contact-kinds";
import {
  type ContactFields,
  type ContactRow,
  changedContactFields,
  mergeContact,
} from "./contact-rules";
import {
  type ContactSaveOptions,
  contactFields,
  listContacts,
  verifierName,
  writeContact,
} from "./contacts.server";

type ContactImportOutcome = "created" | "updated" | "unchanged";

export interface ContactImportRow {
  line: number;
  stateIso3: string;
  stateName: string;
  kind: ContactKind;
  outcome: ContactImportOutcome;
  /** The fields an update changes; empty for created and unchanged contacts. */
  changed: string[];
}

export interface ContactImportReport {
  dryRun: boolean;
  applied: boolean;
  rows: ContactImportRow[];
  errors: ContactCsvError[];
}

export interface ContactImportOptions extends ContactSaveOptions {
  dryRun: boolean;
  /** YYYY-MM-DD; verification dates cannot be later. Defaults to the current UTC day. */
  today?: string;
}

/**
 * Checks a contacts CSV against the stored contacts and, unless it is a dry
 * run or any row has an error, saves every changed contact in one
 * transaction: all or nothing.
 */
export async function importContacts(
  db: DbOrTx,
  actor: Actor,
  text: string,
  options: ContactImportOptions,
): Promise<ContactImportReport> {
  const parsed = parseContactCsv(text, parseOptions(options));
  return applyContactRows(db, actor, parsed, options);
}

/** The same for the API's JSON items; `line` in the report is the item's position from 1. */
export async function importContactList(
  db: DbOrTx,
  actor: Actor,
  items: readonly unknown[],
  options: ContactImportOptions,
): Promise<ContactImportReport> {
  const parsed = parseContactList(items, parseOptions(options));
  return applyContactRows(db, actor, parsed, options);
}

/** Every contact as CSV, in the form `importContacts` reads back as unchanged. */
export async function exportContactsCsv(db: DbOrTx): Promise<string> {
  const contacts = await listContacts(db);
  return formatContactCsv(contacts.map(contactFields));
}

function parseOptions(options: ContactImportOptions): ContactCsvOptions {
  return { resolveState: stateResolverFromSeed(), today: options.today ?? todayUtc() };
}

type PlannedContact = {
  row: ContactRow;
  contact: ContactFields;
  outcome: ContactImportOutcome;
  changed: string[];
};

async function applyContactRows(
  db: DbOrTx,
  actor: Actor,
  parsed: ContactCsvResult,
  options: ContactImportOptions,
): Promise<ContactImportReport> {
  const verifier = verifierName(actor);
  const report = (plan: PlannedContact[], applied: boolean): ContactImportReport => ({
    dryRun: options.dryRun,
    applied,
    rows: plan.map(reportRow),
    errors: parsed.errors,
  });
  if (options.dryRun || parsed.errors.length > 0 || parsed.rows.length === 0) {
    return report(await planImport(db, parsed.rows, verifier), false);
  }
  return db.transaction(async (tx) => {
    // Planned again inside the transaction, so the outcomes match what is written.
    const plan = await planImport(tx, parsed.rows, verifier);
    for (const step of plan) {
      if (step.outcome !== "unchanged") await writeContact(tx, step.contact, options);
    }
    await recordAudit(tx, actor, {
      action: "contact.import",
      entityType: "state_contact",
      details: {
        created: plan.filter((step) => step.outcome === "created").length,
        updated: plan.filter((step) => step.outcome === "updated").length,
        unchanged: plan.filter((step) => step.outcome === "unchanged").length,
      },
    });
    return report(plan, true);
  });
}

async function planImport(
  db: DbOrTx,
  rows: readonly ContactRow[],
  verifier: string,
): Promise<PlannedContact[]> {
  const stored = await storedContacts(
    db,
    rows.map((row) => row.stateIso3),
  );
  return rows.map((row) => {
    const previous = stored.get(`${row.stateIso3}|${row.kind}`) ?? null;
    const contact = mergeContact(previous, row, verifier);
    const changed = changedContactFields(previous, contact);
    if (!previous) return { row, contact, outcome: "created", changed: [] };
    return { row, contact, outcome: changed.length > 0 ? "updated" : "unchanged", changed };
  });
}

async function storedContacts(db: DbOrTx, iso3s: string[]): Promise<Map<string, ContactFields>> {
  if (iso3s.length === 0) return new Map();
  const rows = await db
    .select()
    .from(stateContacts)
    .where(inArray(stateContacts.stateIso3, [...new Set(iso3s)]));
  return new Map(rows.map((row) => [`${row.stateIso3}|${row.kind}`, contactFields(row)]));
}

function reportRow({ row, outcome, changed }: PlannedContact): ContactImportRow {
  return {
    line: row.line,
    stateIso3: row.stateIso3,
    stateName: row.stateName,
    kind: row.kind,
    outcome,
    changed,
  };
}
