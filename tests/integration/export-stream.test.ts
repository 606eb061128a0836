import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { exportKinds, exportStream, neutraliseFormula } from "~/metrics/exports.server";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

const letterCount = 200_000;
const mb = 1024 * 1024;

// A full collection now and then shows what the stream *keeps*, apart from garbage not yet collected.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/**
 * Counts lines and sums the first field (the id) of each, across chunk
 * boundaries, byte by byte: the check itself allocates next to nothing.
 */
function lineScanner() {
  let lines = 0;
  let idSum = 0n;
  let id = 0;
  let inId = true;
  let header = true;
  return {
    scan(bytes: Uint8Array) {
      for (const byte of bytes) {
        if (byte === 0x0a) {
          lines += 1;
          header = false;
          inId = true;
          id = 0;
        } else if (inId && !header) {
          if (byte === 0x2c) {
            idSum += BigInt(id);
            inId = false;
          } else id = id * 10 + (byte - 0x30);
        }
      }
    },
    get lines() {
      return lines;
    },
    get idSum() {
      return idSum;
    },
  };
}

let database: TestDatabase;
let campaignId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
  const campaign = await getCampaignWithAsks(database.db, demoCampaignSlug);
  const ask = campaign?.asks[0];
  if (!campaign || !ask) throw new Error("demo campaign missing");
  campaignId = campaign.id;
  // One statement: the rows never pass through this process.
  await database.sql`
    insert into letters (campaign_id, ask_id, state_iso3, target_kind, language, subject,
      template_version, status, bounce_token, created_at, confirmed_at, sent_at)
    select ${campaign.id}, ${ask.id}, (array['FRA', 'DEU', 'GBR', 'ITA', 'ESP'])[1 + g % 5],
      'ministry', case when g % 3 = 0 then 'fr' else 'en' end, 'Iran: end impunity', 'file',
      case when g % 10 = 0 then 'awaiting_confirmation'::letter_status else 'sent' end,
      'stream-' || g,
      timestamptz '2026-01-15 00:00:00+00' + g * interval '7 seconds',
      case when g % 10 <> 0 then timestamptz '2026-01-15 00:01:00+00' + g * interval '7 seconds' end,
      case when g % 10 <> 0 then timestamptz '2026-01-15 00:02:00+00' + g * interval '7 seconds' end
    from generate_series(1, ${letterCount}) as g`;
}, 120_000);
afterAll(() => database.drop());

/** The expected file, built by the database alone from the same rows. */
async function expectedChecksum(): Promise<{ sha256: string; rows: number; idSum: string }> {
  const utc = (column: string) =>
    `coalesce(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), '')`;
  const [row] = await database.sql.unsafe<{ sha256: string; rows: number; id_sum: string }[]>(
    `select encode(sha256(convert_to(
        'id,campaign,ask,state,target_kind,language,status,created_at,confirmed_at,sent_at,source' || E'\\n'
        || string_agg(
          concat_ws(',', l.id, c.slug, a.slug, l.state_iso3, l.target_kind, l.language, l.status,
            ${utc("l.created_at")}, ${utc("l.confirmed_at")}, ${utc("l.sent_at")},
            coalesce(ls.source_code, ls.origin, '')),
          E'\\n' order by l.id)
        || E'\\n', 'UTF8')), 'hex') as sha256,
      count(*)::int as rows,
      sum(l.id)::text as id_sum
    from letters l join campaigns c on c.id = l.campaign_id join asks a on a.id = l.ask_id
      left join letter_sources ls on ls.letter_id = l.id
    where l.campaign_id = $1`,
    [campaignId],
  );
  if (!row) throw new Error("no checksum");
  return { sha256: row.sha256, rows: row.rows, idSum: row.id_sum };
}

