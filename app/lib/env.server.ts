import { isIP } from "node:net";
import { z } from "zod";
import { chooseMode } from "./mode";

/**
 * The process configuration, parsed once at start-up. A bad value stops the
 * start with one line naming the variable (see `formatConfigError`).
 */
const port = z.coerce
  .number({ message: "must be a port number from 1 to 65535" })
  .int("must be a port number from 1 to 65535")
  .min(1, "must be a port number from 1 to 65535")
  .max(65535, "must be a port number from 1 to 65535");

const byteCount = (fallback: number) =>
  z.coerce
    .number({ message: "must be a number of bytes, e.g. 65536" })
    .int("must be a whole number of bytes")
    .min(1024, "must be at least 1024 bytes")
    .default(fallback);

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

const trustProxyMessage =
  "must be a number of proxy hops (e.g. 1), or proxy addresses such as loopback, 10.0.0.0/8";

/**
 * Which proxies may tell the client's address in X-Forwarded-For: none by
 * default (the connection's address is the client's), a number of hops, or
 * a list of proxy addresses and ranges (express's `trust proxy`). Never
 * "every proxy": then any client could choose the address its limits count.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): false | number | string[] => {
    if (v === "" || v === "0" || v === "false") return false;
    if (/^\d+$/.test(v) && Number(v) <= 10) return Number(v);
    const entries = v.split(",").map((part) => part.trim());
    const named = ["loopback", "linklocal", "uniquelocal"];
    const valid = (entry: string) => {
      const [address, bits, ...rest] = entry.split("/");
      if (rest.length > 0 || !address) return false;
      if (named.includes(address)) return bits === undefined;
      return isIP(address) !== 0 && (bits === undefined || /^\d{1,3}$/.test(bits));
    };
    if (entries.every(valid)) return entries;
    ctx.addIssue({ code: "custom", message: trustProxyMessage });
    return z.NEVER;
  });

/** A path or flag where an empty value means unset, as it always did for these. */
const unsetWhenEmpty = z
  .string()
  .optional()
  .transform((v) => v || undefined);

const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** A budget of e-mails per hour. */
const perHour = z.coerce
  .number({ message: "must be a whole number of e-mails per hour" })
  .int("must be a whole number of e-mails per hour")
  .min(1, "must be at least 1");

export const configSchema = z
  .object({
    NODE_ENV: z
      .enum(["development", "production", "test"], {
        message: "must be development, production or test",
      })
      .default("development"),
    PORT: port.default(3000),
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((v) => v ?? "")
      .pipe(trustProxy),
    /** Letters the public form takes per client address and hour. */
    LETTERS_PER_CLIENT_HOUR: z.coerce
      .number({ message: "must be a whole number of letters per hour" })
      .int("must be a whole number of letters per hour")
      .min(1, "must be at least 1")
      .default(30),
    /** Confirmation e-mails the public form may cause, all campaigns together and per campaign. */
    CONFIRMATIONS_PER_HOUR: perHour.default(1000),
    CONFIRMATIONS_PER_CAMPAIGN_HOUR: perHour.default(300),
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
    /** Unset: info (silent under tests, warn in CLI commands); see `initialLogLevel`. */
    LOG_LEVEL: logLevel.optional(),
    /** Letter and e-mail templates; templates/ in the working directory by default. */
    TEMPLATES_DIR: unsetWhenEmpty,
    /** Set by `npm start` for the processes it forks in a cluster (docs/scaling.md). */
    DEMARCHE_ROLE: z.enum(["web", "worker"]).optional(),
    /** Set by `remix dev`: only then is there a rebuild to follow. */
    REMIX_DEV_ORIGIN: unsetWhenEmpty,
    WORKERS: z.coerce
      .number({ message: "must be a whole number of queue workers" })
      .int("must be a whole number of queue workers")
      .min(0, "must be 0 or more")
      .max(64, "must be at most 64")
      .default(1),
    /** Largest request body outside the CSV imports (forms, JSON); larger answers 413. */
    MAX_BODY_BYTES: byteCount(64 * 1024),
    /** Largest CSV import request (a file and a pasted text of up to 5 MB each). */
    MAX_UPLOAD_BYTES: byteCount(11 * 1024 * 1024),
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

// Shared through globalThis: the server build bundles its own copy of this module.
const processConfig = globalThis as unknown as { demarcheConfig?: Config };

/**
 * The process's configuration: read from the environment once, or as
 * `settleConfig` completed it at start-up. Request code takes it from the
 * load context instead.
 */
export function config(): Config {
  processConfig.demarcheConfig ??= parseConfig(process.env);
  return processConfig.demarcheConfig;
}

/**
 * The key that signs cookies and from which link tokens and rate-limit keys
 * are derived: SESSION_SECRET, or the one `npm start` generated and settled.
 * Read from the process's configuration because the queue workers derive the
 * same tokens as the requests do.
 */
export function sessionSecret(): string {
  const secret = config().SESSION_SECRET;
  if (!secret) throw new Error("SESSION_SECRET is not set: start the app with `npm start`");
  return secret;
}

/** At start-up, what the runtime filled in (the embedded database's URL, a generated secret). */
export function settleConfig(settled: Config): void {
  processConfig.demarcheConfig = settled;
}

/**
 * The logger's level when its module loads, before the configuration is
 * checked: a bad LOG_LEVEL is reported with the rest by `config()`.
 */
export function initialLogLevel(): z.infer<typeof logLevel> {
  const asked = logLevel.safeParse(process.env.LOG_LEVEL);
  if (asked.success) return asked.data;
  return process.env.NODE_ENV === "test" ? "silent" : "info";
}

/**
 * Chooses the process's mode (see mode.ts) and writes it to NODE_ENV, which
 * Remix, React and express read for themselves when their modules load:
 * call it before importing them. Returns a warning when NODE_ENV asked otherwise.
 */
export function settleMode(): string | null {
  const { mode, warning } = chooseMode(process.env);
  process.env.NODE_ENV = mode;
  return warning;
}

/** As `settleMode`, for a process told its mode by its configuration (the queue worker). */
export function announceMode(mode: Config["NODE_ENV"]): void {
  process.env.NODE_ENV = mode;
}
