import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../setup/postgres-server";
import { launchBrowser } from "./browser";

/**
 * `npm start` as a newcomer runs it: no configuration at all, so an embedded
 * PostgreSQL under DATA_DIR, the demo, and a clean stop on Ctrl-C.
 */
const dataDirs: string[] = [];
afterAll(async () => {
  // A PostgreSQL that was just stopped may still be removing its WAL files: retry, as rm allows.
  for (const dir of dataDirs)
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

async function start(
  dataDir: string,
  port: number,
  pgPort: number,
  extraEnv: Record<string, string> = {},
): Promise<Started> {
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
  Object.assign(env, extraEnv);
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

async function newDataDir(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), "demarche-start-"));
  await chmod(dataDir, 0o755);
  dataDirs.push(dataDir);
  return dataDir;
}

function kill(started: Started): Promise<void> {
  return new Promise((resolve) => {
    if (started.child.exitCode !== null) return resolve();
    started.child.once("exit", () => resolve());
    started.child.kill("SIGKILL");
  });
}

describe("npm start in production mode", () => {
  it("has no live reload, uses APP_URL, signs in over http and shows no error details", async () => {
    const dataDir = await newDataDir();
    const [port, pgPort] = [await freePort(), await freePort()];
    // An address other than the default http://localhost:PORT, and a stale NODE_ENV.
    const appUrl = `http://127.0.0.1:${port}`;
    const started = await start(dataDir, port, pgPort, {
      APP_URL: appUrl,
      NODE_ENV: "development",
    });
    try {
      expect(started.output()).toMatch(/NODE_ENV=development ignored/);
      expect(started.output()).toContain(`sign in:  ${appUrl}/staff/sign-in`);
      expect(started.output()).not.toContain("http://localhost");
      const email = /e-mail: +(\S+)/.exec(started.output())?.[1] ?? "";
      const password = /password: +(\S+)/.exec(started.output())?.[1] ?? "";

      const home = await fetch(appUrl);
      const html = await home.text();
      expect(html).not.toMatch(/LiveReload|\/socket|WebSocket/);
      const csp = home.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/connect-src 'self'(;|$)/);

      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on("websocket", (ws) => problems.push(`websocket ${ws.url()}`));
        page.on("console", (m) => {
          if (m.type() === "error") problems.push(m.text());
        });
        page.on("pageerror", (e) => problems.push(e.message));
        // The local demo, end to end over plain http: the demo admin signs in.
        await page.goto(`${appUrl}/staff/sign-in`);
        await page.getByLabel("E-mail").fill(email);
        await page.getByLabel("Password").fill(password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(`${appUrl}/staff`);
        await page.waitForLoadState("networkidle");
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }

      // The database goes away: pages fail, and say nothing of why to the browser.
      const postmaster = Number(
        (await readFile(join(dataDir, "pg", "postmaster.pid"), "utf8")).split("\n")[0],
      );
      process.kill(postmaster, "SIGINT");
      await waitUntil(async () => (await fetch(`${appUrl}/healthz`)).status === 503);
      for (const path of ["/c/iran-end-impunity", "/c/iran-end-impunity.data"]) {
        const response = await fetch(`${appUrl}${path}`);
        expect(response.status, path).toBeGreaterThanOrEqual(500);
        const body = await response.text();
        expect(body, path).not.toMatch(
          /ECONNREFUSED|terminating connection|\bat \S+ \(|node_modules|\/app\//,
        );
      }
    } finally {
      await kill(started);
    }
  }, 150_000);
});

async function waitUntil(check: () => Promise<boolean>) {
  const deadline = Date.now() + 20_000;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
