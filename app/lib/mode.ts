/**
 * The one mode the whole process runs in. Development only under `npm run dev`, which is the
 * only way to get a rebuild to follow (remix dev hands REMIX_DEV_ORIGIN to the app it runs);
 * production otherwise, so `npm start` never serves live reload or error details.
 */
export type Mode = "production" | "development";

export function chooseMode(env: Record<string, string | undefined>): {
  mode: Mode;
  /** Set when NODE_ENV asked for something else, which is then ignored. */
  warning: string | null;
} {
  const mode: Mode = env.REMIX_DEV_ORIGIN ? "development" : "production";
  const asked = env.NODE_ENV;
  const warning =
    asked && asked !== mode
      ? `NODE_ENV=${asked} ignored: ${mode === "production" ? "npm start serves the production build; live reload is `npm run dev`" : "`npm run dev` runs in development mode"}.`
      : null;
  return { mode, warning };
}
