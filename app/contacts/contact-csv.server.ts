import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import {
  type CsvLineError,
  type CsvRecord,
  checkRecords,
  type HeaderColumns,
  issueToCsvError,
  readCsvTable,
  sortCsvErrors,
  truncate,
} from "../lib/csv-records.server";
import { formulaCellError, type PositionCsvColumn } from "../positions/position-csv.server";
import type { StateMatch } from "../states/state-resolver";
import { contactKindLabels } from "./contact-kinds";
import {
  blankAsNull,
  type ContactFields,
  type ContactRow,
  contactFields,
  verifiedOnSchema,
} from "./contact-rules";

/** Errors carry the line a spreadsheet user looks at (for JSON, the item's position from 1). */
export type ContactCsvError = CsvLineError;

// ---------------------------------------------------------------------------
// Cells: the text forms of e-mail lists and salutations

/** "a@x.org; b@y.org", one per line, or separated by commas or spaces. */
export function splitEmails(text: string): string[] {
  return text.split(/[;,\s]+/).filter((email) => email !== "");
}

type SalutationParts = {
  byLanguage: Record<string, string>;
  unlabelled: string[];
  repeated: string[];
};

/** "en: Excellency; fr: Excellence" (or one per line); a part without a code is unlabelled. */
function splitSalutations(text: string): SalutationParts {
  const parts: SalutationParts = { byLanguage: {}, unlabelled: [], repeated: [] };
  for (const part of text.split(/[;\n\r]+/)) {
    const trimmed = part.trim();
    if (trimmed === "") continue;
    const labelled = /^([a-z]{2,3})\s*:\s*(.*)$/.exec(trimmed);
    const [, language, salutation = ""] = labelled ?? [];
    if (language === undefined) parts.unlabelled.push(trimmed);
    else if (language in parts.byLanguage) parts.repeated.push(language);
    else parts.byLanguage[language] = salutation;
  }
  return parts;
}

function formatSalutations(salutations: Record<string, string>): string {
  return Object.entries(salutations)
    .map(([language, text]) => `${language}: ${text}`)
    .join("; ");
}

// ---------------------------------------------------------------------------
// CSV columns and limits

const contactCsvColumns = [
  "state",
  "kind",
  "name",
  "email",
  "salutation",
  "language",
  "time_zone",
  "postal_address",
  "verified_by",
  "verified_on",
] as const;
type ContactCsvColumn = (typeof contactCsvColumns)[number];

const requiredColumns: readonly ContactCsvColumn[] = ["state", "kind", "name", "email"];

export const maxContactCsvBytes = 5 * 1024 * 1024;
/** 195 states x 3 kinds fit many times over. */
export const maxContactCsvRows = 2000;

export type ContactCsvResult = { rows: ContactRow[]; errors: ContactCsvError[] };

export type ContactCsvOptions = {
  resolveState: (input: string) => StateMatch | null;
  /** The importer's current date, YYYY-MM-DD: a contact cannot be verified later. */
  today: string;
};

// ---------------------------------------------------------------------------
// Parsing

/**
 * Parses a contacts CSV for import, with the conventions of the positions
 * import: a header line, ",", ";" or tab, BOM and CRLF, errors per line.
 * Never throws on user input; applying should refuse while `errors` is non-empty.
 */
export function parseContactCsv(text: string, options: ContactCsvOptions): ContactCsvResult {
  try {
    return parseCheckedCsv(text, options);
  } catch {
    // Last line of defence: a parser bug must not become a 500 on an upload.
    return fileError("The file could not be read as CSV.");
  }
}

function parseCheckedCsv(text: string, options: ContactCsvOptions): ContactCsvResult {
  const table = readCsvTable(text, {
    columns: contactCsvColumns,
    required: requiredColumns,
    maxBytes: maxContactCsvBytes,
    maxRows: maxContactCsvRows,
  });
  if (!table.ok) return { rows: [], errors: table.errors };
  const result = readRows(table.records, table.columns, options);
  return {
    rows: result.rows,
    errors: sortCsvErrors([...table.errors, ...result.errors], contactCsvColumns),
  };
}

function fileError(message: string): ContactCsvResult {
  return { rows: [], errors: [{ line: 1, message }] };
}

function readRows(
  records: readonly CsvRecord[],
  columns: HeaderColumns<ContactCsvColumn>,
  options: ContactCsvOptions,
): ContactCsvResult {
  const { passed, errors } = checkRecords(records, columns, contactCellsSchema(options));
  const rows = passed.map(({ line, data }) => ({ ...data, line }));
  return withoutDuplicates(rows, errors, "Lines");
}

