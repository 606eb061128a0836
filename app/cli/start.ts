import { existsSync, statSync, watch } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { seedDemoContacts } from "#db/seed/seed-demo-contacts";
import { ensureDemoAdmin } from "~/auth/demo-admin.server";
import { hasCampaigns } from "~/campaigns/campaigns.server";
import { startLetterWorkers } from "~/letters/workers.server";
import { createHttpApp } from "~/lib/http-app.server";
import { logger } from "~/lib/logger.server";
import { mailerFor } from "~/lib/mail.server";
import { loadConfigOrExit, openRuntime } from "~/lib/runtime.server";
import { startImapPoller } from "~/responses/imap-poller.server";
import { startInboundSmtp } from "~/responses/inbound-smtp.server";

/**
 * `npm start`: the database (embedded unless DATABASE_URL is set), migrations,
 * reference data, the demo when wanted, then the web server.
 */
const config = loadConfigOrExit();
process.env.NODE_ENV = config.NODE_ENV;
const production = config.NODE_ENV === "production";
const buildPath = resolve("build/index.js");
if (!existsSync(buildPath)) {
  process.stderr.write("The app is not built: run `npm run build` (npm start does it for you).\n");
  process.exit(1);
}

const runtime = await openRuntime(config);
await seedDemoWhenWanted();
const appUrl = config.APP_URL ?? `http://localhost:${config.PORT}`;
process.env.APP_URL = appUrl;
const mailer = mailerFor({ smtpUrl: config.SMTP_URL, db: runtime.database.db });
if (config.WORKERS > 0) {
  // Queue workers run in this process; see docs/scaling.md for running them apart.
  await startLetterWorkers(runtime.queue, {
    db: runtime.database.db,
    mailer,
    settings: { mailFrom: config.MAIL_FROM, appUrl, replyDomain: config.REPLY_DOMAIN ?? null },
  });
}
// Replies and bounces by e-mail (docs/replies.md), each only when configured.
const inboundSmtp = config.INBOUND_SMTP_PORT
  ? await startInboundSmtp({
      port: config.INBOUND_SMTP_PORT,
      host: config.INBOUND_SMTP_HOST,
      db: runtime.database.db,
    })
  : null;
const imapPoller = config.IMAP_URL
  ? startImapPoller({ url: config.IMAP_URL, db: runtime.database.db })
  : null;

let build = await importBuild();
// Only under `npm run dev` (remix dev sets REMIX_DEV_ORIGIN) is there a rebuild to follow.
if (process.env.REMIX_DEV_ORIGIN) {
  // `npm run dev`: pick up each rebuild and tell the Remix dev server we are ready.
  watch(buildPath, async () => {
    build = await importBuild();
    broadcastDevReady(build);
  });
  broadcastDevReady(build);
}
const app = createHttpApp({ getBuild: async () => build, production });
const server = app.listen(config.PORT, config.HOST, () => {
  logger.info(
    {
      url: appUrl,
      embeddedDatabase: runtime.embedded,
      mail: mailer.development ? "development outbox" : "smtp",
    },
    "Démarche is ready",
  );
  process.stdout.write(`Démarche is ready at ${appUrl}\n`);
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    server.close();
    server.closeAllConnections();
    await Promise.all([inboundSmtp?.close(), imapPoller?.stop()]);
    await runtime.release();
    mailer.close();
    process.exit(0);
  });
}

async function importBuild(): Promise<ServerBuild> {
  // The query string defeats the ESM cache so a rebuilt file is re-read.
  const url = `${pathToFileURL(buildPath).href}?t=${statSync(buildPath).mtimeMs}`;
  return (await import(url)) as ServerBuild;
}

/** The demo goes into an empty embedded database, or any database with DEMO=1. */
async function seedDemoWhenWanted() {
  const { db } = runtime.database;
  const wanted = config.DEMO || (runtime.embedded && !(await hasCampaigns(db)));
  if (!wanted) return;
  await seedDemoCampaign(db);
  await seedDemoContacts(db);
  const admin = await ensureDemoAdmin(db);
  if (admin) {
    process.stdout.write(
      `\nDemo staff account (shown once, keep it):\n  e-mail:   ${admin.email}\n  password: ${admin.password}\n  sign in:  http://localhost:${config.PORT}/staff/sign-in\n\n`,
    );
  }
}
