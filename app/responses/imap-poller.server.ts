import { ImapFlow } from "imapflow";
import { simpleParser } from "mailparser";
import type { Database } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { plainTextAllowed } from "~/lib/mail.server";
import { imapSettingsFrom, inboundEnvelopeFrom } from "./inbound-mail";
import { handleParsedMessage } from "./inbound-mail.server";

export interface ImapPoller {
  stop: () => Promise<void>;
}

const maxBackoffSeconds = 15 * 60;

/**
 * Reads reply+ and bounces+ mail from a mailbox (IMAP_URL) for organisations
 * that cannot route it to the SMTP listener: every `intervalSeconds` the unseen
 * messages are filed and marked seen. A lost connection is opened again with
 * exponential back-off; a message that fails stays unseen for the next round.
 */
export function startImapPoller(options: {
  url: string;
  db: Database;
  intervalSeconds?: number;
}): ImapPoller {
  const settings = imapSettingsFrom(options.url);
  const intervalMs = (options.intervalSeconds ?? 60) * 1000;
  let client: ImapFlow | null = null;
  let stopped = false;
  let wake: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async () => {
    let failures = 0;
    while (!stopped) {
      try {
        if (!client?.usable) client = await connect(settings);
        const filed = await fileUnseen(client, settings.mailbox, options.db);
        if (filed > 0) logger.info({ filed }, "imap messages filed");
        failures = 0;
        await pause(intervalMs);
      } catch (error) {
        failures += 1;
        client?.close();
        client = null;
        const seconds = Math.min(maxBackoffSeconds, (intervalMs / 1000) * 2 ** failures);
        logger.warn({ failures, retryInSeconds: seconds, code: codeOf(error) }, "imap poll failed");
        await pause(seconds * 1000);
      }
    }
  };
  const running = loop();
  logger.info({ host: settings.host, mailbox: settings.mailbox }, "imap poller started");

  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
      await client?.logout().catch(() => client?.close());
    },
  };
}

async function connect(settings: ReturnType<typeof imapSettingsFrom>): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    // imap:// must upgrade with STARTTLS (no silent plain text), except on loopback.
    ...(settings.secure || plainTextAllowed(settings.host) ? {} : { doSTARTTLS: true }),
    auth: { user: settings.user, pass: settings.pass },
    logger: false,
    disableAutoIdle: true,
  });
  // An unhandled 'error' event would end the process; the loop notices `usable`.
  client.on("error", (error: unknown) => logger.warn({ code: codeOf(error) }, "imap error"));
  await client.connect();
  return client;
}

/** Files each unseen message; returns how many were filed and marked seen. */
async function fileUnseen(client: ImapFlow, mailbox: string, db: Database): Promise<number> {
  const lock = await client.getMailboxLock(mailbox);
  let filed = 0;
  try {
    const uids = (await client.search({ seen: false }, { uid: true })) || [];
    for (const uid of uids) {
      // One message at a time: imapflow allows no other command inside a fetch loop.
      const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
      const source = message ? message.source : undefined;
      if (!source) continue;
      try {
        const parsed = await simpleParser(source, { keepDeliveryStatus: true });
        await handleParsedMessage(db, parsed, source, inboundEnvelopeFrom(parsed));
      } catch (error) {
        logger.warn({ uid, code: codeOf(error) }, "imap message not filed, kept unseen");
        continue;
      }
      await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
      filed += 1;
    }
  } finally {
    lock.release();
  }
  return filed;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
