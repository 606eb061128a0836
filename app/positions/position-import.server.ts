import { and, asc, eq, inArray } from "drizzle-orm";
import { positionEvents } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import { stateResolverFromSeed } from "~/states/state-resolver";
import {
  maxPositionCsvBytes,
  type PositionCsvError,
  type PositionCsvRow,
  parsePositionCsv,
} from "./position-csv.server";
import { todayUtc } from "./positions.server";
import type { Position } from "./stance";

export interface ImportRowReport {
  line: number;
  iso3: string;
  stateName: string;
  from: Position;
  to: Position;
  observedOn: string;
  visibility: "public" | "internal";
  /** True when the row becomes the state's current position and differs from it (a backdated or repeated observation is still recorded, as evidence). */
  changes: boolean;
}

export interface ImportReport {
  dryRun: boolean;
  applied: boolean;
  rows: ImportRowReport[];
  errors: PositionCsvError[];
}

export type DecodedUpload = { ok: true; text: string } | { ok: false; error: PositionCsvError };

/** Bytes to text: UTF-8 only (with or without BOM), at most 5 MB. */
export function decodeCsvUpload(bytes: Uint8Array): DecodedUpload {
  if (bytes.byteLength > maxPositionCsvBytes) {
    return {
      ok: false,
      error: { line: 1, message: "The file is larger than 5 MB; split it into smaller files." },
    };
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return {
      ok: false,
      error: {
        line: firstInvalidUtf8Line(bytes),
        message:
          "The file is not UTF-8 text. In your spreadsheet choose “CSV UTF-8” when saving, then upload it again.",
      },
    };
  }
}

function firstInvalidUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line += 1;
      start = i + 1;
    }
  }
  return 1;
}

type Observation = { position: Position; observedOn: string };

/** Every recorded observation of these states on the ask, oldest first. */
async function positionHistory(db: DbOrTx, askId: number, stateCodes: string[]) {
  const history = new Map<string, Observation[]>();
  if (stateCodes.length === 0) return history;
  const events = await db
    .select({
      stateIso3: positionEvents.stateIso3,
      position: positionEvents.position,
      observedOn: positionEvents.observedOn,
    })
    .from(positionEvents)
    .where(and(eq(positionEvents.askId, askId), inArray(positionEvents.stateIso3, stateCodes)))
    .orderBy(asc(positionEvents.observedOn), asc(positionEvents.id));
  for (const event of events) {
    const list = history.get(event.stateIso3) ?? [];
    list.push(event);
    history.set(event.stateIso3, list);
  }
  return history;
}

/** The position in force on a day: the latest observation on or before it (ties: the later one). */
function inForce(observations: Observation[], day: string): Position {
  let position: Position = "no_information";
  for (const o of observations) if (o.observedOn <= day) position = o.position;
  return position;
}

/**
 * What each row does. `from` is the position in force on the row's date,
 * counting earlier rows of the file; a row "changes" the tracker only when it
 * becomes the state's latest observation and differs from today's position.
 */
function reportRows(
  parsedRows: PositionCsvRow[],
  history: Map<string, Observation[]>,
): ImportRowReport[] {
  const ordered = [...parsedRows].sort(
    (a, b) => a.observedOn.localeCompare(b.observedOn) || a.line - b.line,
  );
  const timeline = new Map([...history].map(([iso3, list]) => [iso3, [...list]]));
  const reports = new Map<number, ImportRowReport>();
  for (const row of ordered) {
    const observations = timeline.get(row.iso3) ?? [];
    const before = history.get(row.iso3) ?? [];
    const currentBefore = before.at(-1)?.position ?? "no_information";
    const latestDay = [...observations].at(-1)?.observedOn ?? "";
    reports.set(row.line, {
      line: row.line,
      iso3: row.iso3,
      stateName: row.stateName,
      from: inForce(observations, row.observedOn),
      to: row.position,
      observedOn: row.observedOn,
      visibility: row.visibility,
      changes:
        row.observedOn >= latestDay &&
        row.position !== currentBefore &&
        isLastForState(row, ordered),
    });
    observations.push({ position: row.position, observedOn: row.observedOn });
    timeline.set(row.iso3, observations);
  }
  return parsedRows
    .map((row) => reports.get(row.line))
    .filter((r): r is ImportRowReport => Boolean(r));
}

function isLastForState(row: PositionCsvRow, ordered: PositionCsvRow[]): boolean {
  return ordered.filter((r) => r.iso3 === row.iso3).at(-1) === row;
}

/**
 * Checks a positions CSV against an ask and, unless it is a dry run or any
 * row has an error, records every row in one transaction: all or nothing.
 */
export async function importPositions(
  db: DbOrTx,
  actor: Actor,
  askId: number,
  text: string,
  options: { dryRun: boolean; today?: string },
): Promise<ImportReport> {
  const parsed = parsePositionCsv(text, {
    resolveState: stateResolverFromSeed(),
    today: options.today ?? todayUtc(),
  });
  const history = await positionHistory(db, askId, [...new Set(parsed.rows.map((r) => r.iso3))]);
  const rows = reportRows(parsed.rows, history);
  const report = { dryRun: options.dryRun, applied: false, rows, errors: parsed.errors };
  if (options.dryRun || parsed.errors.length > 0 || parsed.rows.length === 0) return report;
  await db.transaction(async (tx) => {
    await tx.insert(positionEvents).values(
      parsed.rows.map((row) => ({
        askId,
        stateIso3: row.iso3,
        position: row.position,
        observedOn: row.observedOn,
        sourceUrl: row.sourceUrl,
        evidence: row.evidence,
        visibility: row.visibility,
        recordedBy: actor.kind === "staff" ? actor.userId : null,
      })),
    );
    await recordAudit(tx, actor, {
      action: "position_event.import",
      entityType: "ask",
      entityId: askId,
      details: { rows: parsed.rows.length, changes: rows.filter((r) => r.changes).length },
    });
  });
  return { ...report, applied: true };
}
