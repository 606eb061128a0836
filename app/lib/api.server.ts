import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import type { DbOrTx } from "~/lib/db.server";

/** Every /api/v1 error is JSON: `{ error }` plus whatever detail helps the client fix it. */
export function apiJsonError(
  status: number,
  error: string,
  extra: object = {},
  headers?: HeadersInit,
): Response {
  return Response.json({ error, ...extra }, { status, headers });
}

export interface ApiIssue {
  path: Array<string | number>;
  message: string;
}

export function apiIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === "number" ? key : String(key))),
    message: issue.message,
  }));
}

/** Parses a value with a schema, or throws a 400 naming each invalid field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  error = "The request is not valid",
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw apiJsonError(400, error, { issues: apiIssues(parsed.error) });
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return parseOrThrow(schema, query, "The query string is not valid");
}

/** `?asOf=YYYY-MM-DD`: zod's ISO date also refuses days that do not exist (2026-02-30). */
export const asOfParam = z.iso.date({ error: "asOf must be a date like 2026-06-01" }).optional();

/** Remix sends every non-GET method to the action: refuse the ones a route does not serve. */
export function requireMethod(request: Request, method: string): void {
  if (request.method !== method) {
    throw apiJsonError(405, `Use ${method} here`, {}, { Allow: `GET, ${method}` });
  }
}

/** The body's media type without parameters: "text/csv; charset=utf-8" is "text/csv". */
export function mediaType(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function bodyTooLarge(maxBytes: number): Response {
  return apiJsonError(413, `The body is larger than ${maxBytes / (1024 * 1024)} MB`, {
    maxBytes,
  });
}

/**
 * Reads a request body of at most `maxBytes`, or throws a 413. A declared
 * Content-Length is refused before reading; an undeclared or understated one
 * is counted as it streams, and reading stops at the limit, so an oversized
 * upload is never held in memory.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (Number(request.headers.get("Content-Length")) > maxBytes) throw bodyTooLarge(maxBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** A JSON body (415 for another media type, 400 if it does not parse). */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  if (mediaType(request) !== "application/json") {
    throw apiJsonError(415, "Send the body as JSON with 'Content-Type: application/json'");
  }
  return parseJson(await readLimitedBody(request, maxBytes));
}

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw apiJsonError(400, "The body is not valid UTF-8 JSON");
  }
}

/** A campaign (any status: the API is for staff) with its asks, or a 404. */
export async function requireApiCampaign(db: DbOrTx, slug: string | undefined) {
  const campaign = await getCampaignWithAsks(db, slug ?? "");
  if (!campaign) throw apiJsonError(404, `There is no campaign "${slug}"`);
  return campaign;
}

export async function requireAsk(
  db: DbOrTx,
  campaignSlug: string | undefined,
  askSlug: string | undefined,
) {
  const campaign = await requireApiCampaign(db, campaignSlug);
  const ask = campaign.asks.find((candidate) => candidate.slug === askSlug);
  if (!ask) throw apiJsonError(404, `Campaign "${campaign.slug}" has no ask "${askSlug}"`);
  return { campaign, ask };
}

/**
 * CSV for people to open in a spreadsheet. A cell starting with =, +, -, @,
 * tab or CR gets a leading "'", so a spreadsheet shows it instead of running it.
 */
export function spreadsheetCsv<Column extends string>(
  columns: readonly Column[],
  records: ReadonlyArray<Record<Column, string>>,
): string {
  return stringify(records as Array<Record<Column, string>>, {
    header: true,
    columns: [...columns],
    escape_formulas: true,
  });
}

export function csvResponse(csv: string, filename: string): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
}
