import { describe, expect, it } from "vitest";
import {
  ConfigError,
  config,
  initialLogLevel,
  parseConfig,
  sessionSecret,
  settleConfig,
} from "./env.server";

describe("configuration", () => {
  it("has working defaults with no variables at all", () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    // Unset, not false: the embedded database gets the demo unless DEMO=0.
    expect(config.DEMO).toBeUndefined();
    expect(parseConfig({ DEMO: "0" }).DEMO).toBe(false);
    // Replies by e-mail are off until configured.
    expect(config.INBOUND_SMTP_PORT).toBeUndefined();
    expect(config.INBOUND_SMTP_HOST).toBe("127.0.0.1");
    expect(config.IMAP_URL).toBeUndefined();
    expect(config.REPLY_DOMAIN).toBeUndefined();
  });

  it("trusts no proxy by default and reads hop counts and proxy addresses", () => {
    expect(parseConfig({}).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8, ::1" }).TRUST_PROXY).toEqual([
      "loopback",
      "10.0.0.0/8",
      "::1",
    ]);
    // Trusting every proxy would let any client choose the address its limits count.
    for (const bad of ["true", "*", "proxy.example.org", "10.0.0.0/8/1"]) {
      expect(() => parseConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY must be a number/);
    }
  });

  it("has budgets of confirmation e-mails per hour", () => {
    expect(parseConfig({})).toMatchObject({
      CONFIRMATIONS_PER_HOUR: 1000,
      CONFIRMATIONS_PER_CAMPAIGN_HOUR: 300,
    });
    expect(() => parseConfig({ CONFIRMATIONS_PER_HOUR: "0" })).toThrow(/at least 1/);
  });

  it("reads the reply capture variables", () => {
    const config = parseConfig({
      INBOUND_SMTP_PORT: "2525",
      INBOUND_SMTP_HOST: "0.0.0.0",
      IMAP_URL: "imaps://replies%40act.example.org:s3cret@mail.example.org/INBOX",
      REPLY_DOMAIN: "replies.act.example.org",
    });
    expect(config).toMatchObject({
      INBOUND_SMTP_PORT: 2525,
      INBOUND_SMTP_HOST: "0.0.0.0",
      REPLY_DOMAIN: "replies.act.example.org",
    });
    expect(parseConfig({ IMAP_URL: "imap://u:p@localhost:143" }).IMAP_URL).toBe(
      "imap://u:p@localhost:143",
    );
  });

  it("reads the settings other modules once read for themselves; empty means unset", () => {
    const unset = parseConfig({});
    const empty = parseConfig({ TEMPLATES_DIR: "", REMIX_DEV_ORIGIN: "" });
    for (const parsed of [unset, empty]) {
      expect(parsed.TEMPLATES_DIR).toBeUndefined();
      expect(parsed.REMIX_DEV_ORIGIN).toBeUndefined();
    }
    expect(unset.DEMARCHE_ROLE).toBeUndefined();
    expect(unset.LOG_LEVEL).toBeUndefined();
    expect(
      parseConfig({
        TEMPLATES_DIR: "/srv/templates",
        REMIX_DEV_ORIGIN: "http://localhost:3001",
        DEMARCHE_ROLE: "worker",
        LOG_LEVEL: "debug",
      }),
    ).toMatchObject({
      TEMPLATES_DIR: "/srv/templates",
      REMIX_DEV_ORIGIN: "http://localhost:3001",
      DEMARCHE_ROLE: "worker",
      LOG_LEVEL: "debug",
    });
    expect(() => parseConfig({ DEMARCHE_ROLE: "both" })).toThrow(/DEMARCHE_ROLE/);
    expect(() => parseConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });

  it("keeps what start-up settled: the generated secret is the one everything is keyed from", () => {
    const before = config();
    try {
      settleConfig({ ...parseConfig({}), SESSION_SECRET: "s".repeat(32) });
      expect(sessionSecret()).toBe("s".repeat(32));
      settleConfig(parseConfig({}));
      expect(() => sessionSecret()).toThrow(/SESSION_SECRET is not set/);
    } finally {
      settleConfig(before);
    }
  });

  it("logs silently under tests unless LOG_LEVEL says otherwise", () => {
    // The unit tests run with NODE_ENV=test and no LOG_LEVEL.
    expect(initialLogLevel()).toBe("silent");
  });

  it("reads the documented variables", () => {
    const config = parseConfig({
      PORT: "8080",
      DATABASE_URL: "postgres://u:p@db.internal:5432/demarche",
      DEMO: "1",
      SESSION_SECRET: "x".repeat(32),
      SMTP_URL: "smtp://mail.example.org:587",
      APP_URL: "https://act.example.org",
      WEB_CONCURRENCY: "2",
    });
    expect(config).toMatchObject({ PORT: 8080, DEMO: true, WEB_CONCURRENCY: 2 });
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL"],
    [{ SMTP_URL: "http://mail" }, "SMTP_URL"],
    [{ SESSION_SECRET: "short" }, "SESSION_SECRET"],
    [{ APP_URL: "act.example.org" }, "APP_URL"],
    [{ DEMO: "yes" }, "DEMO"],
    [{ INBOUND_SMTP_PORT: "smtp" }, "INBOUND_SMTP_PORT"],
    [{ INBOUND_SMTP_PORT: "0" }, "INBOUND_SMTP_PORT"],
    [{ IMAP_URL: "pop3://u:p@mail.example.org" }, "IMAP_URL"],
    [{ IMAP_URL: "mail.example.org" }, "IMAP_URL"],
    [{ IMAP_URL: "imaps://mail.example.org/INBOX" }, "IMAP_URL"],
    [{ REPLY_DOMAIN: "reply@act.example.org" }, "REPLY_DOMAIN"],
    [{ REPLY_DOMAIN: "https://act.example.org" }, "REPLY_DOMAIN"],
    [{ NODE_ENV: "production", DATABASE_URL: "postgres://h/db" }, "SESSION_SECRET"],
  ])("rejects %o with one line naming %s", (env, variable) => {
    try {
      parseConfig(env);
      expect.unreachable("should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const lines = (error as Error).message.split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
    }
  });
});
