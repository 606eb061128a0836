import { type ParseArgsConfig, parseArgs } from "node:util";
import { ZodError } from "zod";
import { logger } from "~/lib/logger.server";
import { loadConfigOrExit, openRuntime, type Runtime } from "~/lib/runtime.server";

/**
 * Runs a command-line task against the database. With the embedded server it
 * reaches the one `npm start` runs, or starts it just for the command.
 */
export async function runCommand(
  options: ParseArgsConfig["options"],
  task: (args: Record<string, string | boolean | undefined>, runtime: Runtime) => Promise<void>,
): Promise<void> {
  let args: Record<string, string | boolean | undefined>;
  try {
    args = parseArgs({ options, allowPositionals: false }).values as typeof args;
  } catch (error) {
    fail((error as Error).message);
  }
  const config = loadConfigOrExit();
  // Commands print their own results; routine start-up logs would only get in the way.
  if (!config.LOG_LEVEL) logger.level = "warn";
  const runtime = await openRuntime(config);
  // Ctrl-C during a command still stops an embedded server it started.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void runtime.release().finally(() => process.exit(130));
    });
  }
  let failure: string | null = null;
  try {
    await task(args, runtime);
  } catch (error) {
    if (error instanceof ZodError) {
      failure = error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");
    } else if (error instanceof CommandError) failure = error.message;
    else throw error;
  } finally {
    // Before any exit: an embedded server started for this command must stop.
    await runtime.release();
  }
  if (failure) fail(failure);
}

export class CommandError extends Error {}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Reads all of standard input when it is piped; null at a terminal. */
export async function readPipedStdin(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
