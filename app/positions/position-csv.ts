import { type CsvError, parse } from "csv-parse/sync";
import { z } from "zod";
import type { StateMatch } from "../states/state-resolver";
import { type Position, positions, stanceLabels } from "./stance";

export const positionCsvColumns = [
  "state",
  "stance",
  "observed_on",
  "source_url",
  "evidence",
  "visibility",
] as const;
export type PositionCsvColumn = (typeof positionCsvColumns)[number];

const requiredColumns: readonly PositionCsvColumn[] = ["state", "stance", "observed_on"];

export const maxPositionCsvBytes = 5 * 1024 * 1024;
export const maxPositionCsvRows = 20_000;
export const maxEvidenceChars = 2000;
const maxUrlChars = 2048;

export type PositionVisibility = "public" | "internal";

export type PositionCsvRow = {
  line: number;
  iso3: string;
  stateName: string;
  position: Position;
  observedOn: string;
  sourceUrl: string | null;
  evidence: string | null;
  visibility: PositionVisibility;
};

export type PositionCsvError = { line: number; column?: string; message: string };

export type PositionCsvResult = { rows: PositionCsvRow[]; errors: PositionCsvError[] };

export type PositionCsvOptions = {
  resolveState: (input: string) => StateMatch | null;
  /** The importer's current date, YYYY-MM-DD: observations cannot be later. */
  today: string;
};

/** A CSV record with the spreadsheet line its first field sits on. */
type CsvRecord = { line: number; cells: string[] };

/**
 * Parses a positions CSV for import. Never throws on user input: every
 * problem becomes an error with the line a spreadsheet user would look at.
 * Valid rows are returned even when other rows fail, so a dry run can show
 * both; applying should refuse while `errors` is non-empty.
 */
export function parsePositionCsv(text: string, options: PositionCsvOptions): PositionCsvResult {
  try {
    return parseCheckedCsv(text, options);
  } catch {
    // Last line of defence: a parser bug must not become a 500 on an upload.
    return fileError("The file could not be read as CSV.");
  }
}

function parseCheckedCsv(text: string, options: PositionCsvOptions): PositionCsvResult {
  if (new TextEncoder().encode(text).byteLength > maxPositionCsvBytes) {
    return fileError("The file is larger than 5 MB; split it into smaller files.");
  }
  // One line-break style keeps csv-parse's line count equal to what editors show.
  const content = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (content.includes("\u0000")) {
    return fileError("This does not look like a CSV text file (it contains binary data).");
  }
  if (content.trim() === "") {
    return fileError(`The file is empty; its first line must be a header: ${expectedHeader()}.`);
  }

  const { records, errors: csvErrors } = readRecords(content);
  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord) return { rows: [], errors: csvErrors };
  if (dataRecords.length > maxPositionCsvRows) {
    return fileError(
      `The file has more than ${maxPositionCsvRows} rows; split it into smaller files.`,
    );
  }

  const header = readHeader(headerRecord);
  if ("errors" in header) return { rows: [], errors: [...header.errors, ...csvErrors] };
  if (dataRecords.length === 0 && csvErrors.length === 0) {
    return fileError("The file has a header but no data rows.");
  }

  const result = readRows(dataRecords, header.columns, options);
  return { rows: result.rows, errors: sortErrors([...csvErrors, ...result.errors]) };
}

function fileError(message: string): PositionCsvResult {
  return { rows: [], errors: [{ line: 1, message }] };
}

function expectedHeader(): string {
  return positionCsvColumns.join(",");
}

// ---------------------------------------------------------------------------
// CSV records

/** Excel writes ";" or tab in many locales: trust whichever the header uses most. */
export function detectDelimiter(headerLine: string): "," | ";" | "\t" {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char as keyof typeof counts] += 1;
  }
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","] && counts["\t"] > counts[";"]) return "\t";
  return ",";
}

