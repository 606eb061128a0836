import pino from "pino";
import { initialLogLevel } from "./env.server";

/**
 * Structured logs. Never pass personal data (e-mail addresses, names, IPs,
 * letter text) to the logger: the redaction below is a safety net, not a licence.
 */
export const logger = pino({
  level: initialLogLevel(),
  base: { app: "demarche" },
  redact: {
    paths: ["email", "*.email", "password", "*.password", "ip", "*.ip", "name", "*.name"],
    censor: "[redacted]",
  },
});
