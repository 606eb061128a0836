import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { z } from "zod";
import * as schema from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import { csvLines } from "~/lib/csv-encoder";
import type { Database } from "~/lib/db.server";
import { knownTimeZone } from "~/lib/time-zones";
import { dailyCountColumns, funnelCountColumns } from "./funnel";
import { dailyCountsQuery, stateMetricsQuery } from "./metrics.server";
import { dayIn, defaultTimeZone, type MetricsRange } from "./metrics-range";
import { endOfDay, startOfDay, withinRange } from "./range-sql.server";

/**
 * Streamed exports: rows come from a server-side cursor a batch at a time and
 * leave as CSV or JSON while the next batch is read, so memory stays flat
 * whatever the number of rows.
 */

export { neutraliseFormula } from "~/lib/csv-encoder";

export const exportKinds = [
  "letters",
  "positions",
  "responses",
  "metrics",
  "state-metrics",
  "source-metrics",
] as const;
export type ExportKind = (typeof exportKinds)[number];
export const exportFormats = ["csv", "json"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportKindLabels: Record<ExportKind, string> = {
  letters: "Letters",
  positions: "Positions, with their history",
  responses: "Delegation responses",
  metrics: "Daily metrics",
  "state-metrics": "Metrics per state",
  "source-metrics": "Letters per partner (embed source)",
};

export interface ExportOptions {
  campaignId: number;
  kind: ExportKind;
  format: ExportFormat;
  /** CSV only: a UTF-8 byte-order mark, so Excel reads accents right. */
  bom?: boolean;
  /** Letters only: adds the supporter's name, e-mail, city and paragraph. Admins only. */
  includePersonalData?: boolean;
  /** Who exports; required with `includePersonalData`, for the audit log. */
  actor?: Actor;
  /** Inclusive days; letters by creation, positions by observation, responses by receipt. */
  from?: string;
  to?: string;
  timeZone?: string;
  /** The request's signal: a client that goes away stops the query. */
  signal?: AbortSignal;
  /** Called after each batch with the rows sent so far. */
  onProgress?: (rows: number) => void;
  batchSize?: number;
}

export class PersonalDataExportError extends Error {}

/** `letters.csv` → { kind: "letters", format: "csv" }, or null. */
export function parseExportFile(file: string | undefined): {
  kind: ExportKind;
  format: ExportFormat;
} | null {
  const match = /^([a-z-]+)\.([a-z]+)$/.exec(file ?? "");
  const kind = exportKinds.find((k) => k === match?.[1]);
  const format = exportFormats.find((f) => f === match?.[2]);
  return kind && format ? { kind, format } : null;
}

const flag = z
  .enum(["", "0", "1", "false", "true", "no", "yes"], { error: "Use 1 or 0" })
  .optional()
  .transform((value) => value === "1" || value === "true" || value === "yes");

/** The query string of both export routes: `?personal=1&bom=1&from=…&to=…&tz=…`. */
export const exportQuerySchema = z
  .object({
    personal: flag,
    bom: flag,
    from: z.iso.date({ error: "from must be a date like 2026-03-01" }).optional(),
    to: z.iso.date({ error: "to must be a date like 2026-03-01" }).optional(),
    tz: z
      .string()
      .optional()
      .transform((value, context) => {
        const zone = knownTimeZone(value?.trim() || defaultTimeZone);
        if (zone) return zone;
        context.addIssue({ code: "custom", message: "tz must be an IANA time zone" });
        return z.NEVER;
      }),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: "from must be on or before to",
    path: ["from"],
  });

export function exportFilename(
  campaignSlug: string,
  kind: ExportKind,
  format: ExportFormat,
  options: { personal?: boolean; now?: Date } = {},
): string {
  const day = dayIn(options.now ?? new Date(), defaultTimeZone);
  return `${campaignSlug}-${kind}${options.personal ? "-personal-data" : ""}-${day}.${format}`;
}

export function exportHeaders(filename: string, format: ExportFormat): HeadersInit {
  return {
    "Content-Type":
      format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
    "Content-Disposition": `attachment; filename="${filename}"`,
    "Cache-Control": "no-store",
  };
}

export type ExportFile = NonNullable<ReturnType<typeof parseExportFile>>;
export type ExportRequestQuery = z.output<typeof exportQuerySchema>;

/**
 * Streams one export as a download, for the staff page and the API alike. The caller has found
 * the campaign and the file, parsed the query and checked that `personal` is allowed.
 */
export async function exportResponse(
  db: Database,
  {
    campaign,
    file,
    query,
    actor,
    signal,
  }: {
    campaign: { id: number; slug: string };
    file: ExportFile;
    query: ExportRequestQuery;
    actor: Actor;
    signal: AbortSignal;
  },
): Promise<Response> {
  const { personal, bom, from, to, tz } = query;
  const stream = await exportStream(
    { sql: sqlClient(db) },
    {
      campaignId: campaign.id,
      ...file,
      bom,
      includePersonalData: personal,
      actor,
      from,
      to,
      timeZone: tz,
      signal,
    },
  );
  const filename = exportFilename(campaign.slug, file.kind, file.format, {
    // Only letters carry personal data.
    personal: personal && file.kind === "letters",
  });
  return new Response(stream, { headers: exportHeaders(filename, file.format) });
}

/** The postgres.js client behind the app's drizzle handle, for cursors. */
export function sqlClient(db: Database): postgres.Sql {
  const client = (db as unknown as { $client?: postgres.Sql }).$client;
  if (!client) throw new Error("The database handle has no postgres.js client");
  return client;
}

// ---------------------------------------------------------------------------
// What each kind selects. Every column is text or a number, named as in the file.

interface ExportQuery {
  columns: readonly string[];
  query: SQL;
}

interface CampaignFacts {
  slug: string;
  startsOn: string;
}

const utcTimestamp = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

const letterColumns = [
  "id",
  "campaign",
  "ask",
  "state",
  "target_kind",
  "language",
  "status",
  "created_at",
  "confirmed_at",
  "sent_at",
  "source",
] as const;
const personalColumns = [
  "supporter_name",
  "supporter_email",
  "supporter_city",
  "personal_paragraph",
] as const;

function lettersExport(options: ExportOptions, range: Partial<MetricsRange>): ExportQuery {
  const personal = options.includePersonalData === true;
  return {
    columns: personal ? [...letterColumns, ...personalColumns] : letterColumns,
    query: sql`select l.id, c.slug as campaign, a.slug as ask, l.state_iso3 as state,
        l.target_kind::text as target_kind, l.language, l.status::text as status,
        ${utcTimestamp("l.created_at")} as created_at,
        ${utcTimestamp("l.confirmed_at")} as confirmed_at,
        ${utcTimestamp("l.sent_at")} as sent_at,
        ${letterSourceName} as source
        ${
          personal
            ? sql`, s.name as supporter_name, s.email as supporter_email,
              s.city as supporter_city, l.personal_paragraph`
            : sql``
        }
      from letters l
        join campaigns c on c.id = l.campaign_id
        join asks a on a.id = l.ask_id
        left join letter_sources ls on ls.letter_id = l.id
        ${personal ? sql`left join supporters s on s.id = l.supporter_id` : sql``}
      where l.campaign_id = ${options.campaignId}
        ${rangeFilter(sql`l.created_at`, range)}
      order by l.id`,
  };
}

/** Whom a letter came through: a partner's source code, else the site that framed the form; "" when direct. */
const letterSourceName = sql`coalesce(ls.source_code, ls.origin, '')`;

/** Letters and how far they went, per partner (the embed's source), direct ones as "". */
function sourceMetricsExport(options: ExportOptions, range: Partial<MetricsRange>): ExportQuery {
  return {
    columns: ["source", "letters", "confirmed", "sent"],
    query: sql`select ${letterSourceName} as source, count(*)::int as letters,
        count(l.confirmed_at)::int as confirmed, count(l.sent_at)::int as sent
      from letters l left join letter_sources ls on ls.letter_id = l.id
      where l.campaign_id = ${options.campaignId}
        ${rangeFilter(sql`l.created_at`, range)}
      group by 1
      order by 1`,
  };
}

/** Timestamps: the zone's days; a missing end is open. */
function rangeFilter(column: SQL, range: Partial<MetricsRange>): SQL {
  const timeZone = range.timeZone ?? defaultTimeZone;
  if (range.from && range.to) {
    return sql`and ${withinRange(column, { from: range.from, to: range.to, timeZone })}`;
  }
  if (range.from) return sql`and ${column} >= ${startOfDay(range.from, timeZone)}`;
  if (range.to) return sql`and ${column} < ${endOfDay(range.to, timeZone)}`;
  return sql``;
}

/** Calendar-day columns. */
function dayFilter(column: SQL, range: Partial<MetricsRange>): SQL {
  return sql`${range.from ? sql`and ${column} >= ${range.from}::date` : sql``}
    ${range.to ? sql`and ${column} <= ${range.to}::date` : sql``}`;
}

function positionsExport(options: ExportOptions, range: Partial<MetricsRange>): ExportQuery {
  return {
    columns: [
      "id",
      "ask",
      "state",
      "state_name",
      "position",
      "observed_on",
      "confidence",
      "visibility",
      "source_url",
      "source_title",
      "evidence",
      "response_id",
      "recorded_at",
    ],
    query: sql`select e.id, a.slug as ask, e.state_iso3 as state, s.name as state_name,
        e.position::text as position, e.observed_on::text as observed_on,
        e.confidence::text as confidence, e.visibility::text as visibility,
        e.source_url, e.source_title, e.evidence, e.response_id,
        ${utcTimestamp("e.recorded_at")} as recorded_at
      from position_events e
        join asks a on a.id = e.ask_id
        join states s on s.iso3 = e.state_iso3
      where a.campaign_id = ${options.campaignId} ${dayFilter(sql`e.observed_on`, range)}
      order by a.position, a.id, s.name, e.observed_on, e.id`,
  };
}

function responsesExport(options: ExportOptions, range: Partial<MetricsRange>): ExportQuery {
  return {
    columns: [
      "id",
      "state",
      "state_name",
      "channel",
      "received_on",
      "asks",
      "responder",
      "summary",
      "full_text",
      "visibility",
      "letter_id",
      "recorded_at",
    ],
    query: sql`select r.id, r.state_iso3 as state, s.name as state_name,
        r.channel::text as channel, r.received_on::text as received_on,
        (select string_agg(a.slug, ' ' order by a.position, a.id)
          from response_asks ra join asks a on a.id = ra.ask_id
          where ra.response_id = r.id) as asks,
        r.responder, r.summary, r.full_text, r.visibility::text as visibility, r.letter_id,
        ${utcTimestamp("r.recorded_at")} as recorded_at
      from delegation_responses r join states s on s.iso3 = r.state_iso3
      where r.campaign_id = ${options.campaignId} ${dayFilter(sql`r.received_on`, range)}
      order by r.received_on, r.id`,
  };
}

/** Daily and per-state metrics need a whole range: by default the campaign's start to today. */
function wholeRange(campaign: CampaignFacts, range: Partial<MetricsRange>): MetricsRange {
  const timeZone = range.timeZone ?? defaultTimeZone;
  const to = range.to ?? dayIn(new Date(), timeZone);
  // ISO days sort as text; a campaign that starts in the future starts today here.
  const from = range.from ?? [campaign.startsOn, to].sort()[0] ?? to;
  return { from, to, timeZone };
}

function exportQuery(options: ExportOptions, campaign: CampaignFacts): ExportQuery {
  const range = { from: options.from, to: options.to, timeZone: options.timeZone };
  switch (options.kind) {
    case "letters":
      return lettersExport(options, range);
    case "positions":
      return positionsExport(options, range);
    case "responses":
      return responsesExport(options, range);
    case "metrics":
      return {
        columns: ["date", ...dailyCountColumns],
        query: dailyCountsQuery(options.campaignId, wholeRange(campaign, range)),
      };
    case "source-metrics":
      return sourceMetricsExport(options, range);
    case "state-metrics":
      return {
        columns: [
          "state",
          "state_name",
          ...funnelCountColumns,
          "answered",
          "median_days_to_answer",
          "responses",
        ],
        query: stateMetricsQuery(options.campaignId, wholeRange(campaign, range)),
      };
  }
}

// ---------------------------------------------------------------------------
// Encoding

/** A row as the cursor gives it: the file's cells, in the file's column order. */
type Cells = readonly unknown[];

interface Encoder {
  head: string;
  batch: (rows: readonly Cells[]) => string;
  tail: string;
}

function csvEncoder(columns: readonly string[], bom: boolean): Encoder {
  return {
    head: (bom ? "\uFEFF" : "") + csvLines([columns]),
    batch: csvLines,
    tail: "",
  };
}

/** One JSON array, written an element at a time: `[\n{…},\n{…}\n]\n`. */
function jsonEncoder(columns: readonly string[]): Encoder {
  let first = true;
  const element = (cells: Cells) => {
    const row = Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? null]));
    const separator = first ? "\n" : ",\n";
    first = false;
    return separator + JSON.stringify(row);
  };
  return {
    head: "[",
    batch: (rows) => rows.map(element).join(""),
    get tail() {
      return first ? "]\n" : "\n]\n";
    },
  };
}

