import type { AddressInfo } from "node:net";
import type { ActionFunctionArgs } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import express from "express";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { letters, rateLimitHits, stateContacts, supporters } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import { csrfToken } from "~/auth/csrf.server";
import { hashSecretToken } from "~/auth/secret-token.server";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { mailTokenFor } from "~/delivery/mail-tokens.server";
import { startLetterWorkers } from "~/delivery/workers.server";
import { confirmLetter, defaultSubmissionLimits, submitLetter } from "~/letters/letters.server";
import { parseConfig } from "~/lib/env.server";
import { loadContext } from "~/lib/http-app.server";
import { smtpMailer } from "~/lib/mail.server";
import { createQueue } from "~/lib/queue.server";
import { pruneRateLimits } from "~/lib/rate-limit.server";
import { action as writeAction } from "~/routes/c.$campaign_.write";
import { action as confirmAction } from "~/routes/confirm.$token";
import { action as manageAction } from "~/routes/s.$token.$choice";
import { testContext } from "../setup/load-context";
import { type SmtpSink, startSmtpSink } from "../setup/smtp-sink";
import { outcome } from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

/**
 * The public letter form as an outside probe used it (issue 10): a victim's
 * address, spoofed X-Forwarded-For, plus-addresses, links in the name, an
 * injected Reply-To, a 10 MB paragraph.
 */
let database: TestDatabase;
let sink: SmtpSink;
let worker: PgBoss | undefined;
const mailers: ReturnType<typeof smtpMailer>[] = [];
const settings = {
  mailFrom: "Démarche <letters@act.example.org>",
  appUrl: "http://localhost:3000",
  replyDomain: "replies.act.example.org",
};
const params = { campaign: demoCampaignSlug };
const body = "Excellency,\n\nPlease convene a special session on Iran without delay.\n\nA.";

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
  await database.db.insert(stateContacts).values({
    stateIso3: "FRA",
    kind: "ministry",
    name: "Ministère de l'Europe et des Affaires étrangères",
    emails: ["ministere@fr.example.org"],
    salutations: { en: "Excellency", fr: "Excellence", es: "Excelencia" },
    language: "fr",
    isDemo: true,
  });
  sink = await startSmtpSink();
  // Confirmation e-mails go out while the tests run, as they would in the app.
  await startWorker();
});

afterAll(async () => {
  await worker?.stop({ graceful: false, wait: true, timeout: 2000 });
  for (const mailer of mailers) mailer.close();
  await sink.close();
  await database.drop();
});

function fields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ask: "hrc-special-session",
    country: "FRA",
    name: "Ana Souza",
    email: "ana@example.org",
    city: "Lyon",
    personalParagraph: "My cousin lives in Tehran.",
    language: "en",
    website: "",
    intent: "send",
    body,
    ...overrides,
  };
}

/** A POST of the write form from a browser with its CSRF cookie, as the route gets it. */
async function postForm(
  values: Record<string, string>,
  options: { clientIp?: string; headers?: Record<string, string> } = {},
) {
  const { token, setCookie } = await csrfToken(new Request("http://localhost/"));
  const form = new URLSearchParams({ ...values, csrf: token });
  const request = new Request(`http://localhost/c/${demoCampaignSlug}/write`, {
    method: "POST",
    body: form,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: setCookie?.split(";")[0] ?? "",
      ...options.headers,
    },
  });
  const context = testContext(database.db, { clientIp: options.clientIp ?? "198.51.100.7" });
  return outcome(() => writeAction({ request, params, context }));
}

async function postAction(
  run: (args: ActionFunctionArgs) => Promise<unknown>,
  path: string,
  routeParams: Record<string, string>,
) {
  const { token, setCookie } = await csrfToken(new Request("http://localhost/"));
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    body: new URLSearchParams({ csrf: token }),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: setCookie?.split(";")[0] ?? "",
    },
  });
  return outcome(() =>
    run({ request, params: routeParams, context: testContext(database.db, { clientIp: "" }) }),
  );
}

async function supporterRow(email: string) {
  const [row] = await database.db
    .select()
    .from(supporters)
    .where(sql`lower(${supporters.email}) = ${email.toLowerCase()}`);
  return row;
}

