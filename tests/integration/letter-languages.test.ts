import { eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { letters, stateContacts, supporters } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import { csrfToken } from "~/auth/csrf.server";
import { saveCampaignTranslation } from "~/campaigns/campaign-translations.server";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { startLetterWorkers } from "~/delivery/workers.server";
import { confirmLetter } from "~/letters/letters.server";
import { smtpMailer } from "~/lib/mail.server";
import { createQueue } from "~/lib/queue.server";
import { action as writeAction } from "~/routes/c.$campaign_.write";
import { testContext } from "../setup/load-context";
import { type ReceivedMail, type SmtpSink, startSmtpSink } from "../setup/smtp-sink";
import { outcome } from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

/**
 * Issue 12, delivery: letters written through the public form in the
 * ministry's language (German to Germany, Russian to Russia) cross the real
 * queue and worker to a loopback SMTP server with their UTF-8 subject and
 * body intact, and the supporter's own e-mails follow the page's language.
 */
let database: TestDatabase;
let sink: SmtpSink;
let worker: PgBoss | undefined;
const mailers: ReturnType<typeof smtpMailer>[] = [];
const settings = {
  mailFrom: "Démarche <letters@act.example.org>",
  appUrl: "http://localhost:3000",
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
  // Offices without a salutation of their own: the letter's language gives the formal one.
  await database.db.insert(stateContacts).values([
    {
      stateIso3: "DEU",
      kind: "ministry",
      name: "Auswärtiges Amt",
      emails: ["poststelle@de.example.org"],
      language: "de",
      isDemo: true,
    },
    {
      stateIso3: "RUS",
      kind: "ministry",
      name: "Министерство иностранных дел Российской Федерации",
      emails: ["mid@ru.example.org"],
      language: "ru",
      isDemo: true,
    },
  ]);
  sink = await startSmtpSink();
  worker = createQueue(database.url, { supervise: false, schedule: false });
  await worker.start();
  const mailer = smtpMailer(sink.url);
  mailers.push(mailer);
  await startLetterWorkers(
    worker,
    { db: database.db, mailer, settings },
    { pollingIntervalSeconds: 0.5 },
  );
});

afterAll(async () => {
  await worker?.stop({ graceful: false, wait: true, timeout: 2000 });
  for (const mailer of mailers) mailer.close();
  await sink.close();
  await database.drop();
});

/** A POST of the write form as a browser sends it, with its CSRF cookie. */
async function postForm(
  values: Record<string, string>,
  headers: Record<string, string>,
  query = "",
) {
  const { token, setCookie } = await csrfToken(new Request("http://localhost/"));
  const request = new Request(`http://localhost/c/${demoCampaignSlug}/write${query}`, {
    method: "POST",
    body: new URLSearchParams({ ...values, csrf: token }),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: setCookie?.split(";")[0] ?? "",
      ...headers,
    },
  });
  const context = testContext(database.db, { clientIp: "198.51.100.20" });
  return outcome(() => writeAction({ request, params: { campaign: demoCampaignSlug }, context }));
}

interface PreviewBody {
  step: "preview";
  preview: { subject: string; body: string; language: string; otherLanguage: string | null };
}

/**
 * The supporter's path: preview (the letter's language left to the ministry),
 * send the previewed text, confirm from the e-mail. Returns the letter and the
 * two messages: the confirmation and the letter as the ministry receives it.
 */
async function writeAndConfirm(options: {
  email: string;
  country: string;
  personalParagraph: string;
  headers?: Record<string, string>;
  query?: string;
}) {
  const fields = {
    ask: "hrc-special-session",
    country: options.country,
    name: "Ada Lovelace",
    email: options.email,
    city: "",
    personalParagraph: options.personalParagraph,
    language: "",
    website: "",
  };
  const headers = options.headers ?? {};
  const previewed = await postForm({ ...fields, intent: "preview" }, headers, options.query);
  expect(previewed.status).toBe(200);
  const { preview } = previewed.body as PreviewBody;
  const sent = await postForm(
    { ...fields, intent: "send", body: preview.body },
    headers,
    options.query,
  );
  expect(sent.status).toBe(302);
  const confirmation = await mailTo(options.email);
  const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(confirmation.parsed.text ?? "")?.[1] ?? "";
  expect(await confirmLetter(database.db, token)).toMatchObject({ kind: "confirmed" });
  const [letter] = await database.db
    .select()
    .from(letters)
    .innerJoin(supporters, eq(supporters.id, letters.supporterId))
    .where(eq(supporters.email, options.email));
  if (!letter) throw new Error("letter not stored");
  const delivered = await mailWith("X-Demarche-Letter", String(letter.letters.id));
  return { preview, letter: letter.letters, supporter: letter.supporters, confirmation, delivered };
}

