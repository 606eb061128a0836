import { connect, type Socket } from "node:net";
import nodemailer, { type Transporter } from "nodemailer";
import SMTPPool from "nodemailer/lib/smtp-pool";
import type StreamTransport from "nodemailer/lib/stream-transport";
import { devOutbox } from "#db/schema";
import type { Database } from "./db.server";

/**
 * An address with its display name as separate parts: nodemailer quotes the
 * name itself, so a name like `Bob" <spy@evil.example>, "x` stays a name.
 * Never build "Name <address>" strings from what people type.
 */
export interface MailAddress {
  name: string;
  address: string;
}

export interface OutgoingMail {
  /** The campaign's or MAIL_FROM's sender, set by staff or the operator. */
  from: string;
  /** Offices' addresses as staff verified them, or a supporter's as an object. */
  to: string[] | MailAddress[];
  cc?: MailAddress[];
  replyTo?: MailAddress[];
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** SMTP envelope: the Return-Path carries the per-letter bounce token. */
  envelope?: { from: string; to: string[] };
  messageId?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string; accepted: string[] }>;
  close(): void;
  /** True when mail goes to the development outbox rather than an SMTP server. */
  development: boolean;
}

/**
 * Plain TCP with Nagle's algorithm off: nodemailer's small writes would
 * otherwise wait for the server's delayed ACK, about 40 ms per message.
 */
function noDelaySocket(
  options: { host?: string; port?: number },
  callback: (error: Error | null, socketOptions?: { connection: Socket }) => void,
) {
  const socket = connect({ host: options.host, port: options.port ?? 25, noDelay: true }, () =>
    callback(null, { connection: socket }),
  );
  socket.once("error", (error) => callback(error));
}

/**
 * Connections to the SMTP server, one message in flight on each (nodemailer's
 * default, stated here because the delivery benchmark gives its baseline as many).
 */
export const smtpConnections = 5;

/**
 * Whether a server may be spoken to without TLS: only this machine, by its
 * usual loopback names (as tests and a local relay use). Anywhere else, a
 * plain `smtp://` or `imap://` must upgrade with STARTTLS or fail, rather than
 * fall back to plain text when someone on the way strips the offer.
 */
export function plainTextAllowed(host: string): boolean {
  return ["localhost", "127.0.0.1", "::1", "[::1]"].includes(host.toLowerCase());
}

/**
 * SMTP over pooled connections when SMTP_URL is set; smtp:// requires STARTTLS
 * except on loopback (`plainTextAllowed`). The pool is built here rather than
 * by `createTransport({ url, … })`, which reads only the URL and silently
 * drops every other option: no pool (a new connection per message) and no
 * `getSocket`.
 */
export function smtpMailer(url: string): Mailer {
  const plain = url.startsWith("smtp://");
  const requireTLS = plain && !plainTextAllowed(new URL(url).hostname);
  const pool = new SMTPPool({
    url,
    maxConnections: smtpConnections,
    requireTLS,
    ...(plain ? { getSocket: noDelaySocket } : {}),
  } as SMTPPool.Options);
  const transport: Transporter<SMTPPool.SentMessageInfo> = nodemailer.createTransport(pool);
  return {
    development: false,
    async send(mail) {
      const info = await transport.sendMail(mail);
      return { messageId: info.messageId, accepted: info.accepted.map(String) };
    },
    close: () => transport.close(),
  };
}

/**
 * Without SMTP_URL (development, demos) mail is rendered exactly as it would be
 * sent and kept in the `dev_outbox` table, readable by admins at /staff/outbox.
 */
export function developmentMailer(db: Database): Mailer {
  const transport: Transporter<StreamTransport.SentMessageInfo> = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: "unix",
  });
  return {
    development: true,
    async send(mail) {
      const info = await transport.sendMail(mail);
      const raw = Buffer.isBuffer(info.message) ? info.message.toString("utf8") : "";
      await db.insert(devOutbox).values({
        envelopeFrom: info.envelope.from || "",
        envelopeTo: info.envelope.to,
        subject: mail.subject,
        raw,
      });
      return { messageId: info.messageId, accepted: info.envelope.to };
    },
    close: () => transport.close(),
  };
}

export function mailerFor(options: { smtpUrl?: string; db: Database }): Mailer {
  return options.smtpUrl ? smtpMailer(options.smtpUrl) : developmentMailer(options.db);
}

/** SMTP replies in the 5xx range are permanent: retrying will not help. */
export function isPermanentMailError(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}
