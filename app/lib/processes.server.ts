import { existsSync, statSync, watch } from "node:fs";
import type { Server } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import type PgBoss from "pg-boss";
import { startLetterWorkers } from "~/delivery/workers.server";
import { connectDatabase, type Database } from "./db.server";
import type { Config } from "./env.server";
import { createHttpApp } from "./http-app.server";
import { type Mailer, mailerFor } from "./mail.server";
import { createQueue, prepareQueue } from "./queue.server";

const buildPath = resolve("build/index.js");

export function assertBuilt(): void {
  if (!existsSync(buildPath)) {
    process.stderr.write(
      "The app is not built: run `npm run build` (npm start does it for you).\n",
    );
    process.exit(1);
  }
}

/** The bundle's own code saw NODE_ENV at build time: it must be the mode we run in. */
function assertBuildMode(build: ServerBuild, mode: string): void {
  if (build.mode === mode) return;
  process.stderr.write(
    `build/ holds a ${build.mode} build but the app runs in ${mode} mode: ` +
      (mode === "production"
        ? "run `npm run build` (npm start does it for you).\n"
        : "use `npm run dev`.\n"),
  );
  process.exit(1);
}

async function importBuild(): Promise<ServerBuild> {
  // The query string defeats the ESM cache so a rebuilt file is re-read.
  const url = `${pathToFileURL(buildPath).href}?t=${statSync(buildPath).mtimeMs}`;
  return (await import(url)) as ServerBuild;
}

/**
 * The web server. Several of these can listen on one port in a Node cluster:
 * they share nothing but the database.
 */
export async function serveWeb(config: Config, db: Database): Promise<Server> {
  let build = await importBuild();
  assertBuildMode(build, config.NODE_ENV);
  // Only under `npm run dev` (remix dev sets REMIX_DEV_ORIGIN) is there a rebuild to follow.
  if (config.REMIX_DEV_ORIGIN) {
    watch(buildPath, async () => {
      build = await importBuild();
      broadcastDevReady(build);
    });
    broadcastDevReady(build);
  }
  const app = createHttpApp({
    // A fixed build lets Remix compute its route tables once, not on every request.
    build: config.REMIX_DEV_ORIGIN ? async () => build : build,
    db,
    config,
  });
  return new Promise((ready) => {
    const server = app.listen(config.PORT, config.HOST, () => ready(server));
  });
}

export function closeWeb(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

/** Queue workers on a started pg-boss: letters and supporter e-mails. */
export async function runQueueWorkers(
  config: Config,
  db: Database,
  queue: PgBoss,
): Promise<Mailer> {
  const mailer = mailerFor({ smtpUrl: config.SMTP_URL, db });
  await startLetterWorkers(queue, {
    db,
    mailer,
    settings: {
      mailFrom: config.MAIL_FROM,
      appUrl: config.APP_URL ?? `http://localhost:${config.PORT}`,
      replyDomain: config.REPLY_DOMAIN ?? null,
    },
  });
  return mailer;
}

/**
 * A process that runs queue workers and no web server: a cluster's worker
 * process, or `app/cli/worker.ts` on its own. Resolves to its graceful stop.
 */
export async function startWorkerProcess(config: Config): Promise<() => Promise<void>> {
  const databaseUrl = config.DATABASE_URL ?? "";
  const database = connectDatabase(databaseUrl, { max: 5 });
  const queue = createQueue(databaseUrl);
  await prepareQueue(queue);
  const mailer = await runQueueWorkers(config, database.db, queue);
  return async () => {
    queue.removeAllListeners("error");
    queue.on("error", () => {});
    await queue.stop({ graceful: true, wait: true, timeout: 10_000 });
    await database.close();
    mailer.close();
  };
}
