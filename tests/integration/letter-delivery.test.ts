import { and, eq, inArray } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { campaigns, letters, stateContacts } from "#db/schema";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { deliverLetter, deliverLetters, recordBounce } from "~/delivery/delivery.server";
import { mailTokenFor } from "~/delivery/mail-tokens.server";
import { startLetterWorkers } from "~/delivery/workers.server";
import { confirmLetter, submitLetter } from "~/letters/letters.server";
import { smtpMailer } from "~/lib/mail.server";
import { createQueue } from "~/lib/queue.server";
import { type SmtpSink, startSmtpSink } from "../setup/smtp-sink";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
let sink: SmtpSink;
let worker: PgBoss;
const workerMailer = { current: null as ReturnType<typeof smtpMailer> | null };

const settings = {
  mailFrom: "Démarche <letters@act.example.org>",
  appUrl: "http://localhost:3000",
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
  await database.db.insert(stateContacts).values([
    {
      stateIso3: "FRA",
      kind: "ministry",
      name: "Ministère de l'Europe et des Affaires étrangères",
      emails: ["ministere@fr.example.org"],
      salutations: { en: "Excellency", fr: "Excellence", es: "Excelencia" },
      language: "fr",
      isDemo: true,
    },
  ]);
  sink = await startSmtpSink();
});

afterAll(async () => {
  // Pooled SMTP connections would hold the sink open until they time out.
  workerMailer.current?.close();
  await sink.close();
  await database.drop();
});

async function demo() {
  const campaign = await getCampaignWithAsks(database.db, "iran-end-impunity");
  if (!campaign) throw new Error("demo campaign missing");
  const ask = campaign.asks.find((a) => a.slug === "hrc-special-session");
  if (!ask) throw new Error("demo ask missing");
  return { campaign, ask };
}

function supporter(email: string, overrides: Record<string, unknown> = {}) {
  return {
    ask: "hrc-special-session",
    country: "FRA",
    name: "Marie <Curie>",
    email,
    city: "Lyon",
    personalParagraph: "I have family in Iran.",
    language: "fr" as const,
    consentUpdates: false,
    website: "",
    ...overrides,
  };
}

async function startWorker() {
  worker = createQueue(database.url, { supervise: false, schedule: false });
  await worker.start();
  await startLetterWorkers(
    worker,
    { db: database.db, mailer: smtpMailer(sink.url), settings },
    { pollingIntervalSeconds: 0.5 },
  );
}

async function letterRow(id: number) {
  const [row] = await database.db.select().from(letters).where(eq(letters.id, id));
  return row;
}

