import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import type { Actor } from "~/audit/audit-log.server";
import { requireApiUser } from "~/auth/api-tokens.server";
import { staffActor } from "~/auth/staff-actor";
import { maxContactCsvBytes } from "~/contacts/contact-csv.server";
import {
  type ContactImportOptions,
  type ContactImportReport,
  exportContactsCsv,
  importContactList,
  importContacts,
} from "~/contacts/contact-import.server";
import { listContacts, type StateContact } from "~/contacts/contacts.server";
import { releaseLettersAwaitingContact } from "~/letters/letters.server";
import {
  apiJsonError,
  csvResponse,
  mediaType,
  parseJson,
  parseOrThrow,
  parseQuery,
  readLimitedBody,
  requireMethod,
} from "~/lib/api.server";
import type { DbOrTx } from "~/lib/db.server";
import { decodeCsvUpload } from "~/positions/position-import.server";
import { todayUtc } from "~/positions/positions.server";

const listQuery = z.object({
  format: z.enum(["json", "csv"], { error: "format must be json or csv" }).optional(),
  state: z
    .string()
    .regex(/^[A-Za-z]{3}$/, { error: "state must be an ISO3 code like FRA" })
    .optional(),
});

/**
 * Every contact as JSON (`?state=FRA` for one state), or `?format=csv` in the
 * import's format. Editors and admins only: e-mails, postal addresses, verifiers.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireApiUser(db, request, "editor");
  const query = parseQuery(request, listQuery);
  if (query.format === "csv") {
    return csvResponse(await exportContactsCsv(db), `contacts-${todayUtc()}.csv`);
  }
  const contacts = await listContacts(db, { stateIso3: query.state });
  return Response.json({ contacts: contacts.map(apiContact) });
}

function apiContact(contact: StateContact & { stateName: string }) {
  const { id, stateIso3, stateName, kind, name, emails, salutations, language } = contact;
  const { timeZone, postalAddress, verifiedBy, verifiedOn, isDemo, updatedAt } = contact;
  return {
    id,
    state: stateIso3,
    stateName,
    kind,
    name,
    emails,
    salutations,
    language,
    timeZone,
    postalAddress,
    verifiedBy,
    verifiedOn,
    isDemo,
    updatedAt: updatedAt.toISOString(),
  };
}

const importQuery = z.object({
  dryRun: z
    .enum(["0", "1", "false", "true"], { error: "dryRun must be 1 or 0" })
    .optional()
    .transform((value) => value === "1" || value === "true"),
});

const contactListBody = z.object({ contacts: z.array(z.unknown()) });

/**
 * Imports contacts as the import CSV (`text/csv`) or JSON (`{contacts: [...]}`,
 * fields named like GET's). All or nothing: any problem answers 422 with the
 * per-line report (for JSON, `line` is the item's position from 1) and stores nothing.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  requireMethod(request, "POST");
  const { db } = context;
  const user = await requireApiUser(db, request, "editor");
  const { dryRun } = parseQuery(request, importQuery);
  const report = await importBody(db, request, staffActor(user), {
    dryRun,
    onContactAvailable: releaseLettersAwaitingContact,
  });
  const problems = report.errors.length;
  if (problems === 0) return Response.json(report);
  const summary = `${problems} ${problems === 1 ? "problem" : "problems"} in the upload; nothing was stored`;
  return apiJsonError(422, summary, report);
}

async function importBody(
  db: DbOrTx,
  request: Request,
  actor: Actor,
  options: ContactImportOptions,
): Promise<ContactImportReport> {
  const type = mediaType(request);
  if (type === "text/csv") {
    const decoded = decodeCsvUpload(await readLimitedBody(request, maxContactCsvBytes));
    if (decoded.ok) return importContacts(db, actor, decoded.text, options);
    return { dryRun: options.dryRun, applied: false, rows: [], errors: [decoded.error] };
  }
  if (type === "application/json") {
    const body = parseJson(await readLimitedBody(request, maxContactCsvBytes));
    const { contacts } = parseOrThrow(contactListBody, body, 'Send {"contacts": [...]}');
    return importContactList(db, actor, contacts, options);
  }
  throw apiJsonError(
    415,
    "Send contacts as 'Content-Type: text/csv' (the import CSV) or 'application/json' ({contacts: [...]})",
  );
}