async function startWorker() {
  if (worker) return;
  worker = createQueue(database.url, { supervise: false, schedule: false });
  await worker.start();
  const mailer = smtpMailer(sink.url);
  mailers.push(mailer);
  await startLetterWorkers(
    worker,
    { db: database.db, mailer, settings },
    { pollingIntervalSeconds: 0.5 },
  );
}

/** The message whose header has this value, once it has arrived. */
async function mailWith(header: string, value: string) {
  const deadline = Date.now() + 40_000;
  for (;;) {
    const found = sink.received.find((m) => m.parsed.headers.get(header.toLowerCase()) === value);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`expected a message with ${header}: ${value}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The messages that arrived for this address, once `count` of them have. */
async function mailTo(address: string, count = 1) {
  const deadline = Date.now() + 40_000;
  for (;;) {
    const found = sink.received.filter((m) => m.envelopeTo.includes(address));
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`expected ${count} messages to ${address}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the client's address", () => {
  /** A real HTTP server with the app's proxy setting and load context. */
  async function clientIpOver(trustProxy: string | undefined, headers: Record<string, string>) {
    const app = express();
    app.set("trust proxy", parseConfig({ TRUST_PROXY: trustProxy }).TRUST_PROXY);
    app.get("/", (req, res) => {
      res.locals.cspNonce = "n";
      res.json({ clientIp: loadContext(testContext(database.db))(req, res).clientIp });
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers });
      return ((await response.json()) as { clientIp: string }).clientIp;
    } finally {
      server.close();
    }
  }

  it("is the connection's unless a proxy is trusted, and never the leftmost X-Forwarded-For", async () => {
    const spoofed = { "X-Forwarded-For": "203.0.113.9, 192.0.2.44" };
    // By default no proxy is trusted: the header is ignored.
    expect(await clientIpOver(undefined, spoofed)).toMatch(/127\.0\.0\.1$/);
    // Behind one proxy, the address that proxy saw: the rightmost entry.
    expect(await clientIpOver("1", spoofed)).toBe("192.0.2.44");
    expect(await clientIpOver("loopback", spoofed)).toBe("192.0.2.44");
    expect(await clientIpOver("loopback", {})).toMatch(/127\.0\.0\.1$/);
  });

  it("is limited per hour whatever X-Forwarded-For says, and stored only as a keyed hash", async () => {
    const limit = defaultSubmissionLimits.lettersPerClientHour;
    const statuses: number[] = [];
    for (let i = 0; i <= limit; i++) {
      const answer = await postForm(fields({ email: `ip-${i}@example.org` }), {
        clientIp: "203.0.113.50",
        headers: { "X-Forwarded-For": `10.9.${i}.1` },
      });
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, limit).every((status) => status === 302)).toBe(true);
    expect(statuses[limit]).toBe(429);
    // Another client is not affected.
    expect((await postForm(fields({ email: "ip-other@example.org" }))).status).toBe(302);
    const keys = await database.db.select({ key: rateLimitHits.key }).from(rateLimitHits);
    expect(keys.some((k) => k.key.includes("203.0.113.50"))).toBe(false);
    expect(keys.some((k) => k.key.includes("@"))).toBe(false);
  });
});

describe("the per-address limit", () => {
  it("counts plus-addresses and capitals as one mailbox", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= defaultSubmissionLimits.lettersPerAddressHour + 1; i++) {
      const answer = await postForm(fields({ email: `Plus+${i}@Example.org` }), {
        clientIp: `198.51.100.${i + 100}`,
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429]);
  });
});

