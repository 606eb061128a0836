import cluster from "node:cluster";
import type { Server } from "node:http";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { seedDemoContacts } from "#db/seed/seed-demo-contacts";
import { seedDemoPositions } from "#db/seed/seed-demo-positions";
import { ensureDemoAdmin } from "~/auth/demo-admin.server";
import { demoWanted } from "~/auth/demo-policy";
import { hasCampaigns } from "~/campaigns/campaigns.server";
import { connectDatabase } from "~/lib/db.server";
import type { Config } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import type { Mailer } from "~/lib/mail.server";
import {
  assertBuilt,
  closeWeb,
  runQueueWorkers,
  serveWeb,
  startWorkerProcess,
} from "~/lib/processes.server";
import { loadConfigOrExit, openRuntime, type Runtime } from "~/lib/runtime.server";
import { startImapPoller } from "~/responses/imap-poller.server";
import { startInboundSmtp } from "~/responses/inbound-smtp.server";

/**
 * `npm start`, entered through start.ts (which chose the mode): the database
 * (embedded unless DATABASE_URL is set), migrations, reference data, the demo
 * when wanted, then the web server and queue workers: in this one process by
 * default, or WEB_CONCURRENCY web processes and WORKERS worker processes in a
 * Node cluster (docs/scaling.md).
 */
const config = loadConfigOrExit();
const role = config.DEMARCHE_ROLE;

if (cluster.isWorker && role === "web") await runWebProcess(config);
else if (cluster.isWorker && role === "worker") await runWorkerProcess(config);
else await runPrimary(config);

async function runPrimary(given: Config) {
  assertBuilt();
  const runtime = await openRuntime(given);
  const { config } = runtime;
  await seedDemoWhenWanted(runtime);
  const clustered = config.WEB_CONCURRENCY > 1 || config.WORKERS > 1;
  const inbound = await startInbound(runtime);
  let server: Server | null = null;
  let mailer: Mailer | null = null;
  if (clustered) {
    forkProcesses(config, "web", config.WEB_CONCURRENCY);
    forkProcesses(config, "worker", config.WORKERS);
  } else {
    if (config.WORKERS > 0)
      mailer = await runQueueWorkers(config, runtime.database.db, runtime.queue);
    server = await serveWeb(config, runtime.database.db);
  }
  announce(runtime, clustered);
  onStop(async () => {
    if (server) await closeWeb(server);
    if (clustered) await stopChildren();
    await inbound();
    await runtime.release();
    mailer?.close();
  });
}

/** Replies and bounces by e-mail (docs/replies.md): one listener, in the primary. */
async function startInbound(runtime: Runtime): Promise<() => Promise<void>> {
  const db = runtime.database.db;
  const smtp = config.INBOUND_SMTP_PORT
    ? await startInboundSmtp({ port: config.INBOUND_SMTP_PORT, host: config.INBOUND_SMTP_HOST, db })
    : null;
  const imap = config.IMAP_URL ? startImapPoller({ url: config.IMAP_URL, db }) : null;
  return async () => {
    await Promise.all([smtp?.close(), imap?.stop()]);
  };
}

function forkProcesses(settled: Config, kind: "web" | "worker", count: number) {
  for (let i = 0; i < count; i++) {
    // Building the children's environment (added to ours), not reading settings: they get
    // what the primary filled in, so all share one database, secret and public URL.
    const child = cluster.fork({
      DEMARCHE_ROLE: kind,
      DATABASE_URL: settled.DATABASE_URL,
      SESSION_SECRET: settled.SESSION_SECRET,
      APP_URL: settled.APP_URL,
    });
    child.on("exit", (code, signal) => {
      if (stopping) return;
      // A crashed process is replaced; the queue retries whatever it held.
      logger.error({ kind, code, signal }, "process exited; starting another");
      forkProcesses(settled, kind, 1);
    });
  }
}

function stopChildren(): Promise<void> {
  const children = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
  return Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          // On Ctrl-C the terminal signals every process: some may be gone already.
          if (child.isDead()) return done();
          child.once("exit", () => done());
          child.process.kill("SIGTERM");
        }),
    ),
  ).then(() => undefined);
}

async function runWebProcess(config: Config) {
  const database = connectDatabase(config.DATABASE_URL ?? "");
  const server = await serveWeb(config, database.db);
  onStop(async () => {
    await closeWeb(server);
    await database.close();
  });
}

async function runWorkerProcess(config: Config) {
  onStop(await startWorkerProcess(config));
}

function announce(runtime: Runtime, clustered: boolean) {
  const url = runtime.config.APP_URL;
  const processes = clustered
    ? { web: config.WEB_CONCURRENCY, workers: config.WORKERS }
    : { web: 1, workers: config.WORKERS > 0 ? "in process" : 0 };
  logger.info({ url, embeddedDatabase: runtime.embedded, processes }, "Démarche is ready");
  process.stdout.write(`Démarche is ready at ${url}\n`);
}

let stopping = false;
function onStop(stop: () => Promise<void>) {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "stopping");
      await stop();
      process.exit(0);
    });
  }
}

/** The demo goes into an empty embedded database, or any database with DEMO=1. */
async function seedDemoWhenWanted(runtime: Runtime) {
  const { db } = runtime.database;
  const empty = !(await hasCampaigns(db));
  const wanted = demoWanted({ demo: config.DEMO, embedded: runtime.embedded, empty });
  if (!wanted) return;
  await seedDemoCampaign(db);
  await seedDemoContacts(db);
  await seedDemoPositions(db);
  const admin = await ensureDemoAdmin(db);
  if (admin) {
    process.stdout.write(
      `\nDemo staff account (shown once, keep it):\n  e-mail:   ${admin.email}\n  password: ${admin.password}\n  sign in:  ${runtime.config.APP_URL}/staff/sign-in\n\n`,
    );
  }
}
