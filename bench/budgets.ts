/**
 * Page weight budget: bytes of gzip HTML a public page may weigh, so that it arrives in about a
 * second on a 400 kbit/s link. Checked by `npm run bench -- --only page-weight` and, since the
 * size is deterministic, by tests/e2e/public-pages.test.ts.
 */
export const htmlBudgetGzipBytes = 60_000;