describe("the budget of confirmation e-mails", () => {
  async function submitAt(now: Date, email: string, limits = defaultSubmissionLimits) {
    const campaign = await getCampaignWithAsks(database.db, demoCampaignSlug);
    const ask = campaign?.asks.find((a) => a.slug === "hrc-special-session");
    if (!campaign || !ask) throw new Error("no demo campaign");
    return submitLetter(database.db, {
      campaign,
      ask,
      input: {
        ask: ask.slug,
        country: "FRA",
        name: "Budget",
        email,
        city: "",
        personalParagraph: "",
        language: "en",
        consentUpdates: false,
        website: "",
      },
      approvedBody: body,
      clientIp: email,
      limits,
      now,
    });
  }

  it("stops confirmations per campaign and in all once the hour's budget is spent", async () => {
    const perCampaign = { ...defaultSubmissionLimits, confirmationsPerCampaignHour: 2 };
    const hour = new Date("2026-06-01T10:10:00Z");
    expect((await submitAt(hour, "b1@example.org", perCampaign)).kind).toBe("created");
    expect((await submitAt(hour, "b2@example.org", perCampaign)).kind).toBe("created");
    expect(await submitAt(hour, "b3@example.org", perCampaign)).toEqual({
      kind: "rate_limited",
      limit: "budget",
    });
    // The next hour has a new budget.
    const next = new Date("2026-06-01T11:10:00Z");
    expect((await submitAt(next, "b3@example.org", perCampaign)).kind).toBe("created");

    const global = { ...defaultSubmissionLimits, confirmationsPerHour: 1 };
    const later = new Date("2026-06-01T14:10:00Z");
    expect((await submitAt(later, "g1@example.org", global)).kind).toBe("created");
    expect(await submitAt(later, "g2@example.org", global)).toEqual({
      kind: "rate_limited",
      limit: "budget",
    });
  });

  it("answers the form with a message when the budget is spent", async () => {
    // The configured default budget, spent by the hits counted so far this hour.
    const now = new Date();
    const windowStart = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000);
    await database.db
      .insert(rateLimitHits)
      .values({ key: "confirmations:all", windowStart, hits: 5000 })
      .onConflictDoUpdate({
        target: [rateLimitHits.key, rateLimitHits.windowStart],
        set: { hits: 5000 },
      });
    const answer = await postForm(fields({ email: "budget-form@example.org" }));
    expect(answer.status).toBe(429);
    expect(answer.body).toMatchObject({ errors: { form: /too many letters right now/ } });
    await database.db
      .update(rateLimitHits)
      .set({ hits: 0 })
      .where(eq(rateLimitHits.key, "confirmations:all"));
  });
});

describe("links in supporter fields", () => {
  it.each([
    ["name", "Claim your prize at evil.example/win"],
    ["name", "Write to spy@evil.example"],
    ["city", "https://evil.example"],
  ])("refuses a link in %s next to the field", async (field, value) => {
    const answer = await postForm(fields({ [field]: value, email: `links-${field}@example.org` }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: { [field]: /links/ } });
    expect(await supporterRow(`links-${field}@example.org`)).toBeUndefined();
  });
});

describe("someone else's address", () => {
  it("changes nothing of its owner until the address confirms, and answers as for anyone", async () => {
    // The owner writes and confirms.
    const owner = fields({ email: "owner@example.org", name: "Owner Real", city: "Lyon" });
    const first = await postForm(owner, { clientIp: "192.0.2.10" });
    expect(first.response?.headers.get("Location")).toBe(
      `/c/${demoCampaignSlug}/sent?status=awaiting_confirmation&country=FRA`,
    );
    const ownerRow = await supporterRow("owner@example.org");
    const [ownerLetter] = await database.db
      .select()
      .from(letters)
      .where(eq(letters.supporterId, ownerRow?.id ?? 0));
    expect(ownerLetter?.pendingSupporter).toBeNull();

    // Someone else types the owner's address: the same ask again, then another ask.
    const attacker = { email: "OWNER@example.org", name: "Mallory", city: "Nowhere" };
    const again = await postForm(fields(attacker), { clientIp: "192.0.2.11" });
    const other = await postForm(fields({ ...attacker, ask: "accountability-mechanism" }), {
      clientIp: "192.0.2.11",
    });
    // Both answer exactly as a first letter does: no "you have already written".
    for (const answer of [again, other]) {
      expect(answer.status).toBe(302);
      expect(answer.response?.headers.get("Location")).toBe(
        first.response?.headers.get("Location"),
      );
    }
    expect(await supporterRow("owner@example.org")).toEqual(ownerRow);

    // The owner's address confirms the second letter: then it is theirs to change.
    const [pending] = await database.db
      .select()
      .from(letters)
      .where(
        sql`${letters.supporterId} = ${ownerRow?.id ?? 0} and ${letters.pendingSupporter} is not null`,
      );
    expect(pending?.pendingSupporter).toMatchObject({ name: "Mallory", city: "Nowhere" });
    const { confirmTokenFor } = await import("~/supporters/supporter-tokens.server");
    const token = confirmTokenFor({
      id: pending?.id ?? 0,
      confirmExpiresAt: pending?.confirmExpiresAt ?? new Date(),
    });
    expect((await confirmLetter(database.db, token)).kind).toBe("confirmed");
    expect(await supporterRow("owner@example.org")).toMatchObject({
      name: "Mallory",
      city: "Nowhere",
    });
  });
});

