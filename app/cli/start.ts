import { settleMode } from "~/lib/env.server";

/**
 * The entry of `npm start` and `npm run dev`. The mode is chosen here, once, before anything that
 * reads NODE_ENV is loaded: `@remix-run/*` (live reload, error details) and express read it when
 * their modules load, and the app's own bundle was built with it (see serve.ts).
 */
const warning = settleMode();
if (warning) process.stderr.write(`${warning}\n`);
await import("./serve");