// ---------------------------------------------------------------------------
// The stream

const dialect = new PgDialect();

/**
 * Rows per cursor round trip. The next batch is on its way while one is encoded, so round
 * trips cost little: at 200k letters, batches of 2,000 ran as fast as batches of 10,000 and
 * the export process peaked 5-25 MB lower. Two batches are held at most: the one being sent
 * and the one on its way.
 */
const defaultBatchSize = 2_000;

/**
 * The export as a byte stream. The query runs when the stream is first read;
 * each read sends one batch while the cursor fetches the next. A personal-data
 * export of letters is written to the audit log before anything is read.
 */
export async function exportStream(
  { sql: client }: { sql: postgres.Sql },
  options: ExportOptions,
): Promise<ReadableStream<Uint8Array>> {
  const [campaign] = await client<CampaignFacts[]>`
    select slug, starts_on::text as "startsOn" from campaigns where id = ${options.campaignId}`;
  if (!campaign) throw new Error(`There is no campaign ${options.campaignId}`);
  const personal = options.includePersonalData === true && options.kind === "letters";
  if (personal) await auditPersonalDataExport(client, options);
  const { columns, query } = exportQuery({ ...options, includePersonalData: personal }, campaign);
  const encoder =
    options.format === "csv" ? csvEncoder(columns, options.bom === true) : jsonEncoder(columns);
  const compiled = dialect.sqlToQuery(inFileOrder(columns, query));
  return cursorStream(
    () => client.unsafe(compiled.sql, compiled.params as never[]).values(),
    encoder,
    options,
  );
}

