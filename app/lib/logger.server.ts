import pino from "pino";

/**
 * Structured logs. Never pass personal data (e-mail addresses, names, IPs,
 * letter text) to the logger: the redaction below is a safety net, not a licence.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "demarche" },
  redact: {
    paths: ["email", "*.email", "password", "*.password", "ip", "*.ip", "name", "*.name"],
    censor: "[redacted]",
  },
});
