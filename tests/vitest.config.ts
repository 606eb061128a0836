import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { testSessionSecret } from "./setup/test-secrets";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * `unit`: pure logic beside the code, no database. `integration`: domain
 * functions, loaders and actions against a real PostgreSQL, no browser.
 * `npm test` runs both; `--project` picks one.
 */
export default defineConfig({
  root,
  resolve: { alias: { "~": `${root}app`, "#db": `${root}db` } },
  test: {
    // CI also writes a JSON report, which .ci/run sums into one closing line.
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: "tests/.artifacts/unit-results.json" },
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["app/**/*.test.ts", "db/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/setup/global-database.ts"],
          env: { SESSION_SECRET: testSessionSecret },
        },
      },
    ],
  },
});