function readRecords(content: string): { records: CsvRecord[]; errors: PositionCsvError[] } {
  const records: CsvRecord[] = [];
  const errors: PositionCsvError[] = [];
  const firstLine = content.split("\n").find((line) => line.trim() !== "") ?? "";
  parse(content, {
    delimiter: detectDelimiter(firstLine),
    relax_column_count: true,
    // Tolerate stray quotes inside unquoted text ("He said "no"") rather than reject the file.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) errors.push(csvParseError(error, content, records));
      return undefined;
    },
    on_record: (cells, context) => {
      // csv-parse counts the line a record ends on; a quoted multi-line field moves the start back.
      const breaks = cells.reduce((sum, cell) => sum + countLineBreaks(cell), 0);
      if (records.length <= maxPositionCsvRows + 1 && !isBlank(cells)) {
        records.push({ line: context.lines - breaks, cells });
      }
      return null;
    },
  });
  return { records, errors };
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (const char of text) if (char === "\n") count += 1;
  return count;
}

/** Spreadsheets export formatted-but-empty rows as ";;;;": they are not data. */
function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === "");
}

function csvParseError(error: CsvError, content: string, records: CsvRecord[]): PositionCsvError {
  if (error.code === "CSV_QUOTE_NOT_CLOSED") {
    const line = firstNonEmptyLineAfter(content, lastRecordEndLine(records));
    return {
      line,
      message: `A quoted field opened on line ${line} is never closed, so the rest of the file was swallowed: check for a missing '"'.`,
    };
  }
  const line = typeof error.lines === "number" ? error.lines : 1;
  return { line, message: `The CSV is malformed here: ${error.message}` };
}

function lastRecordEndLine(records: readonly CsvRecord[]): number {
  const last = records.at(-1);
  if (!last) return 0;
  return last.line + last.cells.reduce((sum, cell) => sum + countLineBreaks(cell), 0);
}

function firstNonEmptyLineAfter(content: string, line: number): number {
  const lines = content.split("\n");
  for (let index = line; index < lines.length; index += 1) {
    // A row of bare delimiters is a blank spreadsheet row, not the culprit.
    if (/[^\s,;]/.test(lines[index] ?? "")) return index + 1;
  }
  return line + 1;
}

// ---------------------------------------------------------------------------
// Header

/** Null marks a blank header cell (Excel pads with them); data there is rejected per row. */
type HeaderColumns = Array<PositionCsvColumn | null>;

function normaliseColumnName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

function isPositionCsvColumn(name: string): name is PositionCsvColumn {
  return (positionCsvColumns as readonly string[]).includes(name);
}

function readHeader(
  record: CsvRecord,
): { columns: HeaderColumns } | { errors: PositionCsvError[] } {
  const errors: PositionCsvError[] = [];
  const columns: HeaderColumns = [];
  const headerError = (message: string, column?: string) =>
    errors.push({ line: record.line, ...(column ? { column } : {}), message });

  for (const cell of record.cells) {
    const name = normaliseColumnName(cell);
    const label = truncate(cell.trim(), 40);
    if (name !== "" && !isPositionCsvColumn(name)) {
      headerError(`Unknown column "${label}"; the allowed columns are ${expectedHeader()}.`, label);
    } else if (name !== "" && columns.includes(name)) {
      headerError(`Column "${name}" appears more than once.`, name);
    }
    // Unusable cells still take their slot so later columns keep their index.
    const usable = isPositionCsvColumn(name) && !columns.includes(name);
    columns.push(usable ? name : null);
  }
  for (const name of requiredColumns) {
    if (!columns.includes(name)) headerError(`Missing required column "${name}".`, name);
  }
  if (!columns.includes("source_url") && !columns.includes("evidence")) {
    headerError('The header needs a "source_url" or an "evidence" column (or both).');
  }
  if (errors.length > 0 && !columns.some((c) => c !== null)) {
    // Nothing recognisable at all: say so once instead of listing every cell.
    return {
      errors: [
        {
          line: record.line,
          message: `The first line must be a header naming the columns: ${expectedHeader()}.`,
        },
      ],
    };
  }
  return errors.length > 0 ? { errors } : { columns };
}

