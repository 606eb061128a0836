import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import {
  classifyInboundMail,
  imapSettingsFrom,
  inboundEnvelopeFrom,
  letterAddress,
  maxReplyTextLength,
  newReplyText,
} from "./inbound-mail";

function message(headers: string[], body = "") {
  return simpleParser([...headers, "", body].join("\r\n"), { keepDeliveryStatus: true });
}

function reply(headers: string[], body: string) {
  return message(
    [
      "From: Ministère <cabinet@diplomatie.example.fr>",
      "To: reply+tok_123-abc@replies.act.example.org",
      "Message-ID: <answer-1@diplomatie.example.fr>",
      ...headers,
    ],
    body,
  );
}

const replyRecipient = ["reply+tok_123-abc@replies.act.example.org"];

function dsn(options: { action: string; status: string; diagnostic?: string }) {
  return message(
    [
      "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>",
      "To: bounces+tok_123-abc@act.example.org",
      "Subject: Undelivered Mail Returned to Sender",
      "Auto-Submitted: auto-replied",
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    ],
    [
      "--b",
      "Content-Type: text/plain",
      "",
      "Your message could not be delivered.",
      "--b",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.example.org",
      "",
      "Final-Recipient: rfc822; ministere@fr.example.org",
      `Action: ${options.action}`,
      `Status: ${options.status}`,
      ...(options.diagnostic ? [`Diagnostic-Code: ${options.diagnostic}`] : []),
      "--b--",
    ].join("\r\n"),
  );
}

describe("letterAddress", () => {
  it.each([
    ["reply+abc_D-9@replies.example.org", { kind: "reply", token: "abc_D-9" }],
    ["<Bounces+abc@act.example.org>", { kind: "bounces", token: "abc" }],
    ["reply+@act.example.org", null],
    ["reply+a.b@act.example.org", null],
    ["replies+abc@act.example.org", null],
    ["ministere@fr.example.org", null],
  ])("reads %s", (address, expected) => {
    expect(letterAddress(address)).toEqual(expected);
  });
});

