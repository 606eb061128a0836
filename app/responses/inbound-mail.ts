import type { ParsedMail } from "mailparser";

/**
 * What came back to a letter's own addresses: `bounces+TOKEN@…` (the
 * Return-Path, for delivery status notifications) or `reply+TOKEN@…` (in the
 * Reply-To when reply capture is on). Both carry the letter's `bounceToken`.
 */
export type InboundMail =
  | {
      kind: "bounce";
      token: string;
      diagnostic: string;
      /** A 5.x.x status: the address or the domain will not accept the letter. */
      permanent: boolean;
      /** False for a "still trying" warning (Action: delayed), which changes nothing yet. */
      failed: boolean;
    }
  | {
      kind: "reply";
      token: string;
      /** An out-of-office or other auto-reply: an acknowledgement, not an answer. */
      automatic: boolean;
      subject: string | null;
      text: string | null;
      fromAddress: string | null;
      messageId: string | null;
    }
  | { kind: "unknown" };

/** The parts of a parsed message the classification reads (a full ParsedMail fits). */
export type InboundMessage = Pick<ParsedMail, "headerLines" | "headers" | "attachments"> &
  Partial<Pick<ParsedMail, "subject" | "text" | "from" | "messageId">>;

export const maxReplyTextLength = 100_000;

/** Inbound text past this is never read: the new part of a reply comes first. */
export const maxInboundTextLength = 4 * maxReplyTextLength;

const tokenPattern = /^(reply|bounces)\+([A-Za-z0-9_-]+)@/i;

/** The letter's token and which address it came to, or null for any other address. */
export function letterAddress(
  recipient: string,
): { kind: "reply" | "bounces"; token: string } | null {
  const match = tokenPattern.exec(recipient.trim().replace(/^<|>$/g, ""));
  const [, kind, token] = match ?? [];
  if (!kind || !token) return null;
  return { kind: kind.toLowerCase() === "reply" ? "reply" : "bounces", token };
}

export function classifyInboundMail(message: InboundMessage, recipients: string[]): InboundMail {
  const addressed = recipients.map(letterAddress).filter((a) => a !== null);
  const toBounces = addressed.find((a) => a.kind === "bounces");
  const toReply = addressed.find((a) => a.kind === "reply");
  const token = (toBounces ?? toReply)?.token;
  if (!token) return { kind: "unknown" };
  if (isDeliveryReport(message)) return bounceFrom(message, token);
  // RFC 3834 sends auto-replies to the Return-Path, so an out-of-office can arrive
  // at bounces+ too: it is an acknowledgement, not a failed delivery.
  if (toReply || (isAutomatic(message) && !looksLikeBounce(message))) {
    return replyFrom(message, toReply?.token ?? token);
  }
  return bounceFrom(message, token);
}

function isDeliveryReport(message: InboundMessage): boolean {
  const type = message.headers.get("content-type") as
    | { value?: unknown; params?: Record<string, string | undefined> }
    | undefined;
  return (
    String(type?.value).toLowerCase() === "multipart/report" &&
    type?.params?.["report-type"]?.toLowerCase() === "delivery-status"
  );
}

/** Non-standard bounces (qmail, some appliances) say so in the subject. */
function looksLikeBounce(message: InboundMessage): boolean {
  return /undeliver|not delivered|delivery (status|failure|has failed)|failure notice|returned mail|mail delivery|non remis|unzustellbar|no entregado/i.test(
    message.subject ?? "",
  );
}