// ---------------------------------------------------------------------------
// Rows

function readRows(
  records: readonly CsvRecord[],
  columns: HeaderColumns,
  options: PositionCsvOptions,
): PositionCsvResult {
  const schema = positionCsvRowSchema(options);
  const rows: PositionCsvRow[] = [];
  const errors: PositionCsvError[] = [];
  const firstLineByKey = new Map<string, number>();

  for (const record of records) {
    const unlabelled = unlabelledValueError(record, columns);
    if (unlabelled) {
      errors.push(unlabelled);
      continue;
    }
    const cells = cellsByColumn(record.cells, columns);
    const formula = formulaCellError(record.line, cells);
    if (formula) {
      errors.push(formula);
      continue;
    }
    const parsed = schema.safeParse(cells);
    if (!parsed.success) {
      errors.push(...parsed.error.issues.map((issue) => issueToError(record.line, issue)));
      continue;
    }
    const row = toRow(record.line, parsed.data);
    const key = `${row.iso3}|${row.observedOn}`;
    const firstLine = firstLineByKey.get(key);
    if (firstLine !== undefined) {
      errors.push(duplicateError(row, firstLine));
      continue;
    }
    firstLineByKey.set(key, row.line);
    rows.push(row);
  }
  return { rows, errors };
}

/**
 * A cell that a spreadsheet would run as a formula (=HYPERLINK(...), +cmd, @SUM)
 * is refused: stored, it would come back out in exports and run on a colleague's
 * machine. A leading "-" is refused only when a formula follows ("-1+2").
 */