describe("classifyInboundMail", () => {
  it("reads a delivery status notification as a permanent bounce", async () => {
    const parsed = await dsn({
      action: "failed",
      status: "5.1.1",
      diagnostic: "smtp; 550 5.1.1 <ministere@fr.example.org>:\r\n    Recipient address rejected",
    });
    expect(classifyInboundMail(parsed, ["bounces+tok_123-abc@act.example.org"])).toEqual({
      kind: "bounce",
      token: "tok_123-abc",
      diagnostic: "smtp; 550 5.1.1 <ministere@fr.example.org>: Recipient address rejected",
      permanent: true,
      failed: true,
    });
  });

  it("tells a temporary failure and a delay warning apart", async () => {
    const expired = await dsn({ action: "failed", status: "4.4.7" });
    expect(classifyInboundMail(expired, ["bounces+t@x.org"])).toMatchObject({
      kind: "bounce",
      token: "t",
      diagnostic: "Status: 4.4.7",
      permanent: false,
      failed: true,
    });
    const delayed = await dsn({ action: "delayed", status: "4.4.1" });
    expect(classifyInboundMail(delayed, ["bounces+t@x.org"])).toMatchObject({
      permanent: false,
      failed: false,
    });
  });

  it("reads the report folded into the text when mailparser was not asked to keep it", async () => {
    const raw = [
      "To: bounces+t@x.org",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      "",
      "--b",
      "Content-Type: message/delivery-status",
      "",
      "Action: failed",
      "Status: 5.7.1",
      "--b--",
    ].join("\r\n");
    const parsed = await simpleParser(raw);
    expect(classifyInboundMail(parsed, ["bounces+t@x.org"])).toMatchObject({
      kind: "bounce",
      permanent: true,
    });
  });

  it("treats other mail to bounces+ as a non-standard bounce", async () => {
    const parsed = await message(
      ["From: MAILER-DAEMON@old.example.org", "Subject: failure notice"],
      "Hi. This is the qmail-send program.\n<ministere@fr.example.org>:\n550 sorry, no mailbox here",
    );
    expect(classifyInboundMail(parsed, ["bounces+t@x.org"])).toMatchObject({
      kind: "bounce",
      token: "t",
      permanent: true,
      failed: true,
    });
  });

  it("takes an out-of-office sent to the Return-Path as an automatic reply", async () => {
    const parsed = await message(
      ["From: cabinet@diplomatie.example.fr", "Subject: Absence", "Auto-Submitted: auto-replied"],
      "Je suis absent.",
    );
    expect(classifyInboundMail(parsed, ["bounces+t@x.org"])).toMatchObject({
      kind: "reply",
      token: "t",
      automatic: true,
    });
  });

  it("reads a human reply: sender, subject, Message-ID and the new text only", async () => {
    const parsed = await reply(
      ["Subject: Re: Iran : pour une session extraordinaire"],
      [
        "Madame,",
        "",
        "Nous avons bien reçu votre lettre et la transmettons à la direction compétente.",
        "",
        "Le lun. 2 févr. 2026 à 10:00, Marie Curie <reply+tok_123-abc@replies.act.example.org> a",
        "écrit :",
        "> Excellence,",
        "> Je vous écris au sujet de l'Iran.",
      ].join("\n"),
    );
    expect(classifyInboundMail(parsed, replyRecipient)).toEqual({
      kind: "reply",
      token: "tok_123-abc",
      automatic: false,
      subject: "Re: Iran : pour une session extraordinaire",
      text: "Madame,\n\nNous avons bien reçu votre lettre et la transmettons à la direction compétente.",
      fromAddress: "cabinet@diplomatie.example.fr",
      messageId: "<answer-1@diplomatie.example.fr>",
    });
  });

  it.each([
    ["Auto-Submitted: auto-generated"],
    ["Auto-Submitted: auto-replied; owner-email=x@y"],
    ["X-Autoreply: yes"],
    ["X-Autorespond: Out of office"],
    ["Precedence: auto_reply"],
    ["Precedence: bulk"],
    ["Precedence: junk"],
    ["X-Auto-Response-Suppress: All"],
    ["Subject: Out of Office: Iran"],
    ["Subject: Automatic reply: Iran"],
    ["Subject: Réponse automatique : Iran"],
    ["Subject: Respuesta automática: Irán"],
    ["Subject: Abwesenheitsnotiz: Iran"],
    ["Subject: Automatische Antwort: Iran"],
    ["Subject: Out of Office AutoReply: Iran"],
  ])("marks %s as automatic", async (header) => {
    const parsed = await reply([header], "Je suis absent jusqu'au 10 février.");
    expect(classifyInboundMail(parsed, replyRecipient)).toMatchObject({
      kind: "reply",
      automatic: true,
    });
  });

  it.each([
    ["Auto-Submitted: no"],
    ["Precedence: list"],
    ["Subject: Re: Out of office: Iran"],
    ["Subject: Out of office hours campaign"],
  ])("does not mark %s as automatic", async (header) => {
    const parsed = await reply([header], "Merci.");
    expect(classifyInboundMail(parsed, replyRecipient)).toMatchObject({ automatic: false });
  });

  it("knows nothing of mail to any other address", async () => {
    const parsed = await reply([], "Bonjour");
    expect(classifyInboundMail(parsed, ["contact@act.example.org"])).toEqual({ kind: "unknown" });
    expect(classifyInboundMail(parsed, [])).toEqual({ kind: "unknown" });
  });
});

describe("newReplyText", () => {
  it.each([
    ["On Mon, 2 Feb 2026 at 10:00, Marie <m@example.org> wrote:"],
    ["On Mon, 2 Feb 2026 at 10:00, Marie Curie\n<m@example.org> wrote:"],
    ["El lun, 2 feb 2026 a las 10:00, Marie (<m@example.org>) escribió:"],
    ["Am 02.02.2026 um 10:00 schrieb Marie <m@example.org>:"],
    ["-----Original Message-----\nFrom: Marie"],
    ["-----Message d'origine-----\nDe : Marie"],
    ["________________________________\nDe : Marie"],
  ])("cuts the quoted original after %s", (separator) => {
    const text = `Thank you.\n\n${separator}\nExcellency,\nI write about Iran.`;
    expect(newReplyText(text)).toBe("Thank you.");
  });

  it("drops interleaved quoted lines and keeps the answers", () => {
    expect(newReplyText("> Will you support it?\nYes.\n>> Earlier\n\n\n\nRegards")).toBe(
      "Yes.\n\nRegards",
    );
  });

  it("keeps a line that merely begins with On", () => {
    expect(newReplyText("On behalf of the Minister, thank you.")).toBe(
      "On behalf of the Minister, thank you.",
    );
  });

  it("caps the text", () => {
    expect(newReplyText("a".repeat(maxReplyTextLength + 10))).toHaveLength(maxReplyTextLength);
  });
});

