import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asks, campaigns, letters } from "#db/schema";
import { demoCampaignSlug, seedDemoCampaign } from "#db/seed/seed-demo";
import { bouncePlausibleDays, recordBounce } from "~/delivery/delivery.server";
import { letterIdForMailToken, mailTokenFor } from "~/delivery/mail-tokens.server";
import { plainTextAllowed, smtpMailer } from "~/lib/mail.server";
import { freePort } from "../setup/postgres-server";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
});
afterAll(() => database.drop());

/** A plain SMTP server that offers no STARTTLS, as when someone on the way strips it. */
async function plainServer(host: string) {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        received.push(session.envelope.rcptTo.map((r) => r.address).join(","));
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const mail = {
  from: "letters@act.example.org",
  to: ["ministere@fr.example.org"],
  subject: "Test",
  text: "Hello",
};

describe("smtp:// without STARTTLS", () => {
  it("is refused for any host but loopback, and nothing is sent in plain text", async () => {
    // 127.0.0.2 is this machine too, but not one of the loopback names allowed plain text.
    const server = await plainServer("127.0.0.2");
    const remote = smtpMailer(`smtp://127.0.0.2:${server.port}`);
    try {
      await expect(remote.send(mail)).rejects.toThrow(/STARTTLS/);
      expect(server.received).toEqual([]);
    } finally {
      remote.close();
      await server.close();
    }
  });

  it("is allowed on loopback, as tests and a local relay use", async () => {
    const server = await plainServer("127.0.0.1");
    const local = smtpMailer(`smtp://127.0.0.1:${server.port}`);
    try {
      await local.send(mail);
      expect(server.received).toEqual(["ministere@fr.example.org"]);
    } finally {
      local.close();
      await server.close();
    }
  });

  it("names loopback exactly (imap:// uses the same rule)", () => {
    for (const host of ["localhost", "127.0.0.1", "::1", "[::1]"]) {
      expect(plainTextAllowed(host)).toBe(true);
    }
    for (const host of ["mail.example.org", "127.0.0.2", "10.0.0.5", "localhost.example.org"]) {
      expect(plainTextAllowed(host)).toBe(false);
    }
  });
});

describe("a delivery report to bounces+TOKEN", () => {
  async function letterSent(daysAgo: number, repliedAt: Date | null = null) {
    const [campaign] = await database.db
      .select()
      .from(campaigns)
      .where(eq(campaigns.slug, demoCampaignSlug));
    const [ask] = await database.db.select().from(asks).limit(1);
    const [letter] = await database.db
      .insert(letters)
      .values({
        campaignId: campaign?.id ?? 0,
        askId: ask?.id ?? 0,
        stateIso3: "FRA",
        targetKind: "ministry",
        language: "en",
        subject: "Appeal",
        body: "Excellency, please act.",
        templateVersion: "file",
        status: "sent",
        sentAt: new Date(Date.now() - daysAgo * 86_400_000),
        repliedAt,
      })
      .returning({ id: letters.id });
    if (!letter) throw new Error("letter not stored");
    return letter;
  }

  async function statusOf(id: number) {
    const [row] = await database.db.select().from(letters).where(eq(letters.id, id));
    return row?.status;
  }

  it("marks a letter sent lately bounced", async () => {
    const letter = await letterSent(1);
    const id = await recordBounce(
      database.db,
      `bounces+${mailTokenFor(letter.id)}@act.example.org`,
      "550 unknown user",
    );
    expect(id).toBe(letter.id);
    expect(await statusOf(letter.id)).toBe("bounced");
  });

  it("leaves a letter delivered long ago, or already answered, as it is", async () => {
    const old = await letterSent(bouncePlausibleDays + 1);
    const answered = await letterSent(1, new Date());
    for (const letter of [old, answered]) {
      expect(
        await recordBounce(
          database.db,
          `bounces+${mailTokenFor(letter.id)}@act.example.org`,
          "550 forged",
        ),
      ).toBeNull();
      expect(await statusOf(letter.id)).toBe("sent");
    }
  });

  it("refuses a token whose MAC was forged or that names another letter", async () => {
    const letter = await letterSent(1);
    const genuine = mailTokenFor(letter.id);
    const forged = `${genuine.slice(0, -1)}${genuine.endsWith("A") ? "B" : "A"}`;
    const borrowed = `${letter.id}-${mailTokenFor(letter.id + 1)
      .split("-")
      .slice(1)
      .join("-")}`;
    for (const token of [forged, borrowed, `${letter.id}`, `${letter.id}-`]) {
      expect(await letterIdForMailToken(database.db, token)).toBeNull();
      expect(await recordBounce(database.db, `bounces+${token}@act.example.org`, "550")).toBeNull();
    }
    expect(await statusOf(letter.id)).toBe("sent");
  });

  it("still knows a letter sent before tokens were derived, by its stored hash only", async () => {
    const letter = await letterSent(1);
    const oldToken = "Zq3v_old-random-token-x";
    await database.db
      .update(letters)
      .set({ bounceToken: createHash("sha256").update(oldToken).digest("hex") })
      .where(eq(letters.id, letter.id));
    expect(await letterIdForMailToken(database.db, oldToken)).toBe(letter.id);
    const [row] = await database.db.select().from(letters).where(eq(letters.id, letter.id));
    expect(row?.bounceToken).not.toContain(oldToken);
  });

  it("stores nothing a reader of the database could reply or bounce with", async () => {
    const letter = await letterSent(1);
    const [row] = await database.db.select().from(letters).where(eq(letters.id, letter.id));
    expect(row?.bounceToken).toBeNull();
    expect(JSON.stringify(row)).not.toContain(mailTokenFor(letter.id).split("-")[1]);
  });
});
