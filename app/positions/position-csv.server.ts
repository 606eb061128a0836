import { z } from "zod";
import {
  type CsvLineError,
  type CsvRecord,
  checkRecords,
  type HeaderColumns,
  readCsvTable,
  sortCsvErrors,
  truncate,
} from "../lib/csv-records.server";
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

export type PositionCsvError = CsvLineError;

export type PositionCsvResult = { rows: PositionCsvRow[]; errors: PositionCsvError[] };

export type PositionCsvOptions = {
  resolveState: (input: string) => StateMatch | null;
  /** The importer's current date, YYYY-MM-DD: observations cannot be later. */
  today: string;
};

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
  const table = readCsvTable(text, {
    columns: positionCsvColumns,
    required: requiredColumns,
    maxBytes: maxPositionCsvBytes,
    maxRows: maxPositionCsvRows,
    checkHeader: (columns) =>
      !columns.includes("source_url") && !columns.includes("evidence")
        ? ['The header needs a "source_url" or an "evidence" column (or both).']
        : [],
  });
  if (!table.ok) return { rows: [], errors: table.errors };
  const result = readRows(table.records, table.columns, options);
  return {
    rows: result.rows,
    errors: sortCsvErrors([...table.errors, ...result.errors], positionCsvColumns),
  };
}

function fileError(message: string): PositionCsvResult {
  return { rows: [], errors: [{ line: 1, message }] };
}

// ---------------------------------------------------------------------------
// Rows

function readRows(
  records: readonly CsvRecord[],
  columns: HeaderColumns<PositionCsvColumn>,
  options: PositionCsvOptions,
): PositionCsvResult {
  const schema = z
    .record(z.string(), z.string())
    .transform((cells) => ({ ...emptyCells, ...cells }))
    .pipe(positionCsvRowSchema(options));
  const { passed, errors } = checkRecords(records, columns, schema, formulaCellError);
  const rows: PositionCsvRow[] = [];
  const firstLineByKey = new Map<string, number>();
  for (const { line, data } of passed) {
    const row = toRow(line, data);
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

/** A column the file lacks reads as empty. */
const emptyCells: Record<PositionCsvColumn, string> = {
  state: "",
  stance: "",
  observed_on: "",
  source_url: "",
  evidence: "",
  visibility: "",
};

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