function bounceFrom(message: InboundMessage, token: string): InboundMail {
  const report = deliveryStatusText(message);
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(report)?.[1];
  const action = /^Action:\s*([a-z]+)/im.exec(report)?.[1]?.toLowerCase();
  const diagnostic =
    /^Diagnostic-Code:\s*(.+(?:\r?\n[ \t]+.+)*)/im.exec(report)?.[1]?.replace(/\s+/g, " ") ??
    (status ? `Status: ${status}` : (message.subject ?? "delivery failure"));
  const code = status ?? /\b([245])\d\d[ -]([245]\.\d{1,3}\.\d{1,3})?/.exec(report)?.[0];
  return {
    kind: "bounce",
    token,
    diagnostic: diagnostic.trim().slice(0, 500),
    permanent: code?.startsWith("5") ?? false,
    failed: action ? action === "failed" : !/\b(delay(ed)?|warning)\b/i.test(message.subject ?? ""),
  };
}

/** The message/delivery-status part, kept as an attachment or folded into the text. */
function deliveryStatusText(message: InboundMessage): string {
  const part = message.attachments.find((a) => /delivery-status/i.test(a.contentType));
  const text = part ? part.content.toString("utf8", 0, maxInboundTextLength) : (message.text ?? "");
  return text.slice(0, maxInboundTextLength);
}

function replyFrom(message: InboundMessage, token: string): InboundMail {
  return {
    kind: "reply",
    token,
    automatic: isAutomatic(message),
    subject: message.subject?.trim() || null,
    text: message.text ? newReplyText(message.text) : null,
    fromAddress: message.from?.value[0]?.address?.toLowerCase() ?? null,
    messageId: message.messageId ?? null,
  };
}

// The prefix Exchange, Outlook and others put before the subject, then a colon
// (so "Re: Out of office hours" from a person is not taken for one).
const autoReplySubject =
  /^\s*(?:out of (?:the )?office(?: auto-?reply)?|automatic reply|auto[- ]?reply|autoresponse|réponse automatique|absence du bureau|respuesta automática|fuera de la oficina|abwesenheitsnotiz|automatische antwort)\s*(?::|$)/i;

/** RFC 3834 headers, the vendors' own headers, and the usual subject prefixes. */
export function isAutomatic(message: Pick<InboundMessage, "headerLines" | "subject">): boolean {
  const header = (key: string) => headerValues(message, key).map((v) => v.toLowerCase());
  if (header("auto-submitted").some((v) => v !== "" && !v.startsWith("no"))) return true;
  if (["x-autoreply", "x-autorespond", "x-auto-response-suppress"].some((k) => header(k).length))
    return true;
  if (header("precedence").some((v) => /^(auto_reply|bulk|junk)\b/.test(v))) return true;
  return autoReplySubject.test((message.subject ?? "").normalize("NFC"));
}

/** Raw values of a header, unfolded, in order (parsed values differ by header). */
export function headerValues(message: Pick<InboundMessage, "headerLines">, key: string): string[] {
  const wanted = key.toLowerCase();
  return message.headerLines
    .filter((h) => h.key === wanted)
    .map((h) =>
      h.line
        .slice(h.line.indexOf(":") + 1)
        .replace(/\r?\n[ \t]+/g, " ")
        .trim(),
    );
}

// An "On … wrote:" line is short; anything longer is text, and is not scanned for one.
const maxAttributionLength = 1_000;
// Separators of the mail clients' own kinds (dashes or underscores), checked by scanning.
const originalMessageTitles = [
  "original message",
  "message d'origine",
  "mensaje original",
  "ursprüngliche nachricht",
];

/**
 * The new part of a reply: quoted lines (">") go, and so does everything from
 * the "On … wrote:" line (which mail clients may wrap over two or three lines)
 * or Outlook's "Original Message" separator down. Every check is a linear scan
 * of a capped text, so a hostile message cannot make it slow.
 */
export function newReplyText(text: string): string {
  const lines = text
    .slice(0, maxInboundTextLength)
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .split("\n");
  const kept: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (isOriginalMessageSeparator(line) || startsAttribution(lines, index)) break;
    if (!line.trimStart().startsWith(">")) kept.push(line);
  }
  return kept
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .slice(0, maxReplyTextLength);
}

