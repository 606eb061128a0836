import { type CsvError, parse } from "csv-parse/sync";
import type { z } from "zod";

/**
 * The common core of our CSV imports (positions, contacts): the conventions a spreadsheet user
 * expects (a header line, ",", ";" or tab, BOM and CRLF) and errors on the lines they would look
 * at. Each import names its columns and validates its own rows.
 */

/** A CSV record with the spreadsheet line its first field sits on. */
export type CsvRecord = { line: number; cells: string[] };

export type CsvLineError = { line: number; column?: string; message: string };

/** Null marks a blank header cell (Excel pads with them); data there is rejected per row. */
export type HeaderColumns<Column extends string> = Array<Column | null>;

export type CsvTableOptions<Column extends string> = {
  columns: readonly Column[];
  required: readonly Column[];
  maxBytes: number;
  maxRows: number;
  /** Further header rules, as messages for the whole header line. */
  checkHeader?: (columns: HeaderColumns<Column>) => string[];
};

export type CsvTable<Column extends string> =
  | { ok: true; columns: HeaderColumns<Column>; records: CsvRecord[]; errors: CsvLineError[] }
  | { ok: false; errors: CsvLineError[] };

/**
 * Reads the header and the data records of an uploaded CSV. Never throws on malformed CSV: a
 * problem with the whole file ends the read (`ok: false`), a malformed record becomes an error on
 * its line and the other records are still returned.
 */
export function readCsvTable<Column extends string>(
  text: string,
  options: CsvTableOptions<Column>,
): CsvTable<Column> {
  const fileError = (message: string): CsvTable<Column> => ({
    ok: false,
    errors: [{ line: 1, message }],
  });
  if (new TextEncoder().encode(text).byteLength > options.maxBytes) {
    const megabytes = options.maxBytes / (1024 * 1024);
    return fileError(`The file is larger than ${megabytes} MB; split it into smaller files.`);
  }
  // One line-break style keeps csv-parse's line count equal to what editors show.
  const content = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (content.includes("\u0000")) {
    return fileError("This does not look like a CSV text file (it contains binary data).");
  }
  const expected = options.columns.join(",");
  if (content.trim() === "") {
    return fileError(`The file is empty; its first line must be a header: ${expected}.`);
  }

  const { records, errors: csvErrors } = readRecords(content, options.maxRows);
  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord) return { ok: false, errors: csvErrors };
  if (dataRecords.length > options.maxRows) {
    return fileError(
      `The file has more than ${options.maxRows} rows; split it into smaller files.`,
    );
  }
  const header = readHeader(headerRecord, options);
  if ("errors" in header) return { ok: false, errors: [...header.errors, ...csvErrors] };
  if (dataRecords.length === 0 && csvErrors.length === 0) {
    return fileError("The file has a header but no data rows.");
  }
  return { ok: true, columns: header.columns, records: dataRecords, errors: csvErrors };
}

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

function readRecords(
  content: string,
  maxRows: number,
): { records: CsvRecord[]; errors: CsvLineError[] } {
  const records: CsvRecord[] = [];
  const errors: CsvLineError[] = [];
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
      const line = context.lines - lineBreaks(cells);
      // One record past the limit is enough to say the file is too long.
      if (records.length <= maxRows + 1 && !isBlank(cells)) records.push({ line, cells });
      return null;
    },
  });
  return { records, errors };
}

function lineBreaks(cells: readonly string[]): number {
  return cells.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
}

/** Spreadsheets export formatted-but-empty rows as ";;;;": they are not data. */
function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === "");
}

function csvParseError(error: CsvError, content: string, records: CsvRecord[]): CsvLineError {
  if (error.code === "CSV_QUOTE_NOT_CLOSED") {
    const last = records.at(-1);
    const after = last ? last.line + lineBreaks(last.cells) : 0;
    const lines = content.split("\n");
    // A row of bare delimiters is a blank spreadsheet row, not the culprit.
    const index = lines.findIndex((text, i) => i >= after && /[^\s,;]/.test(text));
    const line = index === -1 ? after + 1 : index + 1;
    return {
      line,
      message: `A quoted field opened on line ${line} is never closed, so the rest of the file was swallowed: check for a missing '"'.`,
    };
  }
  const line = typeof error.lines === "number" ? error.lines : 1;
  return { line, message: `The CSV is malformed here: ${error.message}` };
}

