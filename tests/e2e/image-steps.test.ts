import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../setup/postgres-server";

/**
 * The Docker image cannot be built here (no Docker engine), so
 * .ci/image-steps.sh runs the Dockerfile's stages without Docker; this runs
 * that script against an empty database on the test server: the run stage,
 * with production dependencies only, must migrate it, answer the image's
 * health check as an unprivileged user, and start the worker. About 1½ minutes
 * on an idle two-core machine (two `npm ci`, one build); more under load.
 */
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function emptyDatabase(): Promise<string> {
  const adminUrl = new URL(inject("appDatabaseUrl"));
  adminUrl.pathname = "/postgres";
  const name = `demarche_image_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  cleanups.push(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function runScript(
  outDir: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", [".ci/image-steps.sh", outDir], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: a test that times out stops npm and the app with it.
      detached: true,
    });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid)
        process.kill(-child.pid, "SIGKILL");
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += String(chunk);
    });
    child.stderr.on("data", (chunk) => {
      output += String(chunk);
    });
    child.once("exit", (code) => resolve({ code, output: stripVTControlCharacters(output) }));
  });
}

describe("the image's build steps, without Docker", () => {
  it("build, then run with production dependencies only: migrated, healthy, worker ready", async () => {
    const outDir = await mkdtemp(join(tmpdir(), "demarche-image-"));
    cleanups.push(() => rm(outDir, { recursive: true, force: true }));
    const databaseUrl = await emptyDatabase();
    const port = await freePort();

    const { code, output } = await runScript(outDir, {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
    });
    expect(code, output).toBe(0);
    expect(output).toContain('"status":"ok"');
    // Built for production, as the Dockerfile's build stage (which sets no NODE_ENV) builds.
    expect(output).toContain("building... (NODE_ENV=production)");
    expect(output).toContain("worker ready");
    expect(output).toContain("image steps passed");

    const runStage = join(outDir, "run-stage");
    expect(existsSync(join(runStage, "build/index.js"))).toBe(true);
    expect(existsSync(join(runStage, "public/build"))).toBe(true);
    // Production dependencies only: the build tools and test tools stay in the build stage.
    for (const devOnly of [
      "@remix-run/dev",
      "vitest",
      "playwright-core",
      "drizzle-kit",
      "@biomejs/biome",
    ])
      expect(existsSync(join(runStage, "node_modules", devOnly)), devOnly).toBe(false);
    expect(existsSync(join(runStage, "node_modules/tsx"))).toBe(true);
    // .dockerignore kept the tests, the data and the git history out of the context.
    for (const ignored of ["tests", ".git", ".data", "node_modules/.vite"])
      expect(existsSync(join(outDir, "context", ignored)), ignored).toBe(false);

    // The web process applied the migrations to the empty database.
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ count: number }[]>`
        select count(*)::int as count from drizzle.__drizzle_migrations`;
      const journal = JSON.parse(await readFile("db/migrations/meta/_journal.json", "utf8"));
      expect(row?.count).toBe(journal.entries.length);
    } finally {
      await sql.end({ timeout: 5 });
    }
  }, 600_000);
});
