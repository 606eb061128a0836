import { z } from "zod";
import type { Actor } from "~/audit/audit-log.server";
import { staffActor } from "~/auth/staff-actor";
import { findStaffUserByEmail } from "~/auth/staff-users.server";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import type { Database } from "~/lib/db.server";
import { knownTimeZone } from "~/lib/time-zones";
import { exportFormats, exportKinds, exportStream } from "~/metrics/exports.server";
import { defaultTimeZone } from "~/metrics/metrics-range";
import { CommandError, runCommand } from "./command";

// npm run -s export -- --campaign iran-end-impunity --kind letters --format csv [--bom]
//   [--from 2026-01-15] [--to 2026-03-01] [--time-zone Europe/Paris]
//   [--personal-data --email admin@example.org] > letters.csv
// The file goes to standard output (-s keeps npm's own banner out of it); progress and the
// summary go to standard error. package.json runs it with a small young generation
// (--max-semi-space-size=2): the stream makes short-lived garbage, and this keeps its peak
// memory under 200 MB.

const argsSchema = z.object({
  campaign: z.string({ error: "Give --campaign <slug>" }).min(1),
  kind: z.enum(exportKinds, { error: `--kind is one of ${exportKinds.join(", ")}` }),
  format: z.enum(exportFormats, { error: "--format is csv or json" }),
  bom: z.boolean().default(false),
  "personal-data": z.boolean().default(false),
  email: z.string().optional(),
  from: z.iso.date({ error: "--from is a date like 2026-01-15" }).optional(),
  to: z.iso.date({ error: "--to is a date like 2026-03-01" }).optional(),
  "time-zone": z
    .string()
    .default(defaultTimeZone)
    .transform((zone, context) => {
      const canonical = knownTimeZone(zone);
      if (canonical) return canonical;
      context.addIssue({
        code: "custom",
        message: "--time-zone is an IANA zone, e.g. Europe/Paris",
      });
      return z.NEVER;
    }),
});

await runCommand(
  {
    campaign: { type: "string" },
    kind: { type: "string" },
    format: { type: "string", default: "csv" },
    bom: { type: "boolean" },
    "personal-data": { type: "boolean" },
    email: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    "time-zone": { type: "string" },
  },
  async (rawArgs, { database }) => {
    const args = argsSchema.parse(rawArgs);
    const campaign = await getCampaignWithAsks(database.db, args.campaign);
    if (!campaign) throw new CommandError(`There is no campaign "${args.campaign}"`);
    const personal = args["personal-data"];
    const actor = personal ? await adminActor(database.db, args.email) : undefined;
    const progress = progressReporter();
    const stream = await exportStream(database, {
      campaignId: campaign.id,
      kind: args.kind,
      format: args.format,
      bom: args.bom,
      includePersonalData: personal,
      actor,
      from: args.from,
      to: args.to,
      timeZone: args["time-zone"],
      onProgress: progress.update,
    });
    const complete = await writeToStdout(stream);
    progress.done(complete);
  },
);

/** Personal data leaves only for an active admin, who is named in the audit log. */
async function adminActor(db: Database, email: string | undefined): Promise<Actor> {
  if (!email) throw new CommandError("--personal-data needs --email of an admin account");
  const user = await findStaffUserByEmail(db, email);
  if (!user || user.disabledAt) throw new CommandError(`No active staff account for ${email}`);
  if (user.role !== "admin") throw new CommandError(`${email} is not an admin`);
  return staffActor(user);
}

/**
 * Writes at the pace stdout takes; stops quietly when the reader goes away
 * (`| head`). Answers whether everything was written.
 */
async function writeToStdout(stream: ReadableStream<Uint8Array>): Promise<boolean> {
  const out = process.stdout;
  let closed = false;
  out.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    closed = true;
    out.emit("drain");
  });
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    if (!out.write(value)) await new Promise((resolve) => out.once("drain", resolve));
    if (closed) {
      // Cancelling closes the database cursor.
      await reader.cancel();
      return false;
    }
  }
}

/** A line on stderr at most once a second once a run takes longer than that, then a summary. */
function progressReporter() {
  const started = performance.now();
  let rows = 0;
  let lastShown = started;
  const rate = (now: number) => Math.round(rows / Math.max((now - started) / 1000, 0.001));
  const overwrite = process.stderr.isTTY ? "\r" : "";
  const end = process.stderr.isTTY ? "" : "\n";
  return {
    update: (count: number) => {
      rows = count;
      const now = performance.now();
      if (now - lastShown < 1000) return;
      lastShown = now;
      process.stderr.write(`${overwrite}${rows} rows so far, ${rate(now)} rows/s${end}`);
    },
    done: (complete: boolean) => {
      const now = performance.now();
      const seconds = ((now - started) / 1000).toFixed(1);
      const what = complete ? "Exported" : "Output closed early: stopped after";
      process.stderr.write(
        `${overwrite}${what} ${rows} rows in ${seconds} s (${rate(now)} rows/s)\n`,
      );
    },
  };
}
