/**
 * Page weight budgets for public pages, so that they arrive in seconds on a 400 kbit/s link.
 * Checked by `npm run bench -- --only page-weight` and, since the sizes are deterministic, by
 * tests/e2e/public-pages.test.ts.
 */

/** Bytes of gzip HTML a public page may weigh: about a second at 400 kbit/s. */
export const htmlBudgetGzipBytes = 60_000;

/**
 * Bytes of gzip JavaScript a public page may load (React, Remix, the page's catalogue and its
 * own modules): about 2.4 s at 400 kbit/s. The form works before any of it arrives; the budget
 * keeps server-only libraries (zod, 96 KB gzip) out of the supporters' pages.
 */
export const scriptBudgetGzipBytes = 120_000;

/**
 * The scripts a Remix page loads: its modulepreload links, which list every module its module
 * script imports (the route manifest inside the page also names routes it may never load).
 */
export function scriptPathsIn(html: string): string[] {
  const links = html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g);
  return [...new Set([...links].map((match) => match[1] ?? ""))];
}