describe("a letter from a supporter to their foreign ministry", () => {
  it("is confirmed by e-mail, then delivered once over SMTP with the right headers", async () => {
    const { campaign, ask } = await demo();
    const submitted = await submitLetter(database.db, {
      campaign,
      ask,
      input: supporter("marie@example.org"),
      approvedBody:
        "Excellence,\n\nJe vous écris au sujet de l'Iran. Marie <Curie>, Lyon.\n\nMarie",
      clientIp: "192.0.2.1",
    });
    expect(submitted).toMatchObject({ kind: "created", status: "awaiting_confirmation" });
    if (submitted.kind !== "created" || !submitted.confirmToken) throw new Error("no token");
    const [letterId] = submitted.letterIds;
    await startWorker();
    // The next tests drive delivery by hand, so the worker stops even if this test fails.
    onTestFinished(() => worker.stop({ graceful: false, wait: true, timeout: 2000 }));

    const [confirmation] = await sink.waitFor(1);
    expect(confirmation?.envelopeTo).toEqual(["marie@example.org"]);
    const link = /\/confirm\/([A-Za-z0-9_-]+)/.exec(confirmation?.parsed.text ?? "");
    expect(link?.[1]).toBe(submitted.confirmToken);
    // Long headers are folded onto a continuation line.
    expect(confirmation?.raw).toMatch(
      /^List-Unsubscribe:\s+<http:\/\/localhost:3000\/s\/[\w-]+\/unsubscribe\?lang=en>/m,
    );
    expect(confirmation?.parsed.html || "").not.toContain("<Curie>");

    expect(await confirmLetter(database.db, submitted.confirmToken)).toMatchObject({
      kind: "confirmed",
      statuses: ["queued"],
    });
    // A second click changes nothing and sends nothing more.
    expect(await confirmLetter(database.db, submitted.confirmToken)).toMatchObject({
      kind: "already_confirmed",
    });

    const messages = await sink.waitFor(2);
    const letter = messages[1];
    expect(letter?.envelopeTo).toEqual(["ministere@fr.example.org"]);
    // The sink has the message before the worker hears SMTP's answer and marks the letter sent.
    await expect
      .poll(async () => (await letterRow(letterId ?? 0))?.status, { timeout: 10_000 })
      .toBe("sent");
    const row = await letterRow(letterId ?? 0);
    expect(letter?.envelopeFrom).toBe(`bounces+${mailTokenFor(row?.id ?? 0)}@act.example.org`);
    expect(letter?.parsed.messageId).toBe(row?.messageId);
    expect(letter?.parsed.from?.text).toContain("letters@act.example.org");
    expect(letter?.parsed.replyTo?.text).toContain("marie@example.org");
    expect(letter?.parsed.subject).toBe(row?.subject);
    expect(letter?.parsed.text).toContain("Je vous écris au sujet de l'Iran. Marie <Curie>, Lyon.");
    expect(letter?.parsed.html).toBe(false);
    // Then a receipt to the supporter, and nothing more: the ministry got one letter.
    const [, , receipt] = await sink.waitFor(3);
    expect(receipt?.envelopeTo).toEqual(["marie@example.org"]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sink.received).toHaveLength(3);
    expect(
      sink.received.filter((m) => m.envelopeTo.includes("ministere@fr.example.org")),
    ).toHaveLength(1);
  });

  it("refuses an expired confirmation link and an unknown one", async () => {
    const { campaign, ask } = await demo();
    const submitted = await submitLetter(database.db, {
      campaign,
      ask,
      input: supporter("late@example.org"),
      approvedBody: "Excellence,\n\nUne lettre qui attendra trop longtemps sa confirmation.\n\nL.",
      clientIp: null,
      now: new Date(Date.now() - 80 * 3600_000),
    });
    if (submitted.kind !== "created" || !submitted.confirmToken) throw new Error("no token");
    expect(await confirmLetter(database.db, submitted.confirmToken)).toEqual({ kind: "expired" });
    expect(await confirmLetter(database.db, "made-up-token")).toEqual({ kind: "unknown" });
  });

  it("keeps one letter per supporter, ask and target", async () => {
    const { campaign, ask } = await demo();
    const input = supporter("twice@example.org");
    const body = "Excellence,\n\nJe vous écris une seule fois, même si je clique deux fois.\n\nT.";
    const first = await submitLetter(database.db, {
      campaign,
      ask,
      input,
      approvedBody: body,
      clientIp: null,
    });
    const second = await submitLetter(database.db, {
      campaign,
      ask,
      input: { ...input, email: "TWICE@example.org" },
      approvedBody: body,
      clientIp: null,
    });
    expect(second).toEqual({
      kind: "existing",
      letterIds: first.kind === "created" ? first.letterIds : [],
      status: "awaiting_confirmation",
    });
  });

  it("retries a temporary SMTP failure and marks a permanent one failed", async () => {
    const { campaign, ask } = await demo();
    await database.db
      .update(campaigns)
      .set({ confirmBeforeSend: false })
      .where(eq(campaigns.id, campaign.id));
    const direct = { ...campaign, confirmBeforeSend: false };
    const mailer = smtpMailer(sink.url);
    const before = sink.received.length;

    const retried = await submitLetter(database.db, {
      campaign: direct,
      ask,
      input: supporter("retry@example.org"),
      approvedBody: "Excellence,\n\nUne lettre qui passe au second essai du serveur.\n\nR.",
      clientIp: null,
    });
    if (retried.kind !== "created") throw new Error("not created");
    sink.respondWith(451);
    await expect(
      deliverLetter(database.db, mailer, settings, retried.letterIds[0] ?? 0),
    ).rejects.toThrow();
    expect((await letterRow(retried.letterIds[0] ?? 0))?.status).toBe("queued");
    expect(
      await deliverLetter(database.db, mailer, settings, retried.letterIds[0] ?? 0),
    ).toMatchObject({ kind: "sent" });
    expect(await deliverLetter(database.db, mailer, settings, retried.letterIds[0] ?? 0)).toEqual({
      kind: "skipped",
      status: "sent",
    });

    const refused = await submitLetter(database.db, {
      campaign: direct,
      ask,
      input: supporter("refused@example.org"),
      approvedBody: "Excellence,\n\nUne lettre que le serveur refusera pour de bon.\n\nR.",
      clientIp: null,
    });
    if (refused.kind !== "created") throw new Error("not created");
    sink.respondWith(550);
    expect(
      await deliverLetter(database.db, mailer, settings, refused.letterIds[0] ?? 0),
    ).toMatchObject({ kind: "failed" });
    const failed = await letterRow(refused.letterIds[0] ?? 0);
    expect(failed?.status).toBe("failed");
    expect(failed?.failureReason).toMatch(/Mailbox unavailable/);
    expect(sink.received.length - before).toBe(1);
    mailer.close();
    await database.db
      .update(campaigns)
      .set({ confirmBeforeSend: true })
      .where(eq(campaigns.id, campaign.id));
  });

  it("maps a bounce back to its letter through the VERP token", async () => {
    const sent = await database.db
      .select()
      .from(letters)
      .where(eq(letters.status, "sent"))
      .limit(1);
    const letter = sent[0];
    if (!letter) throw new Error("no sent letter");
    expect(
      await recordBounce(
        database.db,
        `bounces+${mailTokenFor(letter.id)}@act.example.org`,
        "550 5.1.1 unknown user",
      ),
    ).toBe(letter.id);
    expect((await letterRow(letter.id))?.status).toBe("bounced");
    expect(await recordBounce(database.db, "someone@act.example.org", "x")).toBeNull();
  });

  it("holds a letter for a state without a contact until staff add one", async () => {
    const { campaign, ask } = await demo();
    const direct = { ...campaign, confirmBeforeSend: false };
    const result = await submitLetter(database.db, {
      campaign: direct,
      ask,
      input: supporter("waiting@example.org", { country: "ISL" }),
      approvedBody: "Excellency,\n\nA letter to a ministry whose address we do not know yet.\n\nW.",
      clientIp: null,
    });
    expect(result).toMatchObject({ kind: "created", status: "awaiting_contact" });
  });

  it("paces letters per office and hour across batches delivered side by side", async () => {
    const office = await germanMinistry();
    await setCampaign({ lettersPerTargetPerHour: 3 });
    const ids = await queuedLettersTo(office, "paced", 8);
    const mailer = smtpMailer(sink.url);
    const before = sink.received.length;
    // Two workers, each with its own batch to the same office, at the same time.
    const requests = ids.map((letterId) => ({ letterId, lastAttempt: false }));
    const batches = await Promise.all([
      deliverLetters(database.db, mailer, settings, requests.slice(0, 4)),
      deliverLetters(database.db, mailer, settings, requests.slice(4)),
    ]);
    mailer.close();
    const outcomes = batches.flatMap((batch) => [...batch.values()]);
    expect(outcomes.filter((o) => o.kind === "sent")).toHaveLength(3);
    const deferred = outcomes.filter((o) => o.kind === "deferred");
    expect(deferred).toHaveLength(5);
    expect(deferred.every((o) => o.kind === "deferred" && o.reason === "pacing")).toBe(true);
    expect(sink.received.length - before).toBe(3);
    const rows = await database.db.select().from(letters).where(inArray(letters.id, ids));
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(3);
    expect(rows.filter((r) => r.status === "queued")).toHaveLength(5);
    // Each deferred letter has a delivery job for later, after the hour of the first sent.
    const later = await database.sql<{ letterId: number }[]>`
      select (data->>'letterId')::int as "letterId" from pgboss.job
      where name = 'deliver-letter' and start_after > now() + interval '55 minutes'`;
    expect(later.map((j) => j.letterId).sort()).toEqual(
      rows
        .filter((r) => r.status === "queued")
        .map((r) => r.id)
        .sort(),
    );
    await setCampaign({ lettersPerTargetPerHour: 30 });
  });

  it("defers a letter outside the office's hours when the campaign asks for them", async () => {
    const office = await germanMinistry();
    await database.db
      .update(stateContacts)
      .set({ timeZone: "Europe/Berlin" })
      .where(eq(stateContacts.id, office));
    await setCampaign({ officeHoursOnly: true });
    const [letterId] = await queuedLettersTo(office, "night", 1);
    const mailer = smtpMailer(sink.url);
    // Sunday 29 November 2026, 03:00 in Berlin: the next office hour is Monday 09:00.
    const outcome = await deliverLetter(database.db, mailer, settings, letterId ?? 0, {
      now: new Date("2026-11-29T02:00:00Z"),
    });
    mailer.close();
    expect(outcome).toEqual({
      kind: "deferred",
      reason: "office_hours",
      until: new Date("2026-11-30T08:00:00Z"),
    });
    expect((await letterRow(letterId ?? 0))?.status).toBe("queued");
    await setCampaign({ officeHoursOnly: false });
  });

  it("sends the rest of a batch when one letter meets a temporary SMTP error", async () => {
    const office = await germanMinistry();
    const ids = await queuedLettersTo(office, "batch", 3);
    const mailer = smtpMailer(sink.url);
    const requests = ids.map((letterId) => ({ letterId, lastAttempt: false }));
    sink.respondWith(451);
    const outcomes = await deliverLetters(database.db, mailer, settings, requests);
    const kinds = [...outcomes.values()].map((o) => o.kind).sort();
    expect(kinds).toEqual(["retry", "sent", "sent"]);
    const [retried] = [...outcomes].filter(([, o]) => o.kind === "retry").map(([id]) => id);
    const row = await letterRow(retried ?? 0);
    expect(row).toMatchObject({ status: "queued", deliveryAttempts: 1, sentAt: null });
    expect(row?.failureReason).toBeTruthy();
    // Its retry goes out; the letters already sent are not sent again.
    const again = await deliverLetters(database.db, mailer, settings, requests);
    mailer.close();
    expect([...again.values()].map((o) => o.kind).sort()).toEqual(["sent", "skipped", "skipped"]);
    expect((await letterRow(retried ?? 0))?.deliveryAttempts).toBe(2);
  });
});

