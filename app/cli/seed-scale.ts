import { pathToFileURL } from "node:url";
import type postgres from "postgres";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import type { DatabaseHandle } from "~/lib/db.server";
import { CommandError, runCommand } from "./command";

/**
 * `npm run seed:scale -- --supporters 1000000 --letters 2000000 [--campaign slug] [--append]`
 *
 * Fills the database with realistic volumes for performance work, set-based
 * (INSERT … SELECT … FROM generate_series) in batches, on one connection:
 * supporters from every member state (Zipf-like: a few countries write most),
 * letters over the campaign's last year (mostly within the hour after a few
 * "mailings"), every status (mostly sent), position histories for every state
 * on every ask, and delegation responses and reply reports for some sent letters.
 */

export interface ScaleOptions {
  supporters: number;
  letters: number;
  campaign: string;
  /** Seed again on a campaign that already has scale letters. */
  append?: boolean;
  batchSize?: number;
  /** Progress lines on stderr (default true). */
  progress?: boolean;
}

export interface ScaleResult {
  campaignId: number;
  rows: Record<string, number>;
  seconds: number;
}

type Conn = postgres.ReservedSql;

interface Campaign {
  id: number;
  startsOn: string;
  retentionDays: number;
  targetKinds: string[];
  askIds: number[];
}

/** Countries that write most, in order; every other member state follows in a fixed order. */
const topCountries = ["DEU", "USA", "GBR", "CAN", "FRA", "SWE", "NLD", "AUS", "ESP", "ITA"];
const french = ["FRA", "BEL", "CHE", "LUX", "MCO", "SEN", "CIV", "CMR", "MLI", "HTI", "MDG"];
const spanish = ["ESP", "MEX", "ARG", "COL", "CHL", "PER", "VEN", "ECU", "URY", "BOL", "CRI"];
/** Mailings, as fractions of the seeded window: most letters come within the hour after one. */
const mailings = [0.03, 0.12, 0.21, 0.33, 0.45, 0.52, 0.64, 0.77, 0.86, 0.93, 0.97, 0.995];

