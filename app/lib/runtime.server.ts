import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type PgBoss from "pg-boss";
import { seedReferenceData } from "#db/seed/seed-reference";
import { connectDatabase, type DatabaseHandle } from "./db.server";
import { openEmbeddedDatabase } from "./embedded-database.server";
import { type Config, ConfigError, config, settleConfig } from "./env.server";
import { migrateDatabase } from "./migrate.server";
import { createQueue, prepareQueue } from "./queue.server";

/**
 * What every entry point (the web server, the CLI commands) needs: the parsed
 * configuration and a migrated database with the reference data, embedded or
 * external. `release` closes the pool and stops an embedded server we started.
 */
export interface Runtime {
  /** The configuration with the database URL, session secret and public URL filled in. */
  config: Config;
  database: DatabaseHandle;
  /** Started pg-boss: its schema is ready; workers may be registered on it. */
  queue: PgBoss;
  embedded: boolean;
  release: () => Promise<void>;
}

export function loadConfigOrExit(): Config {
  try {
    return config();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

export async function openRuntime(given: Config): Promise<Runtime> {
  const embedded = given.DATABASE_URL
    ? undefined
    : await openEmbeddedDatabase({ dataDir: given.DATA_DIR, port: given.EMBEDDED_PG_PORT });
  const url = given.DATABASE_URL ?? embedded?.url ?? "";
  const config: Config = {
    ...given,
    DATABASE_URL: url,
    SESSION_SECRET: given.SESSION_SECRET ?? (await localSessionSecret(given.DATA_DIR)),
    APP_URL: given.APP_URL ?? `http://localhost:${given.PORT}`,
  };
  // Cookies and the supporters' link tokens are keyed from the settled secret.
  settleConfig(config);
  await migrateDatabase(url);
  const database = connectDatabase(url);
  await seedReferenceData(database.db);
  const queue = createQueue(url);
  await prepareQueue(queue);
  return {
    config,
    database,
    queue,
    embedded: Boolean(embedded),
    release: async () => {
      // From here on, a pool noticing the server going away is expected, not an error.
      queue.removeAllListeners("error");
      queue.on("error", () => {});
      await queue.stop({ graceful: true, wait: true, timeout: 10_000 });
      await database.close();
      await embedded?.stop();
    },
  };
}

/** Without SESSION_SECRET (local use), a secret is generated once and kept with the data. */
async function localSessionSecret(dataDir: string): Promise<string> {
  const file = join(resolve(dataDir), "session-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(resolve(dataDir), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