export function formulaCellError(
  line: number,
  cells: Readonly<Record<string, string>>,
): PositionCsvError | null {
  for (const [column, value] of Object.entries(cells)) {
    // Leading tabs and CRs are trimmed, so what follows them is what is checked.
    const cell = value.trimStart();
    if (/^[=+@]/.test(cell) || /^-[^\s\d]|^-\d[^,;]*[+*/=(]/.test(cell)) {
      return {
        line,
        column,
        message: `The ${column} cell starts like a spreadsheet formula ("${cell.slice(0, 20)}"); remove the leading "${cell[0]}".`,
      };
    }
  }
  return null;
}

function cellsByColumn(cells: readonly string[], columns: HeaderColumns) {
  const values: Record<PositionCsvColumn, string> = {
    state: "",
    stance: "",
    observed_on: "",
    source_url: "",
    evidence: "",
    visibility: "",
  };
  columns.forEach((column, index) => {
    if (column) values[column] = cells[index] ?? "";
  });
  return values;
}

/** A value beyond the named columns is usually an unquoted delimiter inside a field. */
function unlabelledValueError(record: CsvRecord, columns: HeaderColumns): PositionCsvError | null {
  const index = record.cells.findIndex((cell, i) => columns[i] == null && cell.trim() !== "");
  if (index === -1) return null;
  return {
    line: record.line,
    message: `Value "${truncate(record.cells[index] ?? "", 40)}" is in column ${index + 1}, which has no header; quote fields that contain the delimiter.`,
  };
}

function issueToError(line: number, issue: z.core.$ZodIssue): PositionCsvError {
  const [column] = issue.path;
  return typeof column === "string"
    ? { line, column, message: issue.message }
    : { line, message: issue.message };
}

function duplicateError(row: PositionCsvRow, firstLine: number): PositionCsvError {
  return {
    line: row.line,
    column: "state",
    message: `Lines ${firstLine} and ${row.line} both give a position for ${row.stateName} observed on ${row.observedOn}; keep one.`,
  };
}

function toRow(line: number, data: PositionCsvRowData): PositionCsvRow {
  return {
    line,
    iso3: data.state.iso3,
    stateName: data.state.name,
    position: data.stance,
    observedOn: data.observed_on,
    sourceUrl: data.source_url,
    evidence: data.evidence,
    visibility: data.visibility,
  };
}

function sortErrors(errors: PositionCsvError[]): PositionCsvError[] {
  // Row-wide errors (no column) read best after the column-specific ones.
  const columnOrder = (e: PositionCsvError) =>
    e.column && isPositionCsvColumn(e.column)
      ? positionCsvColumns.indexOf(e.column)
      : positionCsvColumns.length;
  return errors.sort((a, b) => a.line - b.line || columnOrder(a) - columnOrder(b));
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// ---------------------------------------------------------------------------
// Row schema

/** "Leaning support", "leaning-support", "Voted yes" and "LEANING_SUPPORT" all name one position. */
function positionKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

const positionByKey = new Map<string, Position>(
  positions.flatMap((position) => [
    [positionKey(position), position],
    [positionKey(stanceLabels[position]), position],
  ]),
);

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(text: string): boolean {
  const match = isoDate.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function isHttpUrl(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

// Line feeds and tabs are kept; the rest (NUL, ESC, C1...) only arrive through copy-paste accidents.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const strayControlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

function positionCsvRowSchema({ resolveState, today }: PositionCsvOptions) {
  const required = (column: string) =>
    z
      .string()
      .trim()
      .min(1, { error: `${column} is required` });

  return z
    .object({
      state: required("state").transform((text, ctx): StateMatch => {
        const state = resolveState(text);
        if (state) return state;
        ctx.addIssue(
          `Unknown state "${truncate(text, 60)}"; use an ISO3 code like FRA or the English name`,
        );
        return z.NEVER;
      }),
      stance: required("stance").transform((text, ctx): Position => {
        const position = positionByKey.get(positionKey(text));
        if (position) return position;
        ctx.addIssue(`Unknown stance "${truncate(text, 60)}"; use one of ${positions.join(", ")}`);
        return z.NEVER;
      }),
      observed_on: z
        .string()
        .trim()
        .superRefine((date, ctx) => {
          // One message per problem: an empty date is not also malformed, nor a malformed one future.
          if (date === "") ctx.addIssue("observed_on is required");
          else if (!isCalendarDate(date))
            ctx.addIssue("observed_on must be a date like 2026-01-23");
          else if (date > today) {
            ctx.addIssue(`observed_on cannot be in the future (today is ${today})`);
          }
        }),
      source_url: z
        .string()
        .trim()
        .max(maxUrlChars, { error: `source_url must be at most ${maxUrlChars} characters` })
        .refine((url) => url === "" || isHttpUrl(url), {
          error: "source_url must be a web address starting with http:// or https://",
        })
        .transform((url) => url || null),
      evidence: z
        .string()
        .transform((text) => text.replace(strayControlCharacters, "").trim())
        .refine((text) => [...text].length <= maxEvidenceChars, {
          error: `evidence must be at most ${maxEvidenceChars} characters`,
        })
        .transform((text) => text || null),
      visibility: z
        .string()
        .trim()
        .toLowerCase()
        .transform((text, ctx): PositionVisibility => {
          // Positions can expose a diplomat's confidences: internal unless said otherwise.
          if (text === "" || text === "internal") return "internal";
          if (text === "public") return "public";
          ctx.addIssue('visibility must be "public" or "internal" (empty means internal)');
          return z.NEVER;
        }),
    })
    .superRefine(
      (row, ctx) => {
        if (row.source_url === null && row.evidence === null) {
          ctx.addIssue("Each row needs a source_url or some evidence");
        }
      },
      // Run even when other columns failed, so the user sees every problem at once.
      { when: () => true },
    );
}

type PositionCsvRowData = z.output<ReturnType<typeof positionCsvRowSchema>>;