/** A ministry of its own for the pacing tests, so earlier letters do not count. */
async function germanMinistry(): Promise<number> {
  const [existing] = await database.db
    .select({ id: stateContacts.id })
    .from(stateContacts)
    .where(and(eq(stateContacts.stateIso3, "DEU"), eq(stateContacts.kind, "ministry")));
  if (existing) return existing.id;
  const [office] = await database.db
    .insert(stateContacts)
    .values({
      stateIso3: "DEU",
      kind: "ministry",
      name: "Auswärtiges Amt",
      emails: ["poststelle@de.example.org"],
      salutations: { en: "Excellency", fr: "Excellence", es: "Excelencia" },
      language: "en",
      isDemo: true,
    })
    .returning({ id: stateContacts.id });
  if (!office) throw new Error("no office");
  return office.id;
}

async function setCampaign(values: Partial<typeof campaigns.$inferInsert>) {
  await database.db.update(campaigns).set(values).where(eq(campaigns.slug, "iran-end-impunity"));
}

/** Queued letters (no confirmation asked) from new supporters to this office. */
async function queuedLettersTo(office: number, prefix: string, count: number) {
  const { campaign, ask } = await demo();
  const direct = { ...campaign, confirmBeforeSend: false };
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const result = await submitLetter(database.db, {
      campaign: direct,
      ask,
      input: supporter(`${prefix}-${i}@example.org`, { country: "DEU" }),
      approvedBody: `Excellence,\n\nLettre ${i} à un ministère très sollicité.\n\n${prefix}`,
      clientIp: null,
    });
    if (result.kind !== "created") throw new Error("not created");
    ids.push(...result.letterIds);
  }
  const rows = await database.db
    .select({ id: letters.id })
    .from(letters)
    .where(and(inArray(letters.id, ids), eq(letters.contactId, office)));
  return rows.map((r) => r.id);
}
