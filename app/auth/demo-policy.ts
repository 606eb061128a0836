/**
 * When `npm start` seeds the demo campaign and its admin (whose password it
 * prints once). The embedded database is the zero-config local demo, so an
 * empty one gets the demo unless DEMO=0, whatever NODE_ENV says (`npm start`
 * runs in production mode). An external DATABASE_URL is a real deployment:
 * no demo admin there unless DEMO=1 asks for it.
 */
export function demoWanted(options: {
  /** DEMO as set: true for 1, false for 0, undefined when unset. */
  demo: boolean | undefined;
  embedded: boolean;
  /** No campaign yet. */
  empty: boolean;
}): boolean {
  if (options.demo !== undefined) return options.demo;
  return options.embedded && options.empty;
}