/**
 * The kind's query with exactly the file's columns, in the file's order, so rows can come as
 * arrays (no object per row) whatever order the query selects them in.
 */
function inFileOrder(columns: readonly string[], query: SQL): SQL {
  const list = columns.map((column) => sql.identifier(column));
  return sql`select ${sql.join(list, sql`, `)} from (${query}) as export_rows`;
}

async function auditPersonalDataExport(client: postgres.Sql, options: ExportOptions) {
  if (!options.actor) {
    throw new PersonalDataExportError("A personal-data export needs an actor for the audit log");
  }
  await recordAudit(drizzle(client, { schema }), options.actor, {
    action: "export.personal_data",
    entityType: "campaign",
    entityId: options.campaignId,
    details: {
      kind: options.kind,
      format: options.format,
      from: options.from ?? null,
      to: options.to ?? null,
    },
  });
}

function cursorStream(
  run: () => { cursor(rows: number): AsyncIterable<Cells[]> },
  encoder: Encoder,
  options: Pick<ExportOptions, "signal" | "onProgress" | "batchSize">,
): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder();
  let batches: AsyncIterator<Cells[]> | undefined;
  // The batch on its way: asked for before the previous one is encoded, so the database
  // produces it while this process encodes and sends.
  let next: Promise<IteratorResult<Cells[]>> | undefined;
  let rows = 0;
  const fetchNext = (cursor: AsyncIterator<Cells[]>) => {
    // postgres.js answers a finished cursor's `next` with a plain object, not a promise.
    next = Promise.resolve(cursor.next());
    // Its failure is met by the next read or by closeCursor, not left unhandled meanwhile.
    next.catch(() => {});
    return next;
  };
  // A cursor closed while a batch is on its way would leave the connection waiting for ever:
  // no further fetch, let the batch arrive, then close.
  const closeCursor = async () => {
    const cursor = batches;
    batches = undefined;
    await next?.catch(() => {});
    await cursor?.return?.();
    next = undefined;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(bytes.encode(encoder.head));
      },
      async pull(controller) {
        if (options.signal?.aborted) {
          await closeCursor();
          controller.close();
          return;
        }
        batches ??= run()
          .cursor(options.batchSize ?? defaultBatchSize)
          [Symbol.asyncIterator]();
        const { done, value } = await (next ?? fetchNext(batches));
        // Cancelled while the batch was on its way: closeCursor closes the cursor.
        if (!batches) return;
        if (done) {
          batches = undefined;
          next = undefined;
          controller.enqueue(bytes.encode(encoder.tail));
          controller.close();
          return;
        }
        fetchNext(batches);
        rows += value.length;
        controller.enqueue(bytes.encode(encoder.batch(value)));
        options.onProgress?.(rows);
      },
      cancel: closeCursor,
    },
    // One batch waiting at most: the reader sets the pace.
    { highWaterMark: 1 },
  );
}