describe("streaming a large export", () => {
  it(`streams ${letterCount} letters as CSV in constant memory, byte for byte`, async () => {
    const hash = createHash("sha256");
    const lines = lineScanner();
    let firstChunk: Uint8Array | undefined;
    let lastByte = 0;
    collectGarbage();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    let peakKept = baseline.heapUsed;
    let chunks = 0;
    const started = performance.now();

    const stream = await exportStream(database, { campaignId, kind: "letters", format: "csv" });
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      firstChunk ??= value;
      lastByte = value.at(-1) ?? lastByte;
      hash.update(value);
      lines.scan(value);
      const memory = process.memoryUsage();
      peakRss = Math.max(peakRss, memory.rss);
      peakHeap = Math.max(peakHeap, memory.heapUsed);
      chunks += 1;
      if (chunks % 20 === 0) {
        collectGarbage();
        peakKept = Math.max(peakKept, process.memoryUsage().heapUsed);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const expected = await expectedChecksum();

    expect(new TextDecoder().decode(firstChunk).split("\n")[0]).toBe(
      "id,campaign,ask,state,target_kind,language,status,created_at,confirmed_at,sent_at,source",
    );
    expect(lastByte).toBe(0x0a);
    expect(expected.rows).toBe(letterCount);
    expect(lines.lines - 1).toBe(letterCount);
    expect(lines.idSum.toString()).toBe(expected.idSum);
    expect(hash.digest("hex")).toBe(expected.sha256);
    // Held at once, the 200 000 rows take about 300 MB; streamed, the process keeps one batch.
    const rssGrowth = (peakRss - baseline.rss) / mb;
    const keptGrowth = (peakKept - baseline.heapUsed) / mb;
    expect(rssGrowth).toBeLessThan(100);
    expect(keptGrowth).toBeLessThan(10);

    // Figures for docs and reviews; only written when asked, never printed.
    if (process.env.EXPORT_FIGURES) {
      const figures = {
        rows: letterCount,
        seconds: Number(seconds.toFixed(2)),
        rowsPerSecond: Math.round(letterCount / seconds),
        rssGrowthMb: Number(rssGrowth.toFixed(1)),
        heapGrowthMb: Number(((peakHeap - baseline.heapUsed) / mb).toFixed(1)),
        heapKeptAfterGcMb: Number(keptGrowth.toFixed(1)),
        baselineRssMb: Math.round(baseline.rss / mb),
      };
      writeFileSync(process.env.EXPORT_FIGURES, `${JSON.stringify(figures, null, 2)}\n`);
    }
  }, 120_000);

  it("stops the query when the reader cancels, and the connection is usable again", async () => {
    const stream = await exportStream(database, {
      campaignId,
      kind: "letters",
      format: "json",
      batchSize: 500,
    });
    const reader = stream.getReader();
    const first = await reader.read();
    const second = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("[");
    expect(new TextDecoder().decode(second.value).split("\n")).toHaveLength(501);
    await reader.cancel();
    // Every pooled connection still answers: none is stuck behind a half-read cursor.
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => database.sql`select 1 as one`),
    );
    expect(answers.map(([row]) => row?.one)).toEqual([1, 1, 1, 1, 1]);
  });

  it("stops when the request is aborted", async () => {
    const controller = new AbortController();
    const stream = await exportStream(database, {
      campaignId,
      kind: "letters",
      format: "csv",
      signal: controller.signal,
    });
    const reader = stream.getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    let chunks = 0;
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      chunks += 1;
    }
    // At most the batch already on its way.
    expect(chunks).toBeLessThanOrEqual(1);
    const [row] = await database.sql`select count(*)::int as n from letters`;
    expect(row?.n).toBe(letterCount);
  });
});

describe("rows as arrays, a batch fetched while the last is sent", () => {
  it("writes the same bytes whatever the batch size", async () => {
    const stream = await exportStream(database, {
      campaignId,
      kind: "letters",
      format: "csv",
      batchSize: 999,
    });
    const hash = createHash("sha256");
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      hash.update(read.value);
    }
    expect(hash.digest("hex")).toBe((await expectedChecksum()).sha256);
  }, 60_000);

  it("closes the cursor when cancelled while a batch is on its way", async () => {
    const stream = await exportStream(database, {
      campaignId,
      kind: "letters",
      format: "csv",
      batchSize: 500,
    });
    const reader = stream.getReader();
    await reader.read();
    // Asks for the first batch, and cancels before it arrives.
    const pending = reader.read();
    await reader.cancel();
    expect((await pending).done).toBe(true);
    // No connection is left inside the export's query, open or waiting.
    const stillOpen = async () => {
      const [row] = await database.sql`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and state <> 'idle' and query like '%export_rows%'
          and pid <> pg_backend_pid()`;
      return row?.n;
    };
    for (let tries = 0; tries < 20 && (await stillOpen()) !== 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await stillOpen()).toBe(0);
  });

  it("gives every kind's CSV and JSON the same cells under the same columns", async () => {
    // As autovacuum would have by now: without statistics on the 200,000 letters inserted above,
    // the per-state metrics query plans for an empty table and takes minutes.
    await database.sql`analyze letters`;
    // One day is enough and keeps the JSON small; this database has no positions or responses.
    const ranged = (kind: string) => !["positions", "responses"].includes(kind);
    const text = async (kind: (typeof exportKinds)[number], format: "csv" | "json") => {
      const range = ranged(kind) ? { from: "2026-01-15", to: "2026-01-15", timeZone: "UTC" } : {};
      const stream = await exportStream(database, { campaignId, kind, format, ...range });
      return new Response(stream).text();
    };
    for (const kind of exportKinds) {
      const [header, ...lines] = parse(await text(kind, "csv")) as string[][];
      const objects = JSON.parse(await text(kind, "json")) as Record<string, unknown>[];
      expect(lines.length, kind).toBe(objects.length);
      if (ranged(kind)) expect(lines.length, kind).toBeGreaterThan(0);
      objects.forEach((object, i) => {
        expect(header, kind).toEqual(Object.keys(object));
        const cells = Object.values(object).map((v) =>
          v == null ? "" : neutraliseFormula(String(v)),
        );
        expect(lines[i], kind).toEqual(cells);
      });
    }
  }, 60_000);
});
