import type { AppLoadContext } from "@remix-run/node";
import type { Database } from "~/lib/db.server";
import { type Config, parseConfig } from "~/lib/env.server";
import { testSessionSecret } from "./test-secrets";

/** The configuration of a test: the defaults, the tests' secret, and what the test sets. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...parseConfig({ NODE_ENV: "test", SESSION_SECRET: testSessionSecret }),
    ...overrides,
  };
}

/** What a loader or action gets from `npm start` besides the request, for calling it in a test. */
export function testContext(
  db: Database,
  overrides: { clientIp?: string; config?: Partial<Config> } = {},
): AppLoadContext {
  return {
    cspNonce: "",
    clientIp: overrides.clientIp ?? "127.0.0.1",
    db,
    config: testConfig(overrides.config),
  };
}
