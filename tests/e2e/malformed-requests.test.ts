import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { e2eStaff } from "../setup/global-app";
import { freePort } from "../setup/postgres-server";
import { fillPattern, routeFilePatterns } from "../setup/route-files";
import { e2eSessionSecret } from "../setup/test-secrets";

/**
 * The findings of the outside probe, over HTTP against the built app in
 * production mode: a second web process on the suite's database, with its
 * request log captured and small body limits (set as an operator would).
 */
let child: ChildProcess;
let output = "";
let base = "";
let dataDir = "";

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "demarche-probe-"));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: inject("appDatabaseUrl"),
    SESSION_SECRET: e2eSessionSecret,
    DATA_DIR: dataDir,
    WORKERS: "0",
    LOG_LEVEL: "info",
    MAX_BODY_BYTES: "16384",
    MAX_UPLOAD_BYTES: "1048576",
  };
  for (const name of ["DEMO", "SMTP_URL", "REMIX_DEV_ORIGIN", "WEB_CONCURRENCY"]) delete env[name];
  child = spawn(process.execPath, ["--import", "tsx", "app/cli/start.ts"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited:\n${output}`);
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The app did not start:\n${output}`);
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    await new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  }
  await rm(dataDir, { recursive: true, force: true });
});

const campaign = "iran-end-impunity";
const validParam: Record<string, string> = {
  campaign,
  ask: "hrc-special-session",
  state: "FRA",
  token: "AbCdEfGh12345678",
  choice: "delete",
  answer: "replied",
  file: "positions.csv",
  language: "fr",
};
// What an error page must never show: SQL, driver errors, stack frames, server paths.
const leak =
  /PostgresError|invalid byte sequence|\bselect\b|\bwhere\b|node_modules|\/work\/|\/app\/| {4}at /i;

function request(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, { redirect: "manual", ...init });
}

function formPost(path: string, body: string, headers: Record<string, string> = {}) {
  return request(path, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: base,
      ...headers,
    },
  });
}

async function expectRefused(response: Response, status: number) {
  const body = await response.text();
  expect({ status: response.status, body }).toMatchObject({ status });
  expect(body).not.toMatch(leak);
  expect(body.length).toBeLessThan(2_000);
  return body;
}

const patternsWithParams = routeFilePatterns().filter((pattern) => pattern.includes(":"));

describe("malformed path parameters", () => {
  it("answers 404 without details for the probe's paths", async () => {
    for (const path of [
      "/c/%00",
      "/c/%00/write",
      "/r/%00/replied",
      "/staff/campaigns/%00",
      "/staff/contacts/%00",
      "/api/v1/campaigns/%00/asks",
    ]) {
      await expectRefused(await request(path), 404);
    }
    await expectRefused(await formPost("/s/%00/delete", "x=1"), 404);
  });

  it.each(patternsWithParams)("refuses a NUL byte in each parameter of %s", async (pattern) => {
    const names = [...pattern.matchAll(/:([\w-]+)/g)].map((m) => m[1] ?? "");
    for (const bad of names) {
      for (const value of ["%00", "x%00y", "%E0%A4%A", "' OR 1=1--"]) {
        const path = fillPattern(pattern, (name) =>
          name === bad ? value.replaceAll(" ", "%20") : (validParam[name] ?? "x"),
        );
        await expectRefused(await request(path), 404);
        await expectRefused(await request(`${path}.data`), 404);
        await expectRefused(await formPost(path, "x=1"), 404);
      }
    }
  });

  it("still serves well-formed parameters", async () => {
    expect((await request(`/c/${campaign}`)).status).toBe(200);
    expect((await request(`/c/${campaign}/write`)).status).toBe(200);
    expect((await request("/c/no-such-campaign")).status).toBe(404);
  });
});

describe("malformed form posts", () => {
  it.each([`/c/${campaign}/write`, "/staff/sign-in", "/staff/sign-out"])(
    "a POST to %s with no Content-Type is a 415 that says what to send",
    async (path) => {
      const response = await request(path, {
        method: "POST",
        body: new Uint8Array([120, 61, 49]),
        headers: { Origin: base },
      });
      expect(await expectRefused(response, 415)).toContain("application/x-www-form-urlencoded");
    },
  );

  it("a multipart form without its boundary is a 400", async () => {
    const response = await formPost("/staff/sign-in", "x", {
      "Content-Type": "multipart/form-data",
    });
    await expectRefused(response, 400);
  });

  it.each(["https://evil.example", "http://[", "https://127.0.0.1.evil.example"])(
    "a form post from Origin %s is a 403 with a short answer",
    async (origin) => {
      const response = await formPost("/staff/sign-in", "email=a%40b.org&password=x", {
        Origin: origin,
      });
      expect(await expectRefused(response, 403)).toContain("this site's own pages");
    },
  );
});