export async function seedScale(
  handle: DatabaseHandle,
  options: ScaleOptions,
): Promise<ScaleResult> {
  const started = performance.now();
  const conn = await handle.sql.reserve();
  try {
    // Throw-away volume: no need to wait for the WAL on each batch.
    await conn`set synchronous_commit = off`;
    await conn`set work_mem = '64MB'`;
    // The dashboard's tallies are recounted once at the end, not per row.
    await conn`set demarche.defer_letter_tallies = 'on'`;
    const campaign = await loadCampaign(handle, conn, options.campaign);
    await refuseTwice(conn, campaign, options.append === true);
    const progress = options.progress === false ? () => {} : progressLine;
    await countrySlots(conn);
    const rows: Record<string, number> = {};
    rows.supporters = await seedSupporters(conn, options, progress);
    const firstSupporter = (await maxId(conn, "supporters")) - options.supporters + 1;
    const lettersBefore = await maxId(conn, "letters");
    rows.letters = await seedLetters(conn, campaign, firstSupporter, options, progress);
    const lastLetter = await maxId(conn, "letters");
    if (!options.append) rows.position_events = await seedPositions(conn, campaign);
    const range = { from: lettersBefore + 1, to: lastLetter };
    rows.delegation_responses = await seedResponses(conn, campaign, range, options, progress);
    rows.reply_reports = await seedReplyReports(conn, range, options, progress);
    progress("tallies", 0, 0);
    await conn`select rebuild_letter_tallies()`;
    progress("analyze", 0, 0);
    await conn`vacuum (analyze) supporters, letters, position_events, delegation_responses, response_asks, reply_reports, letter_tallies, letter_event_tallies, letter_delivery_tallies`;
    return { campaignId: campaign.id, rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    // The connection goes back to the pool: it must count letters again.
    await conn`reset demarche.defer_letter_tallies`.catch(() => {});
    conn.release();
  }
}

async function loadCampaign(handle: DatabaseHandle, conn: Conn, slug: string): Promise<Campaign> {
  if (slug === demoCampaignSlug) await seedDemoCampaign(handle.db);
  const [campaign] = await conn<Campaign[]>`
    select c.id, c.starts_on::text as "startsOn", c.retention_days as "retentionDays",
      c.target_kinds::text[] as "targetKinds",
      array(select a.id from asks a where a.campaign_id = c.id order by a.position, a.id)
        as "askIds"
    from campaigns c where c.slug = ${slug}`;
  if (!campaign) throw new CommandError(`There is no campaign "${slug}"`);
  if (campaign.askIds.length === 0) throw new CommandError(`Campaign "${slug}" has no asks`);
  return campaign;
}

/** Scale letters carry a bounce token "scale:<campaign>:…": a range scan on its unique index. */
async function refuseTwice(conn: Conn, campaign: Campaign, append: boolean) {
  const [found] = await conn`select 1 from letters
    where bounce_token >= ${`scale:${campaign.id}:`} and bounce_token < ${`scale:${campaign.id};`}
    limit 1`;
  if (found && !append) {
    throw new CommandError("This campaign already has scale data: pass --append to add more");
  }
}

/**
 * A slot table for the Zipf-like country weights: country rank r gets about 2000/r^1.07 slots,
 * so a uniform slot number picks a skewed country with an equality (hash) join.
 */
async function countrySlots(conn: Conn) {
  await conn`drop table if exists pg_temp.scale_slots`;
  await conn`create temp table scale_slots as
    with ranked as (
      select iso3, row_number() over (
          order by array_position(${topCountries}::text[], iso3) nulls last, md5(iso3)
        ) as rank
      from states where un_status = 'member'
    )
    select (row_number() over (order by rank, n) - 1)::int as slot, iso3,
      case when iso3 = any(${french}::text[]) then 'fr'
        when iso3 = any(${spanish}::text[]) then 'es' else 'en' end as language
    from ranked, generate_series(1, greatest(1, floor(2000 / power(rank, 1.07)))::int) as n`;
  await conn`alter table scale_slots add primary key (slot)`;
  await conn`analyze scale_slots`;
}

async function maxId(conn: Conn, table: string): Promise<number> {
  const [row] = await conn<{ id: number }[]>`select coalesce(max(id), 0)::int as id
    from ${conn(table)}`;
  return row?.id ?? 0;
}

type Progress = (label: string, done: number, total: number) => void;

/** Runs `insert(lo, hi)` over 0 … total - 1 in batches; returns the rows inserted. */
async function inBatches(
  label: string,
  total: number,
  batchSize: number,
  progress: Progress,
  insert: (lo: number, hi: number) => Promise<number>,
): Promise<number> {
  let inserted = 0;
  for (let lo = 0; lo < total; lo += batchSize) {
    const hi = Math.min(total, lo + batchSize) - 1;
    inserted += await insert(lo, hi);
    progress(label, hi + 1, total);
  }
  return inserted;
}

const started = performance.now();
function progressLine(label: string, done: number, total: number) {
  const seconds = (performance.now() - started) / 1000;
  const width = 30;
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  const bar = `${"#".repeat(filled)}${".".repeat(width - filled)}`;
  const counts = total > 0 ? `${done.toLocaleString("en")}/${total.toLocaleString("en")}` : "";
  process.stderr.write(
    `\r[${bar}] ${label.padEnd(20)} ${counts.padEnd(22)} ${seconds.toFixed(0)} s`,
  );
  if (done >= total) process.stderr.write("\n");
}

/** A supporter's country slot, from its id alone: letters find it again without a join. */
const slotOf = (id: string) =>
  `(hashint4(${id}) & 2147483647) % (select count(*) from scale_slots)`;

async function seedSupporters(conn: Conn, options: ScaleOptions, progress: Progress) {
  const base = await maxId(conn, "supporters");
  const salt = Math.random().toString(36).slice(2);
  const total = options.supporters;
  const inserted = await inBatches(
    "supporters",
    total,
    options.batchSize ?? 200_000,
    progress,
    async (lo, hi) => {
      const result = await conn.unsafe(
        `insert into supporters (id, email, name, city, country_iso3, language, consent_updates,
          ip_hash, manage_token, unsubscribed_at, created_at)
        select x.id, 'user' || x.id || '@scale.example.org', 'Supporter ' || x.id,
          case when x.r < 0.7 then 'City ' || (x.id % 500) end, sl.iso3, sl.language,
          x.r < 0.35, md5('ip' || (x.id % 50000)), md5($1 || x.id),
          case when x.r > 0.97 then now() - (x.r * interval '200 days') end,
          now() - (x.r * interval '365 days')
        from (select $2::int + g as id, random() as r from generate_series($3::int, $4::int) g
          offset 0) x
          join scale_slots sl on sl.slot = ${slotOf("x.id")}`,
        [salt, base + 1, lo, hi],
      );
      return result.count;
    },
  );
  // Ids were given explicitly: the sequence must follow.
  await conn`select setval(pg_get_serial_sequence('supporters', 'id'),
    (select max(id) from supporters))`;
  return inserted;
}

const letterBody = [
  "Excellency,",
  "I am writing to you as a member of the public who follows the work of the United Nations " +
    "closely, to respectfully bring the following request to your attention.",
  "I respectfully urge your Government to support it, and to make that support known.",
  "Please accept the assurances of my highest consideration.",
].join("\n\n");

async function seedLetters(
  conn: Conn,
  campaign: Campaign,
  firstSupporter: number,
  options: ScaleOptions,
  progress: Progress,
) {
  const supporters = options.supporters;
  const combos = campaign.askIds.length * campaign.targetKinds.length;
  // One letter per supporter × ask × office: letter i goes to supporter i mod S, combo i div S.
  if (options.letters > supporters * combos) {
    throw new CommandError(
      `At most ${supporters * combos} letters for ${supporters} supporters ` +
        `(${campaign.askIds.length} asks × ${campaign.targetKinds.length} offices)`,
    );
  }
  const run = Date.now().toString(36);
  return inBatches("letters", options.letters, options.batchSize ?? 200_000, progress, (lo, hi) =>
    insertLetters(conn, campaign, { firstSupporter, run, lo, hi, supporters }),
  );
}

/**
 * One batch of letters. Timestamps: 65% within about an hour after a mailing (exponential, mean
 * 20 min), the rest uniform over the window; letters older than the retention period are scrubbed.
 */
async function insertLetters(
  conn: Conn,
  campaign: Campaign,
  batch: { firstSupporter: number; run: string; lo: number; hi: number; supporters: number },
) {
  const result = await conn.unsafe(
    `with params as (
      select greatest($1::date::timestamptz, now() - interval '365 days') as w0,
        now() - greatest($1::date::timestamptz, now() - interval '365 days') as width
    ),
    x as (
      select i, $2::int + (i % $3::int) as supporter_id, i / $3::int as combo,
        random() as u1, random() as u2, random() as u3, random() as u4, random() as u5,
        random() as u6
      from generate_series($4::int, $5::int) i offset 0
    ),
    t as (
      select x.*, least(now(), case
          when u1 < 0.65 then w0 + width * ($6::float8[])[1 + floor(u2 * $7::int)::int]
            + (-ln(1 - u3)) * interval '20 minutes'
          else w0 + width * u3
        end) as created,
        case when u4 < 0.06 then 'awaiting_confirmation' when u4 < 0.08 then 'awaiting_contact'
          when u4 < 0.09 then 'queued' when u4 < 0.91 then 'sent' when u4 < 0.95 then 'bounced'
          when u4 < 0.98 then 'failed' else 'suppressed' end as status
      from x, params
    ),
    v as (
      select t.*, ($8::int[])[1 + combo % $9::int] as ask_id,
        ($10::text[])[1 + (combo / $9::int) % $11::int]::contact_kind as kind,
        case when status <> 'awaiting_confirmation'
          then created + (1 + u5 * 30) * interval '1 minute' end as confirmed,
        created < now() - $12::int * interval '1 day' as scrubbed
      from t
    )
    insert into letters (campaign_id, ask_id, supporter_id, state_iso3, target_kind, contact_id,
      language, subject, body, personal_paragraph, template_version, status, confirm_expires_at,
      confirmed_at, queued_at, sent_at, message_id, bounce_token, failure_reason,
      delivery_attempts, scrubbed_at, created_at)
    select $13::int, v.ask_id, v.supporter_id, sl.iso3, v.kind,
      case when v.status <> 'awaiting_contact' then sc.id end,
      sl.language, 'A request on behalf of the victims of the protests in Iran',
      case when not v.scrubbed then $14::text end,
      case when not v.scrubbed and v.u6 < 0.15
        then 'I have family in Iran and I follow this closely. ' || repeat('Please act. ', 1 + (v.i % 8))
      end,
      'file', v.status::letter_status,
      v.created + interval '7 days', v.confirmed,
      case when v.status not in ('awaiting_confirmation', 'awaiting_contact') then v.confirmed end,
      case when v.status in ('sent', 'bounced')
        then least(now(), v.confirmed + v.u6 * interval '2 hours') end,
      case when v.status in ('sent', 'bounced') then '<scale.' || v.i || '.' || $15 || '@scale.example.org>' end,
      'scale:' || $13 || ':' || $15 || ':' || v.i,
      case when v.status = 'failed' then '550 5.1.1 mailbox unavailable' end,
      case when v.status in ('sent', 'bounced', 'suppressed') then 1
        when v.status = 'failed' then 5 else 0 end,
      case when v.scrubbed then v.created + $12::int * interval '1 day' end,
      v.created
    from v
      join scale_slots sl on sl.slot = ${slotOf("v.supporter_id")}
      left join state_contacts sc on sc.state_iso3 = sl.iso3 and sc.kind = v.kind
    -- Ids follow creation within a batch, as they do when supporters write.
    order by v.created`,
    [
      campaign.startsOn,
      batch.firstSupporter,
      batch.supporters,
      batch.lo,
      batch.hi,
      mailings,
      mailings.length,
      campaign.askIds,
      campaign.askIds.length,
      campaign.targetKinds,
      campaign.targetKinds.length,
      campaign.retentionDays,
      campaign.id,
      letterBody,
      batch.run,
    ],
  );
  return result.count;
}

/**
 * Every state's history on every ask: 2 to 6 observations from half a year before the campaign
 * started until today, stances drawn at random (votes are left to the real data).
 */
async function seedPositions(conn: Conn, campaign: Campaign) {
  const result = await conn`
    insert into position_events (ask_id, state_iso3, position, observed_on, source_title,
      evidence, confidence, visibility)
    select a.id, s.iso3,
      (array['supports', 'leaning_support', 'undecided', 'leaning_oppose', 'opposes',
        'abstain', 'no_information'])[1 + floor(random() * 7)::int]::position_value,
      (${campaign.startsOn}::date - 180
        + floor(random() * (current_date - ${campaign.startsOn}::date + 181))::int),
      'Scale seed: statement ' || n, 'Seeded for performance work',
      (array['low', 'medium', 'high'])[1 + floor(random() * 3)::int]::confidence,
      case when random() < 0.6 then 'public' else 'internal' end::visibility
    from asks a cross join states s
      cross join lateral generate_series(1, 2 + abs(hashtext(s.iso3 || a.id)) % 5) n
    where a.campaign_id = ${campaign.id}`;
  return result.count;
}

type IdRange = { from: number; to: number };

/** Batches over a letter id range: `insert(lo, hi)` gets inclusive ids. */
function overIds(
  label: string,
  range: IdRange,
  options: ScaleOptions,
  progress: Progress,
  insert: (lo: number, hi: number) => Promise<number>,
) {
  const total = Math.max(0, range.to - range.from + 1);
  return inBatches(label, total, options.batchSize ?? 200_000, progress, (lo, hi) =>
    insert(range.from + lo, range.from + hi),
  );
}

/** About 1.5% of sent letters get a logged delegation response, each tied to the letter's ask. */
async function seedResponses(
  conn: Conn,
  campaign: Campaign,
  range: IdRange,
  options: ScaleOptions,
  progress: Progress,
) {
  const before = await maxId(conn, "delegation_responses");
  const inserted = await overIds("responses", range, options, progress, async (lo, hi) => {
    const result = await conn`
      insert into delegation_responses (campaign_id, state_iso3, channel, received_on,
        responder, summary, visibility, letter_id, recorded_at)
      select l.campaign_id, l.state_iso3,
        (array['email', 'note_verbale', 'letter', 'meeting'])[1 + l.id % 4]::response_channel,
        least(current_date, (l.sent_at + (2 + l.id % 40) * interval '1 day')::date),
        'Desk officer', 'The ministry acknowledges the request and will consider it.',
        case when l.id % 3 = 0 then 'public' else 'internal' end::visibility, l.id,
        least(now(), l.sent_at + (2 + l.id % 40) * interval '1 day')
      from letters l
      where l.id between ${lo} and ${hi} and l.campaign_id = ${campaign.id}
        and l.status = 'sent' and (hashint4(l.id) & 1023) < 16`;
    return result.count;
  });
  await conn`insert into response_asks (response_id, ask_id)
    select dr.id, l.ask_id from delegation_responses dr join letters l on l.id = dr.letter_id
    where dr.id > ${before}`;
  return inserted;
}

/** About 5% of sent letters: supporters' answers and e-mailed replies, some automatic. */
async function seedReplyReports(
  conn: Conn,
  range: IdRange,
  options: ScaleOptions,
  progress: Progress,
) {
  return overIds("reply reports", range, options, progress, async (lo, hi) => {
    const result = await conn`
      insert into reply_reports (letter_id, source, kind, automatic, subject, from_address,
        received_at, status, reviewed_at)
      select l.id, case when h % 5 < 3 then 'supporter' else 'email' end::report_source,
        case when h % 20 < 10 then 'replied' when h % 20 < 17 then 'acknowledged'
          else 'no_reply' end::report_kind,
        h % 20 between 10 and 12 and h % 5 >= 3,
        case when h % 5 >= 3 then 'Re: your letter' end,
        case when h % 5 >= 3 then 'registry@ministry.scale.example.org' end,
        least(now(), l.sent_at + (1 + h % 30) * interval '1 day'),
        (array['pending', 'accepted', 'accepted', 'merged', 'rejected'])[1 + h % 5]::review_status,
        case when h % 5 > 0 then least(now(), l.sent_at + (3 + h % 30) * interval '1 day') end
      from (select l.*, (hashint4(l.id + 7) & 2147483647) as h from letters l
        where l.id between ${lo} and ${hi} and l.status = 'sent') l
      where l.h % 1000 < 50`;
    return result.count;
  });
}

// ---------------------------------------------------------------------------
// The command

function count(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(String(value).replaceAll("_", ""));
  if (!Number.isInteger(n) || n < 1) throw new CommandError(`--${name} must be a positive integer`);
  return n;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runCommand(
    {
      supporters: { type: "string" },
      letters: { type: "string" },
      campaign: { type: "string", default: demoCampaignSlug },
      append: { type: "boolean", default: false },
    },
    async (args, { database }) => {
      const result = await seedScale(database, {
        supporters: count(args.supporters, "supporters", 1_000_000),
        letters: count(args.letters, "letters", 2_000_000),
        campaign: String(args.campaign),
        append: args.append === true,
      });
      const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
      for (const [table, n] of Object.entries(result.rows)) {
        process.stdout.write(`${table.padEnd(22)} ${n.toLocaleString("en").padStart(12)}\n`);
      }
      process.stdout.write(
        `${total.toLocaleString("en")} rows in ${result.seconds.toFixed(1)} s ` +
          `(${Math.round(total / result.seconds).toLocaleString("en")} rows/s)\n`,
      );
    },
  );
}