/** `-----Original Message-----` (any of the titles, 2+ dashes each side) or 10+ underscores. */
export function isOriginalMessageSeparator(line: string): boolean {
  if (line.length > maxAttributionLength) return false;
  const trimmed = line.trim();
  if (trimmed.length >= 10 && [...trimmed].every((c) => c === "_")) return true;
  if (!trimmed.startsWith("--") || !trimmed.endsWith("--")) return false;
  let start = 0;
  let end = trimmed.length;
  while (trimmed[start] === "-") start++;
  while (end > start && trimmed[end - 1] === "-") end--;
  const title = trimmed.slice(start, end).trim().toLowerCase();
  return originalMessageTitles.includes(title);
}

function startsAttribution(lines: string[], index: number): boolean {
  const first = lines[index] ?? "";
  if (first.length > maxAttributionLength || !attributionStart.test(first.trim())) return false;
  let joined = "";
  for (let end = index; end < Math.min(index + 3, lines.length); end++) {
    joined = `${joined} ${lines[end] ?? ""}`;
    if (joined.length > maxAttributionLength) return false;
    // Most lines do not end with the colon: only those are collapsed and compared.
    if (joined.trimEnd().endsWith(":") && isAttribution(joined)) return true;
  }
  return false;
}

const attributionStart = /^(?:On|Le|El|Am)\s/;

/**
 * "On DATE, NAME wrote:", "Le … a écrit :", "El … escribió:", "Am … schrieb NAME:",
 * matched on the text with its white space collapsed, by its ends.
 */
export function isAttribution(text: string): boolean {
  const collapsed = text.replace(/\s+/g, " ").trim().toLowerCase();
  if (!collapsed.endsWith(":")) return false;
  const body = collapsed.slice(0, -1).trimEnd();
  const between = (start: string, end: string) =>
    body.startsWith(start) && body.endsWith(end) && body.length > start.length + end.length;
  if (between("on ", " wrote") || between("le ", " a écrit") || between("el ", " escribió")) {
    return true;
  }
  const schrieb = body.indexOf(" schrieb ", 3);
  return body.startsWith("am ") && schrieb > 3 && schrieb + " schrieb ".length < body.length;
}

const addressSeparators = /[\s<>,;:"()[\]]+/;

/** The address-like words of a header value: split on separators, then an @ inside the word. */
function addressesIn(value: string): string[] {
  return value
    .slice(0, maxHeaderValueLength)
    .split(addressSeparators)
    .filter((word) => word.slice(1, -1).includes("@"));
}

const maxHeaderValueLength = 10_000;

/**
 * An IMAP mailbox has no SMTP envelope: the recipients are read back from the
 * headers the delivering server added (Delivered-To, X-Original-To), else from
 * To and Cc. Only the letters' own addresses are kept, so no one else's is.
 */
export function inboundEnvelopeFrom(message: Pick<InboundMessage, "headerLines">): {
  from: string;
  to: string[];
} {
  const ours = (keys: string[]) =>
    keys
      .flatMap((key) => headerValues(message, key))
      .flatMap(addressesIn)
      .filter((address) => letterAddress(address) !== null);
  const delivered = ours(["delivered-to", "x-original-to"]);
  const to = [...new Set(delivered.length > 0 ? delivered : ours(["to", "cc"]))];
  const returnPath = headerValues(message, "return-path")[0] ?? "";
  return { from: addressesIn(returnPath)[0] ?? "", to };
}

/** Connection settings from IMAP_URL: imap[s]://user:pass@host[:port][/Mailbox]. */
export function imapSettingsFrom(url: string): {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
} {
  const parsed = new URL(url);
  const secure = parsed.protocol === "imaps:";
  if (!secure && parsed.protocol !== "imap:")
    throw new Error("IMAP_URL must be imap:// or imaps://");
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    pass: decodeURIComponent(parsed.password),
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "INBOX",
  };
}