describe("request body limits (MAX_BODY_BYTES=16384, MAX_UPLOAD_BYTES=1048576 here)", () => {
  const tooBig = `email=${"a".repeat(20_000)}`;

  it("refuses a form over the limit by its Content-Length, with a page that says so", async () => {
    const response = await formPost("/staff/sign-in", tooBig);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(await expectRefused(response, 413)).toContain("16 kB");
  });

  it("counts a chunked body as it arrives, and stops reading at the limit", async () => {
    const answer = await chunkedPost(`/c/${campaign}/write`, 100 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("16 kB");
    expect(answer.body).not.toMatch(leak);
    // The server answered long before 100 MB went through, and closed the connection.
    expect(answer.sentBytes).toBeLessThan(50 * 1024 * 1024);
  });

  it("answers the API in JSON", async () => {
    const response = await request("/api/v1/campaigns", {
      method: "POST",
      body: JSON.stringify({ title: "x".repeat(20_000) }),
      headers: { "Content-Type": "application/json" },
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: expect.stringContaining("16 kB") });
  });

  it("gives the CSV imports their own, larger limit", async () => {
    const big = await formPost("/staff/contacts/import", "x".repeat(1_100_000), {
      "Content-Type": "multipart/form-data; boundary=x",
    });
    expect(await expectRefused(big, 413)).toContain("1 MB");
    // Under the upload limit but over the form limit: the route decides (here: sign in first).
    const allowed = await formPost("/staff/contacts/import", "x".repeat(20_000), {
      "Content-Type": "multipart/form-data; boundary=x",
    });
    expect(allowed.status).toBe(302);
  });

  it("lets a normal form through to the route", async () => {
    const response = await formPost("/staff/sign-in", "email=someone%40example.org&password=x");
    // No CSRF cookie: the route's own refusal, not the guards'.
    expect(response.status).toBeLessThan(500);
    expect([413, 415]).not.toContain(response.status);
  });
});

/**
 * A chunked POST (no Content-Length) that keeps writing until the server
 * answers or closes: fetch would report the closed socket, not the answer.
 */
function chunkedPost(
  path: string,
  totalBytes: number,
): Promise<{ status: number; body: string; sentBytes: number }> {
  const chunk = Buffer.alloc(64 * 1024, "a");
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = httpRequest(`${base}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    });
    req.on("response", (response) => {
      answered = true;
      let body = "";
      response.on("data", (data) => {
        body += String(data);
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, sentBytes }));
    });
    // The server may close while we still write (EPIPE) with its 413 already on the way:
    // give the answer a moment to arrive before calling the error a failure.
    req.on("error", (error) => {
      setTimeout(() => {
        if (!answered) reject(error);
      }, 2_000);
    });
    const write = () => {
      while (!answered && sentBytes < totalBytes && !req.destroyed) {
        sentBytes += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered && !req.destroyed) req.end();
    };
    write();
  });
}

async function signIn(email: string): Promise<string> {
  const page = await request("/staff/sign-in");
  const cookies = page.headers.getSetCookie().map((c) => c.split(";")[0]);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const body = new URLSearchParams({ csrf, email, password: inject("staffPassword") });
  const signedIn = await formPost("/staff/sign-in", body.toString(), {
    Cookie: cookies.join("; "),
  });
  expect(signedIn.status).toBe(302);
  return [...cookies, ...signedIn.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
}

describe("headers", () => {
  it("staff pages, the API and secret-link pages are never cached; public pages may be", async () => {
    const cookie = await signIn(e2eStaff.admin);
    for (const path of ["/staff/tokens", "/staff/users", `/staff/campaigns/${campaign}`]) {
      const response = await request(path, { headers: { Cookie: cookie } });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
    for (const path of ["/staff/sign-in", "/api/v1/me", "/confirm/AbCdEfGh12345678"]) {
      expect((await request(path)).headers.get("cache-control")).toBe("no-store");
    }
    // A route's own choice stands: the CSV export says no-store once, not twice.
    const csv = await request("/staff/contacts.csv", { headers: { Cookie: cookie } });
    expect(csv.headers.get("cache-control")).toBe("no-store");
    expect((await request(`/c/${campaign}`)).headers.get("cache-control")).not.toBe("no-store");
  });

  it("says frame-ancestors 'none' and no contradicting X-Frame-Options", async () => {
    const response = await request(`/c/${campaign}`);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options")).toBeNull();
  });
});

describe("the request log", () => {
  it("never writes a secret token from the path, for every route that has one", async () => {
    const secretRoutes = routeFilePatterns().filter((pattern) => pattern.includes(":token"));
    expect(secretRoutes.length).toBeGreaterThan(0);
    const secrets: string[] = [];
    for (const pattern of secretRoutes) {
      for (const suffix of ["", ".data", "/extra/segment"]) {
        const secret = `Secret${secrets.length}x${Date.now()}`;
        secrets.push(secret);
        const path = fillPattern(pattern, (name) =>
          name === "token" ? secret : (validParam[name] ?? "x"),
        );
        await request(`${path}${suffix}`);
        await formPost(`${path}${suffix}`, "x=1");
      }
    }
    await expect.poll(() => (output.match(/"msg":"request"/g) ?? []).length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).toContain('"path":"/confirm/:token"');
    expect(output).toContain('"path":"/s/:token/delete"');
  });
});
