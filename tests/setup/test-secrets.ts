/** The SESSION_SECRET of integration tests: link and mail tokens are derived from it, as the worker derives them. */
export const testSessionSecret = "test-session-secret-that-is-long-enough-0123456789";

/** The SESSION_SECRET of the app the browser tests serve, and of their own process (tests/vitest.e2e.config.ts). */
export const e2eSessionSecret = "e2e-session-secret-0123456789abcdef0123456789";
