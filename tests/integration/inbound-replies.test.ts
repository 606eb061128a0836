import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { letters, replyReports, stateContacts, supporters } from "#db/schema";
import { seedDemoCampaign } from "#db/seed/seed-demo";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { mailTokenFor } from "~/delivery/mail-tokens.server";
import { connectDatabase } from "~/lib/db.server";
import { handleInboundMessage } from "~/responses/inbound-mail.server";
import { type InboundSmtp, startInboundSmtp } from "~/responses/inbound-smtp.server";
import { freePort } from "../setup/postgres-server";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
let listener: InboundSmtp;
let smtp: Transporter;
let contactId: number;

const ministry = "Cabinet du ministre <cabinet@diplomatie.example.fr>";
const supporterEmail = "marie@example.org";
const maxMessageBytes = 64 * 1024;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCampaign(database.db);
  const [contact] = await database.db
    .insert(stateContacts)
    .values({
      stateIso3: "FRA",
      kind: "ministry",
      name: "Ministère de l'Europe et des Affaires étrangères",
      emails: ["ministere@fr.example.org"],
      salutations: { fr: "Excellence" },
      language: "fr",
    })
    .returning({ id: stateContacts.id });
  contactId = contact?.id ?? 0;
  listener = await startInboundSmtp({
    port: await freePort(),
    host: "127.0.0.1",
    db: database.db,
    maxMessageBytes,
  });
  // A real SMTP client, as the organisation's MTA would relay the mail.
  smtp = nodemailer.createTransport({
    host: "127.0.0.1",
    port: listener.port,
    secure: false,
    ignoreTLS: true,
  });
});

afterAll(async () => {
  smtp?.close();
  await listener?.close();
  await database?.drop();
});

/** A letter as delivery leaves it: sent, with its VERP token. */
async function sentLetter(): Promise<{ id: number; token: string }> {
  const campaign = await getCampaignWithAsks(database.db, "iran-end-impunity");
  const ask = campaign?.asks[0];
  if (!campaign || !ask) throw new Error("demo campaign missing");
  const [supporter] = await database.db
    .insert(supporters)
    .values({
      email: `${randomBytes(4).toString("hex")}.${supporterEmail}`,
      countryIso3: "FRA",
      language: "fr",
      manageToken: randomBytes(12).toString("hex"),
    })
    .returning({ id: supporters.id });
  const [letter] = await database.db
    .insert(letters)
    .values({
      campaignId: campaign.id,
      askId: ask.id,
      supporterId: supporter?.id,
      stateIso3: "FRA",
      targetKind: "ministry",
      contactId,
      language: "fr",
      subject: "Iran : pour une session extraordinaire",
      body: "Excellence,\n\nJe vous écris au sujet de l'Iran.\n\nMarie",
      templateVersion: "file",
      status: "sent",
      sentAt: new Date(),
    })
    .returning({ id: letters.id });
  if (!letter) throw new Error("letter not stored");
  return { id: letter.id, token: mailTokenFor(letter.id) };
}

async function supporterOf(letterId: number): Promise<string> {
  const [row] = await database.db
    .select({ email: supporters.email })
    .from(letters)
    .innerJoin(supporters, eq(supporters.id, letters.supporterId))
    .where(eq(letters.id, letterId));
  return row?.email ?? "";
}

function reportsFor(letterId: number) {
  return database.db.select().from(replyReports).where(eq(replyReports.letterId, letterId));
}

async function statusOf(letterId: number) {
  const [row] = await database.db
    .select({ status: letters.status, failureReason: letters.failureReason })
    .from(letters)
    .where(eq(letters.id, letterId));
  return row;
}

const humanReply = (token: string) => ({
  from: ministry,
  to: `reply+${token}@replies.act.example.org`,
  subject: "Re: Iran : pour une session extraordinaire",
  messageId: `<answer.${token}@diplomatie.example.fr>`,
  text: [
    "Madame,",
    "",
    "La France soutiendra la convocation d'une session extraordinaire.",
    "",
    "Le lun. 2 févr. 2026 à 10:00, Marie <marie@example.org> a écrit :",
    "> Excellence,",
    "> Je vous écris au sujet de l'Iran.",
  ].join("\n"),
});

