import { z } from "zod";

/**
 * The process configuration, parsed once at start-up. A bad value stops the
 * start with one line naming the variable (see `formatConfigError`).
 */
const port = z.coerce
  .number({ message: "must be a port number from 1 to 65535" })
  .int("must be a port number from 1 to 65535")
  .min(1, "must be a port number from 1 to 65535")
  .max(65535, "must be a port number from 1 to 65535");

const postgresUrl = z
  .string()
  .url("must be a URL such as postgres://user:password@host:5432/demarche")
  .refine((v) => /^postgres(ql)?:\/\//.test(v), "must start with postgres:// or postgresql://");

const domainName = z
  .string()
  .regex(
    /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i,
    "must be a domain name such as replies.act.example.org (no @, no scheme)",
  );

export const configSchema = z
  .object({
    NODE_ENV: z
      .enum(["development", "production", "test"], {
        message: "must be development, production or test",
      })
      .default("development"),
    PORT: port.default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    APP_URL: z.string().url("must be the public URL, e.g. https://act.example.org").optional(),
    DATABASE_URL: postgresUrl.optional(),
    EMBEDDED_PG_PORT: port.default(54329),
    DATA_DIR: z.string().min(1).default(".data"),
    /** Unset: the demo goes into an empty embedded database only (app/auth/demo-policy.ts). */
    DEMO: z
      .enum(["0", "1", "true", "false", ""], { message: "must be 1 or 0" })
      .optional()
      .transform((v) => (v === undefined || v === "" ? undefined : v === "1" || v === "true")),
    SESSION_SECRET: z
      .string()
      .min(32, "must be at least 32 characters (try: openssl rand -hex 32)")
      .optional(),
    SMTP_URL: z
      .string()
      .url("must be a URL such as smtp://user:pass@mail.example.org:587")
      .refine((v) => /^smtps?:\/\//.test(v), "must start with smtp:// or smtps://")
      .optional(),
    MAIL_FROM: z.string().min(3).default("Démarche <no-reply@localhost>"),
    /** Replies and bounces by e-mail (docs/replies.md): off unless a port or mailbox is set. */
    INBOUND_SMTP_PORT: port.optional(),
    INBOUND_SMTP_HOST: z.string().min(1).default("127.0.0.1"),
    IMAP_URL: z
      .string()
      .url("must be a URL such as imaps://user:pass@mail.example.org/INBOX")
      .refine((v) => /^imaps?:\/\//.test(v), "must start with imap:// or imaps://")
      .refine((v) => !URL.canParse(v) || new URL(v).username !== "", "must include a user name")
      .optional(),
    REPLY_DOMAIN: domainName.optional(),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    WORKERS: z.coerce
      .number({ message: "must be a whole number of queue workers" })
      .int("must be a whole number of queue workers")
      .min(0, "must be 0 or more")
      .max(64, "must be at most 64")
      .default(1),
    WEB_CONCURRENCY: z.coerce
      .number({ message: "must be a whole number of processes" })
      .int("must be a whole number of processes")
      .min(1, "must be at least 1")
      .max(64, "must be at most 64")
      .default(1),
  })
  .superRefine((env, ctx) => {
    // Production must not run on a generated secret or a guessed address.
    if (env.NODE_ENV !== "production") return;
    if (!env.SESSION_SECRET && env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "is required in production",
      });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** One line per bad variable, e.g. `Invalid configuration: PORT must be a port number ...`. */
export function formatConfigError(error: z.ZodError): string {
  const firstIssueByVariable = new Map<string, string>();
  for (const issue of error.issues) {
    const variable = issue.path.join(".") || "environment";
    if (!firstIssueByVariable.has(variable)) firstIssueByVariable.set(variable, issue.message);
  }
  return [...firstIssueByVariable]
    .map(([variable, message]) => `Invalid configuration: ${variable} ${message}`)
    .join("\n");
}

export function parseConfig(source: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(source);
  if (!result.success) throw new ConfigError(formatConfigError(result.error));
  return result.data;
}

let cached: Config | undefined;

export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
