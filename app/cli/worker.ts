import { announceMode } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { startWorkerProcess } from "~/lib/processes.server";
import { loadConfigOrExit } from "~/lib/runtime.server";

/**
 * Queue workers alone, without a web server: letters, supporter e-mails, the
 * nightly retention and the dashboard's folds, for a deployment that runs them
 * in a container or on a host of their own (compose.yaml's `worker`). It joins
 * the database that the web process (`app/cli/start.ts`) migrated: start it
 * once that one answers /healthz. Run more of them to send faster.
 */
const config = loadConfigOrExit();
announceMode(config.NODE_ENV);
if (!config.DATABASE_URL) {
  process.stderr.write(
    "Invalid configuration: DATABASE_URL is required: a worker joins the web process's database\n",
  );
  process.exit(78); // EX_CONFIG, as for any other bad setting
}

const stop = await startWorkerProcess(config);
logger.info("Démarche queue worker is ready");
process.stdout.write("Démarche queue worker is ready\n");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await stop();
    process.exit(0);
  });
}
