import { once } from "node:events";
import postgres from "postgres";

/**
 * The export benchmark's baseline, run as its own process like the export itself:
 * PostgreSQL's `COPY (select … the letters export's columns …) TO STDOUT (FORMAT csv, HEADER)`
 * through postgres.js, written to standard output as it arrives.
 *
 *   npx tsx bench/export-copy.ts <database url> <campaign id> > letters.csv
 */

/** The export's columns, as the export selects them (app/metrics/exports.server.ts). */
export function copyQuery(campaignId: number): string {
  const utc = (column: string) =>
    `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  return `copy (select l.id, c.slug as campaign, a.slug as ask, l.state_iso3 as state,
      l.target_kind::text as target_kind, l.language, l.status::text as status,
      ${utc("l.created_at")} as created_at, ${utc("l.confirmed_at")} as confirmed_at,
      ${utc("l.sent_at")} as sent_at
    from letters l join campaigns c on c.id = l.campaign_id join asks a on a.id = l.ask_id
    where l.campaign_id = ${Number(campaignId)}
    order by l.id) to stdout with (format csv, header)`;
}

async function copyToStdout(url: string, campaignId: number) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const copy = await sql.unsafe(copyQuery(campaignId)).readable();
  // postgres.js pushes one chunk per row; the iterator's `read()` hands over all that has
  // arrived at once, so the baseline writes large chunks, as the export does.
  for await (const chunk of copy) {
    if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
  }
  await sql.end({ timeout: 1 });
}

const [url, campaignId] = process.argv.slice(2);
if (!url || !campaignId) throw new Error("Usage: export-copy.ts <database url> <campaign id>");
await copyToStdout(url, Number(campaignId));
