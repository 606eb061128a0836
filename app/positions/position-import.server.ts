import { positionEvents } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import { stateResolverFromSeed } from "~/states/state-resolver";
import { maxPositionCsvBytes, type PositionCsvError, parsePositionCsv } from "./position-csv";
import { currentPositions, todayUtc } from "./positions.server";
import type { Position } from "./stance";

export interface ImportRowReport {
  line: number;
  iso3: string;
  stateName: string;
  from: Position;
  to: Position;
  observedOn: string;
  visibility: "public" | "internal";
  /** False when the row only repeats the current position (it is still recorded as evidence). */
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
  const current =
    (await currentPositions(db, [askId], { audience: "staff" })).get(askId) ?? new Map();
  const rows = parsed.rows.map((row) => {
    const from = current.get(row.iso3)?.position ?? "no_information";
    return {
      line: row.line,
      iso3: row.iso3,
      stateName: row.stateName,
      from,
      to: row.position,
      observedOn: row.observedOn,
      visibility: row.visibility,
      changes: from !== row.position,
    };
  });
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