describe("replies and bounces by e-mail", () => {
  it("files a ministry's reply once, linked to its letter, without the quoted letter", async () => {
    const letter = await sentLetter();
    await smtp.sendMail(humanReply(letter.token));
    const [report, ...more] = await reportsFor(letter.id);
    expect(more).toHaveLength(0);
    expect(report).toMatchObject({
      source: "email",
      kind: "replied",
      automatic: false,
      status: "pending",
      subject: "Re: Iran : pour une session extraordinaire",
      text: "Madame,\n\nLa France soutiendra la convocation d'une session extraordinaire.",
      fromAddress: "cabinet@diplomatie.example.fr",
      messageId: `<answer.${letter.token}@diplomatie.example.fr>`,
    });

    // The MTA retries, or the ministry's server sends it twice: same Message-ID, one report.
    await smtp.sendMail(humanReply(letter.token));
    expect(await reportsFor(letter.id)).toHaveLength(1);
  });

  it("files an out-of-office reply as an automatic acknowledgement", async () => {
    const letter = await sentLetter();
    await smtp.sendMail({
      from: ministry,
      to: `reply+${letter.token}@replies.act.example.org`,
      subject: "Réponse automatique : Iran : pour une session extraordinaire",
      headers: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
      text: "Je suis absent jusqu'au 16 février.",
    });
    const reports = await reportsFor(letter.id);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ kind: "acknowledged", automatic: true, source: "email" });
  });

  it("keeps no supporter address when a supporter forwards the reply", async () => {
    const letter = await sentLetter();
    await smtp.sendMail({
      from: await supporterOf(letter.id),
      to: `reply+${letter.token}@replies.act.example.org`,
      subject: "Fwd: Re: Iran : pour une session extraordinaire",
      text: "Voici la réponse du ministère.",
    });
    const reports = await reportsFor(letter.id);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ kind: "replied", fromAddress: null });
  });

  it("marks the letter bounced on a delivery status notification to bounces+TOKEN", async () => {
    const letter = await sentLetter();
    const recipient = `bounces+${letter.token}@act.example.org`;
    await smtp.sendMail({
      envelope: { from: "", to: [recipient] },
      raw: deliveryStatusNotification(recipient),
    });
    expect(await statusOf(letter.id)).toEqual({
      status: "bounced",
      failureReason: "smtp; 550 5.1.1 <ministere@fr.example.org>: Recipient address rejected",
    });
    expect(await reportsFor(letter.id)).toHaveLength(0);
  });

  it("accepts and ignores mail for a token no letter has", async () => {
    const before = await database.db.$count(replyReports);
    const info = await smtp.sendMail({ ...humanReply("no-such-letter"), messageId: "<x@y>" });
    expect(info.accepted).toEqual(["reply+no-such-letter@replies.act.example.org"]);
    expect(await database.db.$count(replyReports)).toBe(before);
  });

  it("looks the token up before reading a message, and reads a hostile one in linear time", async () => {
    // One 1 MB line that made the attribution regex run for minutes.
    const hostile = (token: string) =>
      [
        `To: reply+${token}@replies.act.example.org`,
        "From: x@example.org",
        "Subject: Re: Iran",
        "Content-Type: text/plain; charset=utf-8",
        "",
        `Merci.\r\nAm ${"x schrieb ".repeat(100_000)}`,
      ].join("\r\n");
    const envelope = (token: string) => ({
      from: "x@example.org",
      to: [`reply+${token}@replies.act.example.org`],
    });
    let started = process.cpuUsage();
    expect(
      await handleInboundMessage(
        database.db,
        hostile("no-such-letter"),
        envelope("no-such-letter"),
      ),
    ).toEqual([{ kind: "ignored", reason: "unknown_letter" }]);
    expect(cpuMs(started)).toBeLessThan(1_000);

    const letter = await sentLetter();
    started = process.cpuUsage();
    const [outcome] = await handleInboundMessage(
      database.db,
      hostile(letter.token),
      envelope(letter.token),
    );
    expect(outcome).toMatchObject({ kind: "reply", letterId: letter.id });
    // Parsing 1 MB of MIME is most of it; the reply text itself is a linear scan.
    expect(cpuMs(started)).toBeLessThan(3_000);
    const [report] = await reportsFor(letter.id);
    expect(report?.text?.startsWith("Merci.")).toBe(true);
  });

  it("refuses any other local part with 550", async () => {
    await expect(
      smtp.sendMail({ from: ministry, to: "postmaster@replies.act.example.org", text: "Hello" }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it("answers 451, so the sender retries, when the message cannot be filed", async () => {
    const letter = await sentLetter();
    const closed = connectDatabase(database.url, { max: 1 });
    await closed.close();
    const broken = await startInboundSmtp({ port: await freePort(), db: closed.db });
    const client = nodemailer.createTransport({
      host: "127.0.0.1",
      port: broken.port,
      ignoreTLS: true,
    });
    try {
      await expect(client.sendMail(humanReply(letter.token))).rejects.toMatchObject({
        responseCode: 451,
      });
    } finally {
      client.close();
      await broken.close();
    }
  });

  it("refuses a message over the size limit with 552", async () => {
    const letter = await sentLetter();
    await expect(
      smtp.sendMail({
        ...humanReply(letter.token),
        attachments: [{ filename: "annex.bin", content: randomBytes(maxMessageBytes) }],
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(await reportsFor(letter.id)).toHaveLength(0);
  });
});

function deliveryStatusNotification(recipient: string): string {
  return [
    "From: Mail Delivery System <MAILER-DAEMON@mx.fr.example.org>",
    `To: ${recipient}`,
    "Subject: Undelivered Mail Returned to Sender",
    "Auto-Submitted: auto-replied",
    "Message-ID: <dsn.1@mx.fr.example.org>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
    "",
    "--dsn",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "Your message could not be delivered to one or more recipients.",
    "",
    "--dsn",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.fr.example.org",
    "",
    "Final-Recipient: rfc822; ministere@fr.example.org",
    "Action: failed",
    "Status: 5.1.1",
    "Diagnostic-Code: smtp; 550 5.1.1 <ministere@fr.example.org>: Recipient address",
    "    rejected",
    "",
    "--dsn",
    "Content-Type: text/rfc822-headers",
    "",
    "From: letters@act.example.org",
    "Subject: Iran : pour une session extraordinaire",
    "",
    "--dsn--",
    "",
  ].join("\r\n");
}

/** CPU time, not wall time: a loaded machine slows a linear scan, it does not make it quadratic. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1_000;
}