describe("the confirmation e-mail", () => {
  it("carries the link and the recipient, never the letter or the supporter's own words", async () => {
    const paragraph = "A very personal sentence about my family.";
    const answer = await postForm(
      fields({ email: "recognise@example.org", personalParagraph: paragraph }),
      { clientIp: "192.0.2.30" },
    );
    expect(answer.status).toBe(302);
    await startWorker();
    const [confirmation] = await mailTo("recognise@example.org");
    const text = confirmation?.parsed.text ?? "";
    expect(text).toMatch(/\/confirm\/[\w-]{40,}/);
    expect(text).toContain("Ministère de l'Europe et des Affaires étrangères");
    expect(text).not.toContain(paragraph);
    expect(text).not.toContain("Please convene a special session");
    expect(confirmation?.parsed.html || "").not.toContain(paragraph);
    // The job that sends it (and its reminder) holds the letter's id, not the link.
    const jobs = await database.sql<{ data: unknown }[]>`
      select data from pgboss.job where name = 'supporter-email'`;
    const secret = /\/confirm\/([\w-]+)/.exec(text)?.[1] ?? "";
    expect(jobs.length).toBeGreaterThan(0);
    expect(JSON.stringify(jobs.map((j) => j.data))).not.toContain(secret);
    for (const job of jobs)
      expect(Object.keys(job.data as object).sort()).toEqual(["kind", "letterId"]);

    // The link in it confirms the letter.
    const confirmed = await postAction(confirmAction, `/confirm/${secret}`, { token: secret });
    expect(confirmed.status).toBe(302);
  }, 60_000);
});

describe("Reply-To of the letter to the ministry", () => {
  it("has exactly the supporter and the reply address, whatever the name", async () => {
    const campaign = await getCampaignWithAsks(database.db, demoCampaignSlug);
    const ask = campaign?.asks.find((a) => a.slug === "hrc-special-session");
    if (!campaign || !ask) throw new Error("no demo campaign");
    // The form refuses such a name; a name already stored must still stay a name.
    const name = 'Bob" <spy@evil.example>, "x';
    expect((await postForm(fields({ name, email: "bob@example.org" }))).status).toBe(400);
    const submitted = await submitLetter(database.db, {
      campaign: { ...campaign, confirmBeforeSend: false },
      ask,
      input: {
        ask: ask.slug,
        country: "FRA",
        name,
        email: "bob@example.org",
        city: "",
        personalParagraph: "",
        language: "fr",
        consentUpdates: false,
        website: "",
      },
      approvedBody: body,
      clientIp: null,
    });
    if (submitted.kind !== "created") throw new Error("not created");
    const letterId = submitted.letterIds[0] ?? 0;
    await startWorker();
    const message = await mailWith("X-Demarche-Letter", String(letterId));
    const [row] = await database.db.select().from(letters).where(eq(letters.id, letterId));
    const replyTo = message?.parsed.replyTo?.value ?? [];
    expect(replyTo.map((a) => a.address)).toEqual([
      "bob@example.org",
      `reply+${mailTokenFor(row?.id ?? 0)}@replies.act.example.org`,
    ]);
    expect(replyTo[0]?.name).toBe(name);
  }, 60_000);
});

describe("an over-long field", () => {
  it("is refused next to the field and never echoed beyond its limit", async () => {
    const huge = "x".repeat(10 * 1024 * 1024);
    const answer = await postForm(
      fields({ personalParagraph: huge, email: "huge@example.org", intent: "preview" }),
    );
    expect(answer.status).toBe(400);
    const result = answer.body as {
      errors: Record<string, string>;
      values: Record<string, string>;
    };
    expect(result.errors.personalParagraph).toMatch(/under 2000 characters/);
    expect(result.values.personalParagraph).toHaveLength(2000);
    expect(JSON.stringify(result).length).toBeLessThan(20_000);
  });
});