describe("inboundEnvelopeFrom (IMAP)", () => {
  it("prefers the delivering server's Delivered-To and X-Original-To", async () => {
    const parsed = await message([
      "Return-Path: <cabinet@diplomatie.example.fr>",
      "Delivered-To: reply+abc@replies.example.org",
      "Delivered-To: inbox@replies.example.org",
      "X-Original-To: reply+def@replies.example.org",
      "To: Marie <marie@example.org>, reply+zzz@replies.example.org",
    ]);
    expect(inboundEnvelopeFrom(parsed)).toEqual({
      from: "cabinet@diplomatie.example.fr",
      to: ["reply+abc@replies.example.org", "reply+def@replies.example.org"],
    });
  });

  it("falls back to the letters' addresses in To and Cc, and no one else's", async () => {
    const parsed = await message([
      'To: "Marie Curie" <marie@example.org>,',
      " Reply <reply+abc@replies.example.org>",
      "Cc: bounces+def@act.example.org, other@example.org",
      "Delivered-To: inbox@replies.example.org",
    ]);
    expect(inboundEnvelopeFrom(parsed)).toEqual({
      from: "",
      to: ["reply+abc@replies.example.org", "bounces+def@act.example.org"],
    });
  });

  it("finds nothing in mail for someone else", async () => {
    const parsed = await message(["To: info@example.org"]);
    expect(inboundEnvelopeFrom(parsed).to).toEqual([]);
  });
});

describe("imapSettingsFrom", () => {
  it("reads user, password, port and mailbox", () => {
    expect(
      imapSettingsFrom("imaps://replies%40act.org:p%2Fss@mail.example.org/Replies%20In"),
    ).toEqual({
      host: "mail.example.org",
      port: 993,
      secure: true,
      user: "replies@act.org",
      pass: "p/ss",
      mailbox: "Replies In",
    });
    expect(imapSettingsFrom("imap://u:p@127.0.0.1:1143")).toMatchObject({
      port: 1143,
      secure: false,
      mailbox: "INBOX",
    });
  });
});

describe("on hostile input", () => {
  // Complexity, not speed: a quadratic scan of 1 MB takes minutes, a linear one milliseconds.
  const megabyte = 1_000_000;
  const fast = (run: () => unknown) => {
    const started = process.cpuUsage();
    run();
    expect(cpuMs(started)).toBeLessThan(1_000);
  };

  it.each([
    ["an attribution start and a long run of spaces", `On ${" ".repeat(megabyte)}x`],
    ["many German attributions on one line", `Am ${"x schrieb ".repeat(megabyte / 10)}`],
    ["many short attribution starts", "Am x schrieb y\n".repeat(megabyte / 75)],
    ["a long dashed line", `--${"-".repeat(megabyte)}x--`],
    ["a long underscored line", `${"_".repeat(megabyte)}x`],
    ["a long line of dashes and spaces", "- ".repeat(megabyte / 2)],
  ])("reads a reply with %s in linear time", (_, text) => {
    fast(() => newReplyText(`Thank you.\n${text}`));
  });

  it("reads a 1 MB address header in linear time", () => {
    const headerLines = [{ key: "to", line: `To: ${"a".repeat(megabyte)}` }];
    fast(() => expect(inboundEnvelopeFrom({ headerLines }).to).toEqual([]));
  });

  it("still cuts at an attribution written in upper case or spread over three lines", () => {
    expect(newReplyText("Yes.\nOn MONDAY, MARIE\nCURIE\nWROTE:\n> q")).toBe("Yes.");
    expect(newReplyText("Yes.\nLe lundi,\nMarie a écrit :\nq")).toBe("Yes.");
    expect(newReplyText("Yes.\n-- Mensaje original --\nq")).toBe("Yes.");
    expect(newReplyText("Yes.\nOn wrote:")).toBe("Yes.\nOn wrote:");
    expect(newReplyText("Yes.\n-- signature --\nq")).toBe("Yes.\n-- signature --\nq");
  });
});

/** CPU time, not wall time: a loaded machine slows a linear scan, it does not make it quadratic. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1_000;
}