function readHeader<Column extends string>(
  record: CsvRecord,
  options: CsvTableOptions<Column>,
): { columns: HeaderColumns<Column> } | { errors: CsvLineError[] } {
  const known = options.columns as readonly string[];
  const isColumn = (name: string): name is Column => known.includes(name);
  const expected = options.columns.join(",");
  const errors: CsvLineError[] = [];
  const columns: HeaderColumns<Column> = [];
  const headerError = (message: string, column?: string) =>
    errors.push({ line: record.line, ...(column ? { column } : {}), message });

  for (const cell of record.cells) {
    const name = cell
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    const label = truncate(cell.trim(), 40);
    if (name !== "" && !isColumn(name)) {
      headerError(`Unknown column "${label}"; the allowed columns are ${expected}.`, label);
    } else if (name !== "" && columns.includes(name)) {
      headerError(`Column "${name}" appears more than once.`, name);
    }
    // Unusable cells still take their slot so later columns keep their index.
    columns.push(isColumn(name) && !columns.includes(name) ? name : null);
  }
  for (const name of options.required) {
    if (!columns.includes(name)) headerError(`Missing required column "${name}".`, name);
  }
  for (const message of options.checkHeader?.(columns) ?? []) headerError(message);
  if (errors.length > 0 && !columns.some((c) => c !== null)) {
    // Nothing recognisable at all: say so once instead of listing every cell.
    const message = `The first line must be a header naming the columns: ${expected}.`;
    return { errors: [{ line: record.line, message }] };
  }
  return errors.length > 0 ? { errors } : { columns };
}

/** A value beyond the named columns is usually an unquoted delimiter inside a field. */
export function unlabelledValueError(
  record: CsvRecord,
  columns: HeaderColumns<string>,
): CsvLineError | null {
  const index = record.cells.findIndex((cell, i) => columns[i] == null && cell.trim() !== "");
  if (index === -1) return null;
  return {
    line: record.line,
    message: `Value "${truncate(record.cells[index] ?? "", 40)}" is in column ${index + 1}, which has no header; quote fields that contain the delimiter.`,
  };
}

/** A record's cells by the column each stands under; a column the file lacks is absent. */
export function cellsByColumn<Column extends string>(
  cells: readonly string[],
  columns: HeaderColumns<Column>,
): Partial<Record<Column, string>> {
  const values: Partial<Record<Column, string>> = {};
  columns.forEach((column, index) => {
    if (column) values[column] = cells[index] ?? "";
  });
  return values;
}

export type CheckedRecords<T> = {
  passed: Array<{ line: number; data: T }>;
  errors: CsvLineError[];
};

/**
 * Every record checked the same way, each error on its line: a value under no
 * column, then `refuse` (e.g. a formula, which hides the rest of its row), then
 * the schema on the cells by column.
 */
export function checkRecords<Column extends string, T>(
  records: readonly CsvRecord[],
  columns: HeaderColumns<Column>,
  schema: z.ZodType<T, Partial<Record<Column, string>>>,
  refuse: (line: number, cells: Partial<Record<Column, string>>) => CsvLineError | null = () =>
    null,
): CheckedRecords<T> {
  const checked: CheckedRecords<T> = { passed: [], errors: [] };
  for (const record of records) {
    const cells = cellsByColumn(record.cells, columns);
    const refused = unlabelledValueError(record, columns) ?? refuse(record.line, cells);
    if (refused) {
      checked.errors.push(refused);
      continue;
    }
    const parsed = schema.safeParse(cells);
    if (parsed.success) checked.passed.push({ line: record.line, data: parsed.data });
    else
      checked.errors.push(
        ...parsed.error.issues.map((issue) => issueToCsvError(record.line, issue)),
      );
  }
  return checked;
}

/** A zod issue on a row's cells, reported on the row's line and, when it has one, its column. */
export function issueToCsvError(line: number, issue: z.core.$ZodIssue): CsvLineError {
  const [column] = issue.path;
  return typeof column === "string"
    ? { line, column, message: issue.message }
    : { line, message: issue.message };
}

/** By line, then in column order; row-wide errors (no column) read best after the others. */
export function sortCsvErrors<E extends CsvLineError>(
  errors: E[],
  columns: readonly string[],
): E[] {
  const columnOrder = (e: E) =>
    e.column && columns.includes(e.column) ? columns.indexOf(e.column) : columns.length;
  return errors.sort((a, b) => a.line - b.line || columnOrder(a) - columnOrder(b));
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
