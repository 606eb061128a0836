/** The SESSION_SECRET of integration tests: link and mail tokens are derived from it, as the worker derives them. */
export const testSessionSecret = "test-session-secret-that-is-long-enough-0123456789";