async function waitUntil<T>(find: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 40_000;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`expected ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function mailTo(address: string): Promise<ReceivedMail> {
  return waitUntil(() => sink.received.find((m) => m.envelopeTo.includes(address)), address);
}

function mailWith(header: string, value: string): Promise<ReceivedMail> {
  return waitUntil(
    () => sink.received.find((m) => m.parsed.headers.get(header.toLowerCase()) === value),
    `${header}: ${value}`,
  );
}

/** The raw Subject header, unfolded: what went over the wire. */
function rawSubject(mail: ReceivedMail): string {
  const header = /^Subject:(.*(?:\r?\n[ \t].*)*)/im.exec(mail.raw)?.[1] ?? "";
  return header.replace(/\r?\n[ \t]/g, " ").trim();
}

/** RFC 2047 encoded-words, decoded by hand: proof the header is not raw 8-bit. */
function decodeEncodedWords(header: string): string {
  const words = [...header.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)];
  expect(words.length).toBeGreaterThan(0);
  const bytes = words.flatMap(([, encoding, text = ""]) =>
    encoding?.toLowerCase() === "b"
      ? [...Buffer.from(text, "base64")]
      : [
          ...Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_, hex: string) =>
                String.fromCharCode(parseInt(hex, 16)),
              ),
            "latin1",
          ),
        ],
  );
  return Buffer.from(bytes).toString("utf8");
}

/** The letter's text part: its transfer encoding and its decoded text. */
function textPart(mail: ReceivedMail) {
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(mail.raw)?.[1]?.toLowerCase();
  const charset = /^Content-Type:\s*text\/plain;\s*charset=(\S+)/im.exec(mail.raw)?.[1];
  return { encoding, charset: charset?.toLowerCase(), text: mail.parsed.text ?? "" };
}

describe("letters in the ministry's language", () => {
  it("a German letter reaches Germany with a UTF-8 subject and body", async () => {
    const { preview, letter, delivered } = await writeAndConfirm({
      email: "ada.de@example.org",
      country: "DEU",
      personalParagraph: "Ich lebe seit zwanzig Jahren in Köln.",
      headers: { "Accept-Language": "en-GB,en;q=0.9" },
    });
    expect(letter.language).toBe("de");
    expect(preview.language).toBe("de");
    // The page is English, the letter German: the preview says so.
    expect(preview.otherLanguage).toBe("German");
    expect(delivered.envelopeTo).toEqual(["poststelle@de.example.org"]);
    const subject = "Bitte um Unterstützung: Convene a special session of the Human Rights Council";
    expect(letter.subject).toBe(subject);
    expect(rawSubject(delivered)).toMatch(/=\?utf-8\?[bq]\?/i);
    expect(decodeEncodedWords(rawSubject(delivered))).toBe(subject);
    expect(delivered.parsed.subject).toBe(subject);
    const body = textPart(delivered);
    expect(body.charset).toBe("utf-8");
    expect(["quoted-printable", "8bit", "base64"]).toContain(body.encoding);
    expect(body.text).toContain("Sehr geehrte Frau Ministerin, sehr geehrter Herr Minister,");
    expect(body.text).toContain("Wie ich erfahren habe, hat Ihre Regierung");
    expect(body.text).toContain("Ich lebe seit zwanzig Jahren in Köln.");
    expect(body.text).toMatch(/\d{1,2}\. \p{L}+ \d{4}/u);
    expect(body.text.trimEnd()).toMatch(/Ada Lovelace\nDeutschland$/);
    expect(body.text.trim()).toBe(letter.body?.trim());
  });

  it("a Russian letter reaches Russia with a UTF-8 subject and body", async () => {
    const { letter, supporter, confirmation, delivered } = await writeAndConfirm({
      email: "ada.ru@example.org",
      country: "RUS",
      personalParagraph: "Я пишу вам из Санкт-Петербурга.",
      headers: { "Accept-Language": "ru-RU,ru;q=0.9" },
    });
    expect(letter.language).toBe("ru");
    // A page in Russian: the supporter's e-mails are in Russian too.
    expect(supporter.language).toBe("ru");
    expect(letter.supporterLanguage).toBe("ru");
    expect(confirmation.parsed.subject).toMatch(/^Подтвердите своё письмо: /);
    const subject = "Обращение: Convene a special session of the Human Rights Council";
    expect(letter.subject).toBe(subject);
    expect(rawSubject(delivered)).toMatch(/=\?utf-8\?[bq]\?/i);
    expect(decodeEncodedWords(rawSubject(delivered))).toBe(subject);
    expect(delivered.parsed.subject).toBe(subject);
    const body = textPart(delivered);
    expect(body.charset).toBe("utf-8");
    expect(["quoted-printable", "8bit", "base64"]).toContain(body.encoding);
    expect(body.text).toContain("Ваше Превосходительство!");
    expect(body.text).toContain("Насколько мне известно, Ваше правительство ещё не определило");
    expect(body.text).toContain("Я пишу вам из Санкт-Петербурга.");
    expect(body.text).toMatch(/\d{1,2} \p{L}+ \d{4} г\./u);
    expect(body.text.trimEnd()).toMatch(/Ada Lovelace\nРоссийская Федерация$/);
  });

  it("a Persian supporter's confirmation is in Persian, right to left, for a German letter", async () => {
    const email = "ada.fa@example.org";
    const { preview, letter, supporter, confirmation } = await writeAndConfirm({
      email,
      country: "DEU",
      personalParagraph: "من در برلین زندگی می‌کنم.",
      query: "?lang=fa",
    });
    expect(letter.language).toBe("de");
    expect(letter.supporterLanguage).toBe("fa");
    expect(supporter.language).toBe("fa");
    expect(preview.otherLanguage).toBe("آلمانی");
    expect(confirmation.parsed.subject).toBe(
      "لطفاً نامهٔ خود را تأیید کنید: Convene a special session of the Human Rights Council",
    );
    expect(rawSubject(confirmation)).toMatch(/=\?utf-8\?[bq]\?/i);
    expect(confirmation.parsed.text).toContain("Ada Lovelace گرامی،");
    const html = confirmation.parsed.html || "";
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain("برای تأیید و فرستادن نامه");
    expect(html).not.toContain('dir="ltr"');
    // Once sent, the receipt follows the page's language as well.
    const receipt = await waitUntil(
      () => sink.received.filter((m) => m.envelopeTo.includes(email))[1],
      "the receipt",
    );
    expect(receipt.parsed.subject).toMatch(/^نامهٔ شما فرستاده شد: /);
    expect(receipt.parsed.text).toContain("Sehr geehrte Frau Ministerin");
  });

  it("a Persian supporter's e-mails name the ask in Persian where staff translated it, and open the pages in Persian", async () => {
    const campaign = await getCampaignWithAsks(database.db, demoCampaignSlug);
    const ask = campaign?.asks.find((a) => a.slug === "hrc-special-session");
    if (!campaign || !ask) throw new Error("the demo campaign has no special-session ask");
    const persian = (title: string) => ({
      title: "",
      summary: "",
      publicText: "",
      asks: [{ askId: ask.id, title, description: "" }],
    });
    const system = { kind: "system" } as const;
    await saveCampaignTranslation(database.db, system, campaign, "fa", persian("نشست ویژهٔ شورا"));
    try {
      const { confirmation } = await writeAndConfirm({
        email: "ada.fa.translated@example.org",
        country: "DEU",
        personalParagraph: "من در هامبورگ زندگی می‌کنم.",
        query: "?lang=fa",
      });
      expect(confirmation.parsed.subject).toBe("لطفاً نامهٔ خود را تأیید کنید: نشست ویژهٔ شورا");
      const text = confirmation.parsed.text ?? "";
      expect(text).toMatch(/\/confirm\/[\w-]+\?lang=fa/);
      expect(text).toMatch(/\/s\/[\w-]+\/unsubscribe\?lang=fa/);
    } finally {
      await saveCampaignTranslation(database.db, system, campaign, "fa", persian(""));
    }
  });
});
