import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { Database } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { letterAddress } from "./inbound-mail";
import { handleInboundMessage } from "./inbound-mail.server";

export const defaultMaxMessageBytes = 10 * 1024 * 1024;

export interface InboundSmtp {
  port: number;
  close: () => Promise<void>;
}

/**
 * An SMTP listener for reply+TOKEN and bounces+TOKEN mail, meant to sit behind
 * the organisation's MTA (a transport rule relays those addresses here). It
 * speaks plain SMTP without authentication: keep it on loopback or a private
 * network. Exposed directly to the internet it should run behind an MTA that
 * does TLS and spam filtering, or be given a certificate for STARTTLS.
 */
export async function startInboundSmtp(options: {
  port: number;
  host?: string;
  db: Database;
  maxMessageBytes?: number;
}): Promise<InboundSmtp> {
  const { db } = options;
  const maxMessageBytes = options.maxMessageBytes ?? defaultMaxMessageBytes;
  const server = new SMTPServer({
    name: "demarche",
    banner: "Demarche replies and bounces",
    authOptional: true,
    // No certificate is configured, so STARTTLS is not offered (see above).
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: maxMessageBytes,
    // The server answers 552 itself once the data goes over `size`.
    rejectOversized: true,
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      if (letterAddress(address.address)) return callback();
      callback(smtpError(550, "5.1.1 No such mailbox here"));
    },
    onData(stream, session, callback) {
      receive(db, stream, session).then(
        () => callback(),
        (error: unknown) => {
          logger.error({ error: errorSummary(error) }, "inbound mail not filed");
          callback(smtpError(451, "4.3.0 Temporary failure, try again later"));
        },
      );
    },
  });
  // A bad client or a socket error is logged, never fatal to the process.
  server.on("error", (error) => logger.warn({ error: errorSummary(error) }, "inbound smtp error"));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  logger.info({ port }, "inbound smtp listening");
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function receive(db: Database, stream: SMTPServerDataStream, session: SMTPServerSession) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    // Past the limit the rest is read and dropped; the server then answers 552.
    if (!stream.sizeExceeded) chunks.push(chunk as Buffer);
  }
  if (stream.sizeExceeded) return;
  await handleInboundMessage(db, Buffer.concat(chunks), {
    from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
    to: session.envelope.rcptTo.map((r) => r.address),
  });
}

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** The error's kind and code, not its message, which may quote an address. */
function errorSummary(error: unknown): { name: string; code?: string } {
  const { name, code } = (error ?? {}) as { name?: string; code?: unknown };
  return { name: name ?? "Error", ...(typeof code === "string" ? { code } : {}) };
}
