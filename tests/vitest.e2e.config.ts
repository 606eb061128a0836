import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { e2eSessionSecret } from "./setup/test-secrets";

const root = fileURLToPath(new URL("..", import.meta.url));

// Browser tests: the built app served by `app/cli/start.ts` on a free port, driven by Chromium.
export default defineConfig({
  root,
  resolve: { alias: { "~": `${root}app`, "#db": `${root}db` } },
  test: {
    // CI also writes a JSON report, which .ci/run sums into one closing line.
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: "tests/.artifacts/e2e-results.json" },
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/setup/global-app.ts"],
    // The app's secret in the tests' own process too: they derive supporters' link tokens from it.
    env: { SESSION_SECRET: e2eSessionSecret },
    pool: "forks",
    // One app, one database: files run one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