// ---------------------------------------------------------------------------
// Links for the dashboard

export interface ExportLink {
  kind: ExportKind;
  label: string;
  /** What the file covers: the dashboard's period, or everything. */
  scope: string;
  csv: string;
  excel: string;
  json: string;
}

/** Letters and metrics follow the dashboard's period; positions and responses are whole. */
const rangedKinds: readonly ExportKind[] = ["letters", "metrics", "state-metrics"];

export function exportLinks(
  campaignSlug: string,
  range: MetricsRange,
  options: { personalData: boolean },
): { links: ExportLink[]; personalData: string | null } {
  const href = (kind: ExportKind, format: ExportFormat, extra: Record<string, string> = {}) => {
    const query = new URLSearchParams({
      ...(rangedKinds.includes(kind) ? { from: range.from, to: range.to, tz: range.timeZone } : {}),
      ...extra,
    }).toString();
    return `/staff/campaigns/${campaignSlug}/export/${kind}.${format}${query ? `?${query}` : ""}`;
  };
  const links = exportKinds.map((kind) => ({
    kind,
    label: exportKindLabels[kind],
    scope: rangedKinds.includes(kind) ? `${range.from} to ${range.to}` : "all",
    csv: href(kind, "csv"),
    excel: href(kind, "csv", { bom: "1" }),
    json: href(kind, "json"),
  }));
  return {
    links,
    personalData: options.personalData ? href("letters", "csv", { personal: "1", bom: "1" }) : null,
  };
}
