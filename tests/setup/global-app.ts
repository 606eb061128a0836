import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createStaffUser } from "~/auth/staff-users.server";
import { connectDatabase } from "~/lib/db.server";
import { freePort, startTestPostgres } from "./postgres-server";
import { startSmtpSink } from "./smtp-sink";
import { e2eSessionSecret } from "./test-secrets";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    appDatabaseUrl: string;
    staffPassword: string;
    /** Where the test SMTP server saves each message it receives, as .eml files. */
    mailDir: string;
  }
}

export const staffPassword = "e2e staff password 2026";
export const e2eStaff = {
  admin: "e2e-admin@example.org",
  editor: "e2e-editor@example.org",
  viewer: "e2e-viewer@example.org",
} as const;

/**
 * Starts the built app exactly as `npm start` does, against its own database,
 * with the demo campaign and one staff account per role.
 */
export default async function setup(project: TestProject) {
  if (!existsSync("build/index.js")) throw new Error("Build the app first: npm run build");
  const pg = await startTestPostgres();
  const dbName = `demarche_e2e_${process.pid}`;
  const admin = postgres(pg.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();
  const databaseUrl = new URL(pg.adminUrl);
  databaseUrl.pathname = `/${dbName}`;
  const dataDir = await mkdtemp(join(tmpdir(), "demarche-e2e-"));
  const mailDir = join(dataDir, "mail");
  await mkdir(mailDir);
  const sink = await startSmtpSink({ saveTo: mailDir });
  const port = await freePort();
  const server = spawn(process.execPath, ["--import", "tsx", "app/cli/start.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl.toString(),
      SESSION_SECRET: e2eSessionSecret,
      DATA_DIR: dataDir,
      DEMO: "1",
      SMTP_URL: sink.url,
      MAIL_FROM: "Démarche <letters@act.example.org>",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  server.stdout?.on("data", (chunk) => output.push(String(chunk)));
  server.stderr?.on("data", (chunk) => output.push(String(chunk)));
  const appUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(appUrl, server, output);

  const db = connectDatabase(databaseUrl.toString(), { max: 1 });
  for (const [role, email] of Object.entries(e2eStaff)) {
    await createStaffUser(
      db.db,
      { kind: "system" },
      { email, role: role as "admin", password: staffPassword },
    );
  }
  await db.close();

  project.provide("appUrl", appUrl);
  project.provide("appDatabaseUrl", databaseUrl.toString());
  project.provide("staffPassword", staffPassword);
  project.provide("mailDir", mailDir);

  return async () => {
    await stop(server);
    await sink.close();
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

async function waitForHealth(url: string, server: ChildProcess, output: string[]) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The app exited:\n${output.join("")}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The app did not become healthy in 60 s:\n${output.join("")}`);
}

function stop(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null) return resolve();
    server.once("exit", () => resolve());
    server.kill("SIGTERM");
  });
}
