import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../setup/postgres-server";

/**
 * `npm start` as a newcomer runs it: no configuration at all, so an embedded
 * PostgreSQL under DATA_DIR, the demo, and a clean stop on Ctrl-C.
 */
const dataDirs: string[] = [];
afterAll(async () => {
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

async function start(dataDir: string, port: number, pgPort: number): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
  };
  for (const name of [
    "DATABASE_URL",
    "NODE_ENV",
    "SESSION_SECRET",
    "SMTP_URL",
    "DEMO",
    "REMIX_DEV_ORIGIN",
  ]) {
    delete env[name];
  }
  const child = spawn(process.execPath, ["--import", "tsx", "app/cli/start.ts"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, output: () => output, url };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`npm start was not healthy within a minute:\n${output}`);
}

function interrupt(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.once("exit", (code) => resolve(code));
    started.child.kill("SIGINT");
  });
}

function postgresFor(dataDir: string): number {
  const list = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
  return list.split("\n").filter((line) => line.includes(`-D ${join(dataDir, "pg")}`)).length;
}

describe("npm start with no configuration", () => {
  it("runs its own PostgreSQL, serves the demo, reuses the data and stops cleanly", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "demarche-start-"));
    // mkdtemp makes a private folder; a project folder is normally readable by others.
    await chmod(dataDir, 0o755);
    dataDirs.push(dataDir);
    const [port, pgPort] = [await freePort(), await freePort()];

    const first = await start(dataDir, port, pgPort);
    expect(first.output()).toMatch(/Demo staff account[\s\S]*password: \S+/);
    const home = await (await fetch(first.url)).text();
    expect(home).toContain("Iran: end impunity for the killing of protesters");
    expect(postgresFor(dataDir)).toBe(1);
    expect(await interrupt(first)).toBe(0);
    expect(postgresFor(dataDir)).toBe(0);

    const second = await start(dataDir, port, pgPort);
    // Same data: the demo is not seeded again and no new password is printed.
    expect(second.output()).not.toMatch(/Demo staff account/);
    expect(await (await fetch(second.url)).text()).toContain("Iran: end impunity");
    expect(await interrupt(second)).toBe(0);
    expect(postgresFor(dataDir)).toBe(0);
  }, 150_000);
});
