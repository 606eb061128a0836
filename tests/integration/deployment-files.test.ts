import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "~/lib/env.server";

/**
 * The Dockerfile and compose.yaml cannot be built or started here (no Docker
 * engine), so their essentials are checked as text, and the Dockerfile's
 * commands against .ci/image-steps.sh, which the browser suite runs
 * (tests/e2e/image-steps.test.ts): neither can drift from the other unseen.
 */
interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  name: string;
  instructions: Instruction[];
}

/** Dockerfile instructions by stage, continuation lines joined, comments dropped. */
function dockerfileStages(text: string): Stage[] {
  const joined = text.replace(/\\\n\s*/g, "");
  const stages: Stage[] = [];
  for (const line of joined.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(trimmed) ?? [];
    if (keyword === "FROM")
      stages.push({ name: args.split(/\s+AS\s+/i)[1] ?? "", instructions: [] });
    stages.at(-1)?.instructions.push({ keyword, args });
  }
  return stages;
}

const argsOf = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

const stages = dockerfileStages(readFileSync("Dockerfile", "utf8"));
const script = readFileSync(".ci/image-steps.sh", "utf8");
const build = stages.find((s) => s.name === "build");
const runStage = stages.at(-1);

describe("Dockerfile", () => {
  it("builds with the development dependencies in one stage and runs without them in another", () => {
    expect(stages).toHaveLength(2);
    if (!build || !runStage) throw new Error("stages missing");
    expect(argsOf(build, "RUN")).toEqual(["npm ci --no-audit --no-fund", "npm run build"]);
    const runs = argsOf(runStage, "RUN").join(" && ");
    expect(runs).toContain("npm ci --omit=dev");
    expect(runs).not.toMatch(/remix build|npm run build/);
    expect(argsOf(runStage, "ENV").join(" ")).toMatch(/\bNODE_ENV=production\b/);
    expect(argsOf(runStage, "COPY")).toEqual(
      expect.arrayContaining([
        "--from=build /app/build ./build",
        "--from=build /app/public ./public",
      ]),
    );
  });

  it("runs as an unprivileged user, serves the existing build and checks /healthz with node", () => {
    if (!runStage) throw new Error("run stage missing");
    const keywords = runStage.instructions.map((i) => i.keyword);
    const [user] = argsOf(runStage, "USER");
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(keywords.lastIndexOf("USER")).toBeGreaterThan(keywords.lastIndexOf("RUN"));
    const [healthcheck] = argsOf(runStage, "HEALTHCHECK");
    // The slim Node image has no curl or wget; node itself has fetch.
    expect(healthcheck).toMatch(/CMD \["node", "-e", ".*\/healthz/);
    const [cmd] = argsOf(runStage, "CMD");
    expect(JSON.parse(cmd ?? "null")).toEqual(["node", "--import", "tsx", "app/cli/start.ts"]);
    expect(existsSync("app/cli/start.ts")).toBe(true);
  });

  it("has its steps repeated by .ci/image-steps.sh", () => {
    for (const stage of stages) {
      for (const run of argsOf(stage, "RUN")) {
        for (const command of run.split("&&").map((c) => c.trim())) {
          // The script must not empty the machine's shared npm cache (it says so).
          if (command === "npm cache clean --force") continue;
          expect(script, command).toContain(command);
        }
      }
    }
    const [healthcheck] = runStage ? argsOf(runStage, "HEALTHCHECK") : [];
    const probe = JSON.parse(healthcheck?.replace(/^.*?CMD /, "") ?? "[]").at(-1);
    expect(script).toContain(probe);
    expect(script).toContain(
      '"$context/tsconfig.json" "$context/app" "$context/db" "$context/templates"',
    );
  });

  it("keeps .dockerignore to plain paths, which the script reads the same way", () => {
    const lines = readFileSync(".dockerignore", "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.startsWith("#"));
    for (const line of lines) expect(line).toMatch(/^[\w.][\w./-]*$/);
    expect(lines).toEqual(
      expect.arrayContaining([".git", ".data", ".env", "node_modules", "build"]),
    );
  });
});

describe("compose.yaml", () => {
  const compose = parse(readFileSync("compose.yaml", "utf8"), { merge: true });
  const services = compose.services;

  it("runs PostgreSQL 17 with a health check and its data in a named volume", () => {
    const db = services.db;
    expect(db.image).toBe("postgres:17");
    expect(db.healthcheck.test.join(" ")).toContain("pg_isready");
    const [dataVolume] = db.volumes.filter((v: string) => v.endsWith(":/var/lib/postgresql/data"));
    expect(compose.volumes).toHaveProperty(dataVolume.split(":")[0]);
  });

  it("runs the image as a web service after the database and a worker after the web", () => {
    const { web, worker } = services;
    for (const service of [web, worker]) {
      expect(service.build).toBe(".");
      expect(service.environment.NODE_ENV).toBe("production");
      // No secret is written in the file: they come from .env or the generated volume.
      expect(service.environment).not.toHaveProperty("SESSION_SECRET");
      expect(service.environment).not.toHaveProperty("DATABASE_URL");
    }
    expect(web.command).toEqual(["node", "--import", "tsx", "app/cli/start.ts"]);
    expect(web.environment.WORKERS).toBe("0");
    expect(web.depends_on.db.condition).toBe("service_healthy");
    expect(worker.command).toEqual(["node", "--import", "tsx", "app/cli/worker.ts"]);
    expect(worker.depends_on.web.condition).toBe("service_healthy");
    expect(existsSync("app/cli/worker.ts")).toBe(true);
  });

  it("has a mail placeholder the web and worker send to unless SMTP_URL says otherwise", () => {
    expect(services.mail.image).toMatch(/^axllent\/mailpit:v\d/);
    // Compose fills in `${SMTP_URL:-…}`: SMTP_URL from .env or the shell, else the placeholder.
    expect(services.web.environment.SMTP_URL).toBe(
      ["$", "{SMTP_URL:-smtp://mail:1025/?requireTLS=false}"].join(""),
    );
  });

  it("publishes nothing but on loopback", () => {
    for (const service of Object.values(services) as { ports?: string[] }[]) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^"?127\.0\.0\.1:/);
    }
  });
});

describe(".env.example", () => {
  it("holds settings the app accepts, and no secret", () => {
    const settings = Object.fromEntries(
      readFileSync(".env.example", "utf8")
        .split("\n")
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(Object.keys(settings)).toEqual(["APP_URL", "SMTP_URL", "MAIL_FROM"]);
    const generated = {
      DATABASE_URL: "postgres://demarche:generated@db:5432/demarche",
      SESSION_SECRET: "0123456789abcdef0123456789abcdef",
    };
    expect(() => parseConfig({ NODE_ENV: "production", ...generated, ...settings })).not.toThrow();
  });
});