function withoutDuplicates(
  rows: ContactRow[],
  errors: ContactCsvError[],
  unit: "Lines" | "Items",
): ContactCsvResult {
  const duplicates = duplicateContactErrors(rows, unit);
  const repeated = new Set(duplicates.map((error) => error.line));
  return {
    rows: rows.filter((row) => !repeated.has(row.line)),
    errors: [...errors, ...duplicates],
  };
}

/** Two rows for the same office would race each other: every repeat after the first is an error. */
function duplicateContactErrors(
  rows: readonly ContactRow[],
  unit: "Lines" | "Items",
): ContactCsvError[] {
  const firstLine = new Map<string, number>();
  const errors: ContactCsvError[] = [];
  for (const row of rows) {
    const key = `${row.stateIso3}|${row.kind}`;
    const first = firstLine.get(key);
    if (first === undefined) firstLine.set(key, row.line);
    else
      errors.push({
        line: row.line,
        column: "state",
        message: `${unit} ${first} and ${row.line} both give a contact for ${row.stateName} (${contactKindLabels[row.kind]}); keep one.`,
      });
  }
  return errors;
}

/**
 * Validates one contact given as text cells named like the CSV columns: a CSV
 * row or the staff form. Issues carry the column name as their path.
 */
export function contactCellsSchema({ resolveState, today }: ContactCsvOptions) {
  const cell = z.string().trim();
  const clearable = <T extends z.ZodType<unknown, string>>(schema: T) =>
    cell.transform(blankAsNull).pipe(schema.nullable()).optional();
  const namedCells = z.object({
    state: stateSchema(resolveState),
    kind: cell
      .toLowerCase()
      .transform((text) => text.replace(/[\s-]+/g, "_"))
      .pipe(contactFields.kind),
    name: contactFields.name,
    email: cell.transform(splitEmails).pipe(contactFields.emails),
    salutation: cell.transform(splitSalutations).optional(),
    language: cell
      .transform((text) => text || "en")
      .pipe(contactFields.language)
      .optional(),
    time_zone: clearable(contactFields.timeZone),
    postal_address: clearable(contactFields.postalAddress),
    verified_by: clearable(contactFields.verifiedBy),
    verified_on: clearable(verifiedOnSchema(() => today)),
  });
  // A formula-looking cell is the only error reported for its row: the rest may be its payload.
  return z
    .record(z.string(), z.string())
    .superRefine((raw, ctx) => refuseFormulas(Object.entries(raw), ctx))
    .pipe(namedCells)
    .transform((cells, ctx): Omit<ContactRow, "line"> => {
      const salutations = cells.salutation && salutationsOf(cells.salutation, cells.language, ctx);
      return {
        stateIso3: cells.state.iso3,
        stateName: cells.state.name,
        kind: cells.kind,
        name: cells.name,
        emails: cells.email,
        ...defined({
          salutations,
          language: cells.language,
          timeZone: cells.time_zone,
          postalAddress: cells.postal_address,
          verifiedBy: cells.verified_by,
          verifiedOn: cells.verified_on,
        }),
      };
    });
}

function stateSchema(resolveState: ContactCsvOptions["resolveState"]) {
  return z
    .string()
    .trim()
    .transform((text, ctx) => {
      const state = text === "" ? null : resolveState(text);
      if (state) return state;
      ctx.addIssue(
        text === ""
          ? "The state is required"
          : `Unknown state "${truncate(text, 60)}"; use an ISO3 code like FRA or the English name`,
      );
      return z.NEVER;
    });
}

/** An unlabelled salutation is in the row's language, which must then be given. */
function salutationsOf(
  parts: SalutationParts,
  language: string | undefined,
  ctx: z.RefinementCtx,
): Record<string, string> | undefined {
  const issue = (message: string) =>
    ctx.addIssue({ code: "custom", path: ["salutation"], message });
  const [repeated] = parts.repeated;
  if (repeated !== undefined) {
    issue(`The salutation for "${repeated}" is given twice`);
    return undefined;
  }
  const [unlabelled, ...more] = parts.unlabelled;
  if (unlabelled === undefined) return checkedSalutations(parts.byLanguage, issue);
  if (more.length > 0 || language === undefined || language in parts.byLanguage) {
    issue('Prefix each salutation with its language, like "en: Excellency; fr: Excellence"');
    return undefined;
  }
  return checkedSalutations({ ...parts.byLanguage, [language]: unlabelled }, issue);
}

function checkedSalutations(
  salutations: Record<string, string>,
  issue: (message: string) => void,
): Record<string, string> | undefined {
  const parsed = contactFields.salutations.safeParse(salutations);
  if (parsed.success) return parsed.data;
  for (const problem of parsed.error.issues) issue(problem.message);
  return undefined;
}

