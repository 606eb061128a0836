import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { importEmbeddedPostgres } from "~/lib/embedded-database.server";

/**
 * A PostgreSQL server for a test run: the one in DATABASE_URL when set,
 * otherwise a throw-away embedded server on a free port.
 */
export interface TestPostgres {
  /** A URL to the server's maintenance database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  stop: () => Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = "/postgres";
    return { adminUrl: url.toString(), stop: async () => {} };
  }
  const dir = await mkdtemp(join(tmpdir(), "demarche-test-pg-"));
  // mkdtemp makes it private to root; the `postgres` user must reach the cluster inside.
  await chmod(dir, 0o755);
  const port = await freePort();
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, "pg"),
    port,
    user: "postgres",
    password: "test",
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    // Durability is pointless for a throw-away cluster; speed is not.
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "max_connections=300",
    ],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://postgres:test@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
