import { createHash } from "node:crypto";
import { type ParsedMail, simpleParser } from "mailparser";
import { recordBounce } from "~/delivery/delivery.server";
import { letterIdForMailToken } from "~/delivery/mail-tokens.server";
import type { Database } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { classifyInboundMail, type InboundMail, letterAddress } from "./inbound-mail";
import { recordReplyReport } from "./review-queue.server";

export interface InboundEnvelope {
  from: string;
  to: string[];
}

/** What was done for one letter the message was addressed to. */
export type InboundOutcome =
  | { kind: "bounced"; letterId: number; permanent: boolean }
  | { kind: "reply"; letterId: number; reportId: number; automatic: boolean; duplicate: boolean }
  | {
      kind: "ignored";
      reason: "not_a_letter_address" | "unknown_letter" | "delay_notice";
    };

/**
 * Takes one message that arrived at reply+TOKEN or bounces+TOKEN (over SMTP or
 * from an IMAP mailbox) and files it: a bounce marks the letter bounced, a
 * reply goes to the review queue. One outcome per letter addressed, since a
 * ministry may answer many letters with one message (in Bcc).
 */
export function handleInboundMessage(
  db: Database,
  raw: Buffer | string,
  envelope: InboundEnvelope,
): Promise<InboundOutcome[]> {
  // Delivery reports stay an attachment, so their Status line can be read as such.
  return fileMessage(db, () => simpleParser(raw, { keepDeliveryStatus: true }), raw, envelope);
}

export function handleParsedMessage(
  db: Database,
  parsed: ParsedMail,
  raw: Buffer | string,
  envelope: InboundEnvelope,
): Promise<InboundOutcome[]> {
  return fileMessage(db, async () => parsed, raw, envelope);
}

async function fileMessage(
  db: Database,
  parse: () => Promise<ParsedMail>,
  raw: Buffer | string,
  envelope: InboundEnvelope,
): Promise<InboundOutcome[]> {
  // The token is looked up before the message is parsed or its text read:
  // mail to reply+anything@ costs one query, not a parse.
  const known = await knownLetterRecipients(db, envelope.to);
  if (known.outcome) return [logged(known.outcome)];
  return fileForRecipients(db, await parse(), raw, known.recipients);
}

/** One recipient per token that belongs to a letter; an outcome when there is none. */
async function knownLetterRecipients(
  db: Database,
  to: string[],
): Promise<{ recipients: string[]; outcome?: InboundOutcome }> {
  const byToken = new Map<string, string>();
  for (const recipient of to) {
    const address = letterAddress(recipient);
    if (address && !byToken.has(address.token)) byToken.set(address.token, recipient);
  }
  if (byToken.size === 0) {
    return { recipients: [], outcome: { kind: "ignored", reason: "not_a_letter_address" } };
  }
  const recipients: string[] = [];
  for (const [token, recipient] of byToken) {
    if (await letterForToken(db, token)) recipients.push(recipient);
  }
  if (recipients.length === 0) {
    return { recipients, outcome: { kind: "ignored", reason: "unknown_letter" } };
  }
  return { recipients };
}

async function fileForRecipients(
  db: Database,
  parsed: ParsedMail,
  raw: Buffer | string,
  recipients: string[],
): Promise<InboundOutcome[]> {
  const outcomes: InboundOutcome[] = [];
  for (const recipient of recipients) {
    const mail = classifyInboundMail(parsed, [recipient]);
    outcomes.push(logged(await fileInboundMail(db, mail, raw)));
  }
  return outcomes;
}

async function fileInboundMail(
  db: Database,
  mail: InboundMail,
  raw: Buffer | string,
): Promise<InboundOutcome> {
  if (mail.kind === "unknown") return { kind: "ignored", reason: "not_a_letter_address" };
  if (mail.kind === "bounce") {
    // "Still trying" warnings: the letter may yet be delivered.
    if (!mail.failed) return { kind: "ignored", reason: "delay_notice" };
    // recordBounce reads only the token from the address.
    const letterId = await recordBounce(db, `bounces+${mail.token}@inbound`, mail.diagnostic);
    return letterId === null
      ? { kind: "ignored", reason: "unknown_letter" }
      : { kind: "bounced", letterId, permanent: mail.permanent };
  }
  const letter = await letterForToken(db, mail.token);
  if (!letter) return { kind: "ignored", reason: "unknown_letter" };
  // The review queue drops a supporter's own address and name (a forwarded reply).
  const report = await recordReplyReport(db, {
    letterId: letter.id,
    source: "email",
    kind: mail.automatic ? "acknowledged" : "replied",
    automatic: mail.automatic,
    subject: mail.subject,
    text: mail.text,
    fromAddress: mail.fromAddress,
    // Without a Message-ID, the same bytes delivered twice still count once.
    messageId: mail.messageId ?? `<sha256.${sha256(raw)}@demarche.invalid>`,
  });
  return {
    kind: "reply",
    letterId: letter.id,
    reportId: report.id,
    automatic: mail.automatic,
    duplicate: report.duplicate,
  };
}

async function letterForToken(db: Database, token: string) {
  const id = await letterIdForMailToken(db, token);
  return id === null ? null : { id };
}

function sha256(raw: Buffer | string): string {
  return createHash("sha256").update(raw).digest("hex");
}

/** Letter ids and kinds only: never addresses, subjects or text. */
function logged(outcome: InboundOutcome): InboundOutcome {
  logger.info(outcome, "inbound mail");
  return outcome;
}
