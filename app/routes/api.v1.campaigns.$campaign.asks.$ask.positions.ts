import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { requireApiUser } from "~/auth/api-tokens.server";
import { staffActor } from "~/auth/staff-actor";
import {
  apiJsonError,
  asOfParam,
  csvResponse,
  mediaType,
  parseJson,
  parseOrThrow,
  parseQuery,
  readLimitedBody,
  requireAsk,
  requireMethod,
  spreadsheetCsv,
} from "~/lib/api.server";
import type { DbOrTx } from "~/lib/db.server";
import {
  maxPositionCsvBytes,
  type PositionCsvError,
  positionCsvColumns,
} from "~/positions/position-csv.server";
import {
  decodeCsvUpload,
  type ImportReport,
  importPositions,
} from "~/positions/position-import.server";
import { currentPositions, todayUtc } from "~/positions/positions.server";
import type { Position } from "~/positions/stance";
import { listStates } from "~/states/states.server";

const readQuery = z.object({ asOf: asOfParam, format: z.enum(["json", "csv"]).optional() });

/** Each member state's position (plus any observer state with one), as JSON or CSV. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireApiUser(db, request, "viewer");
  const query = parseQuery(request, readQuery);
  const { campaign, ask } = await requireAsk(db, params.campaign, params.ask);
  const asOf = query.asOf ?? todayUtc();
  const positions = await statePositions(db, ask.id, asOf);
  if ((query.format ?? preferredFormat(request)) === "json") {
    return Response.json({ campaign: campaign.slug, ask: ask.slug, asOf, positions });
  }
  // The import's own columns, so an export is the starting point for the next import.
  const csv = spreadsheetCsv(
    ["state", "stance", "observed_on"],
    positions.map((p) => ({ state: p.state, stance: p.position, observed_on: p.observedOn ?? "" })),
  );
  return csvResponse(csv, `${campaign.slug}-${ask.slug}-${asOf}.csv`);
}

const importQuery = z.object({
  dryRun: z
    .enum(["0", "1", "false", "true"], { error: "dryRun must be 1 or 0" })
    .optional()
    .transform((value) => value === "1" || value === "true"),
});

/**
 * Imports positions from the CSV import format or its JSON equivalent. All or
 * nothing: any row error answers 422 with the per-row report and stores nothing.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  requireMethod(request, "POST");
  const { db } = context;
  const user = await requireApiUser(db, request, "editor");
  const { ask } = await requireAsk(db, params.campaign, params.ask);
  if (ask.retiredAt !== null) throw apiJsonError(409, `The ask "${ask.slug}" is retired`);
  const { dryRun } = parseQuery(request, importQuery);
  const upload = await readUpload(request);
  if (!upload.ok) {
    return reportResponse({ dryRun, applied: false, rows: [], errors: [upload.error] });
  }
  const report = await importPositions(db, staffActor(user), ask.id, upload.text, { dryRun });
  return reportResponse(upload.rowByLine ? withJsonRows(report, upload.rowByLine) : report);
}

function preferredFormat(request: Request): "json" | "csv" {
  return request.headers.get("Accept")?.includes("text/csv") ? "csv" : "json";
}

const noInformation: Position = "no_information";

async function statePositions(db: DbOrTx, askId: number, asOf: string) {
  const [states, positionsByAsk] = await Promise.all([
    listStates(db),
    currentPositions(db, [askId], { audience: "staff", asOf }),
  ]);
  const current = positionsByAsk.get(askId);
  return states
    .filter((state) => state.unStatus === "member" || current?.has(state.iso3))
    .map((state) => {
      const position = current?.get(state.iso3);
      return {
        state: state.iso3,
        name: state.name,
        position: position?.position ?? noInformation,
        observedOn: position?.observedOn ?? null,
      };
    });
}

type Upload =
  | { ok: true; text: string; rowByLine?: Map<number, number> }
  | { ok: false; error: PositionCsvError };

async function readUpload(request: Request): Promise<Upload> {
  const type = mediaType(request);
  if (type === "text/csv") {
    return decodeCsvUpload(await readLimitedBody(request, maxPositionCsvBytes));
  }
  if (type === "application/json") {
    const body = parseJson(await readLimitedBody(request, maxPositionCsvBytes));
    return { ok: true, ...jsonRowsToCsv(parseOrThrow(jsonImportSchema, body).rows) };
  }
  throw apiJsonError(
    415,
    "Send positions as 'Content-Type: text/csv' (the import CSV) or 'application/json' ({rows: [...]})",
  );
}

// Only the shape is checked here: the values go through the CSV import's validator.
const jsonCell = z
  .string()
  .nullish()
  .transform((value) => value ?? "");
const jsonImportSchema = z.object({
  rows: z.array(
    z.object(Object.fromEntries(positionCsvColumns.map((column) => [column, jsonCell]))),
  ),
});

/**
 * JSON rows as import CSV text, and which row starts on which CSV line: a
 * multi-line evidence cell spans several lines, so the report can name rows.
 */
function jsonRowsToCsv(rows: Array<Record<string, string>>) {
  const rowByLine = new Map<number, number>();
  let line = 2;
  rows.forEach((row, index) => {
    rowByLine.set(line, index);
    line += 1 + Object.values(row).reduce((sum, cell) => sum + lineBreaks(cell), 0);
  });
  // Raw, not spreadsheet-escaped: the validator must see a formula to refuse it.
  const text = stringify(rows, { header: true, columns: [...positionCsvColumns] });
  return { text, rowByLine };
}

function lineBreaks(text: string): number {
  return text.match(/\r\n?|\n/g)?.length ?? 0;
}

/** Adds each JSON row's index beside the CSV line the report gives. */
function withJsonRows(report: ImportReport, rowByLine: Map<number, number>) {
  return {
    ...report,
    rows: report.rows.map((row) => ({ ...row, row: rowByLine.get(row.line) })),
    errors: report.errors.map((error) => ({ ...error, row: rowByLine.get(error.line) })),
  };
}

function reportResponse(report: ImportReport): Response {
  const problems = report.errors.length;
  if (problems === 0) return Response.json(report);
  const summary = `${problems} ${problems === 1 ? "problem" : "problems"} in the upload; nothing was stored`;
  return apiJsonError(422, summary, report);
}