describe("rate-limit counters", () => {
  it("are pruned on a schedule once they count nothing", async () => {
    const old = new Date(Date.now() - 3 * 3600_000);
    await database.db
      .insert(rateLimitHits)
      .values({ key: "letter:ip:old", windowStart: old, hits: 1 });
    expect(await pruneRateLimits(database.db)).toBeGreaterThan(0);
    const left = await database.db
      .select()
      .from(rateLimitHits)
      .where(eq(rateLimitHits.key, "letter:ip:old"));
    expect(left).toEqual([]);
    // The queue runs it every hour.
    const { prepareQueue } = await import("~/lib/queue.server");
    const boss = createQueue(database.url, { supervise: false });
    await prepareQueue(boss);
    const schedules = await database.sql<{ name: string; cron: string }[]>`
      select name, cron from pgboss.schedule where name = 'prune-rate-limits'`;
    await boss.stop({ graceful: false, wait: true, timeout: 2000 });
    expect(schedules).toEqual([{ name: "prune-rate-limits", cron: "7 * * * *" }]);
  });
});

describe("delete my data", () => {
  it("leaves the address in no column of any table", async () => {
    const email = "forget.me@example.org";
    const answer = await postForm(fields({ email, name: "Forget Me" }), { clientIp: "192.0.2.77" });
    expect(answer.status).toBe(302);
    await startWorker();
    const [confirmation] = await mailTo(email);
    const manage = /\/s\/([\w-]+)\/delete/.exec(confirmation?.parsed.text ?? "")?.[1] ?? "";
    expect(manage).not.toBe("");
    const deleted = await postAction(manageAction, `/s/${manage}/delete`, {
      token: manage,
      choice: "delete",
    });
    expect(deleted.body).toEqual({ done: true });
    expect(await tablesHolding(email)).toEqual([]);
    expect(await tablesHolding("forget.me")).toEqual([]);
    // The link has done its job.
    const again = await postAction(manageAction, `/s/${manage}/delete`, {
      token: manage,
      choice: "delete",
    });
    expect(again.status).toBe(404);
  }, 60_000);
});

describe("the links in supporters' e-mails", () => {
  it("are stored as hashes only, and the manage link expires", async () => {
    const email = "links@example.org";
    expect((await postForm(fields({ email }), { clientIp: "192.0.2.88" })).status).toBe(302);
    await startWorker();
    const [confirmation] = await mailTo(email);
    const text = confirmation?.parsed.text ?? "";
    const manage = /\/s\/([\w-]+)\/unsubscribe/.exec(text)?.[1] ?? "";
    const confirm = /\/confirm\/([\w-]+)/.exec(text)?.[1] ?? "";
    expect(await tablesHolding(manage)).toEqual([]);
    expect(await tablesHolding(confirm)).toEqual([]);
    const row = await supporterRow(email);
    expect(row?.manageToken).toBe(hashSecretToken(manage));
    // 90 days on, the link is refused.
    const expiry = row?.manageTokenExpiresAt?.getTime() ?? 0;
    expect(Math.abs(expiry - Date.now() - 90 * 86_400_000)).toBeLessThan(60_000);
    await database.db
      .update(supporters)
      .set({ manageTokenExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(supporters.id, row?.id ?? 0));
    const expired = await postAction(manageAction, `/s/${manage}/unsubscribe`, {
      token: manage,
      choice: "unsubscribe",
    });
    expect(expired.status).toBe(404);
    expect((await supporterRow(email))?.unsubscribedAt).toBeNull();
  }, 60_000);
});

/** Every text, JSON or array column of every table (ours and the queue's) that holds `needle`. */
async function tablesHolding(needle: string): Promise<string[]> {
  const columns = await database.sql<{ schema: string; table: string; column: string }[]>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column
    from information_schema.columns c
    join information_schema.tables t
      on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema in ('public', 'pgboss')
      and (c.data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED'))`;
  expect(columns.length).toBeGreaterThan(20);
  const found: string[] = [];
  for (const { schema, table, column } of columns) {
    const [row] = await database.sql<{ hits: number }[]>`
      select count(*)::int as hits from ${database.sql(schema)}.${database.sql(table)}
      where ${database.sql(column)}::text ilike ${`%${needle}%`}`;
    if ((row?.hits ?? 0) > 0) found.push(`${schema}.${table}.${column}`);
  }
  return found;
}