/** Drops undefined entries, so "column absent" stays distinct from "set to a value". */
function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

// ---------------------------------------------------------------------------
// JSON items (the API)

/**
 * Validates contacts sent as JSON objects, named like the stored fields.
 * `line` in rows and errors is the item's position, from 1.
 */
export function parseContactList(
  items: readonly unknown[],
  options: ContactCsvOptions,
): ContactCsvResult {
  if (items.length > maxContactCsvRows) {
    return fileError(`Send at most ${maxContactCsvRows} contacts at once.`);
  }
  const schema = contactItemSchema(options);
  const rows: ContactRow[] = [];
  const errors: ContactCsvError[] = [];
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) rows.push({ ...parsed.data, line: index + 1 });
    else errors.push(...parsed.error.issues.map((issue) => issueToCsvError(index + 1, issue)));
  });
  return withoutDuplicates(rows, errors, "Items");
}

function contactItemSchema({ resolveState, today }: ContactCsvOptions) {
  const clearable = <T extends z.ZodType<unknown, string>>(schema: T) =>
    z.string().nullable().transform(blankAsNull).pipe(schema.nullable()).optional();
  return z
    .strictObject({
      state: stateSchema(resolveState),
      kind: contactFields.kind,
      name: contactFields.name,
      emails: contactFields.emails,
      salutations: contactFields.salutations.optional(),
      language: contactFields.language.optional(),
      timeZone: clearable(contactFields.timeZone),
      postalAddress: clearable(contactFields.postalAddress),
      verifiedBy: clearable(contactFields.verifiedBy),
      verifiedOn: clearable(verifiedOnSchema(() => today)),
    })
    .superRefine((item, ctx) => refuseFormulas(textValues(item), ctx))
    .transform(
      ({ state, ...fields }): Omit<ContactRow, "line"> => ({
        stateIso3: state.iso3,
        stateName: state.name,
        ...fields,
      }),
    );
}

function* textValues(item: {
  name: string;
  emails: string[];
  salutations?: Record<string, string>;
  postalAddress?: string | null;
  verifiedBy?: string | null;
}): Generator<[string, string]> {
  yield ["name", item.name];
  for (const email of item.emails) yield ["emails", email];
  for (const text of Object.values(item.salutations ?? {})) yield ["salutations", text];
  if (item.postalAddress) yield ["postalAddress", item.postalAddress];
  if (item.verifiedBy) yield ["verifiedBy", item.verifiedBy];
}

/**
 * The positions import's guard against cells a spreadsheet would run as a
 * formula: stored, they would come back out in exports.
 */
function refuseFormulas(values: Iterable<[string, string]>, ctx: z.RefinementCtx): void {
  for (const [name, value] of values) {
    // The guard reads any record of cells; its parameter type names the position columns.
    const formula = formulaCellError(0, { [name]: value });
    if (formula) {
      ctx.addIssue({ code: "custom", path: [name], message: formula.message });
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// Writing

/**
 * The contacts as a CSV the import reads back unchanged. A BOM lets Excel see
 * UTF-8; a cell the import would refuse as a formula is prefixed with "'".
 */
export function formatContactCsv(contacts: readonly ContactFields[]): string {
  const records = contacts.map((contact) =>
    contactCsvColumns.map((column) => neutralised(column, contactCell(contact, column))),
  );
  const csv = stringify(records, {
    header: true,
    columns: [...contactCsvColumns],
    record_delimiter: "windows",
    // Records end in CRLF, so a bare LF inside an address would otherwise go out unquoted.
    quoted_match: /[\r\n]/,
  });
  return `\uFEFF${csv}`;
}

function contactCell(contact: ContactFields, column: ContactCsvColumn): string {
  switch (column) {
    case "state":
      return contact.stateIso3;
    case "kind":
      return contact.kind;
    case "name":
      return contact.name;
    case "email":
      return contact.emails.join("; ");
    case "salutation":
      return formatSalutations(contact.salutations);
    case "language":
      return contact.language;
    case "time_zone":
      return contact.timeZone ?? "";
    case "postal_address":
      return contact.postalAddress ?? "";
    case "verified_by":
      return contact.verifiedBy ?? "";
    case "verified_on":
      return contact.verifiedOn ?? "";
  }
}

function neutralised(column: ContactCsvColumn, value: string): string {
  const cells = { [column]: value } as Record<PositionCsvColumn, string>;
  return formulaCellError(0, cells) ? `'${value}` : value;
}
