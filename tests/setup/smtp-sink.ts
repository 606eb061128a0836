import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./postgres-server";

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: string;
}

/**
 * A real SMTP server on loopback that keeps what it receives. `respondWith`
 * makes it answer the next messages with an SMTP error (e.g. 451 temporary,
 * 550 permanent) before accepting again.
 */
export interface SmtpSink {
  url: string;
  port: number;
  received: ReceivedMail[];
  respondWith: (code: number, times?: number) => void;
  /** Called when a message's data has arrived, before the server answers. */
  onData: (hook: (() => Promise<void>) | null) => void;
  waitFor: (count: number, timeoutMs?: number) => Promise<ReceivedMail[]>;
  close: () => Promise<void>;
}

export async function startSmtpSink(options: { saveTo?: string } = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let failures: { code: number; times: number } | null = null;
  let dataHook: (() => Promise<void>) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    // Closing the sink ends lingering client connections at once instead of after 30 s.
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        if (dataHook) await dataHook();
        if (failures && failures.times > 0) {
          failures.times -= 1;
          const error = Object.assign(
            new Error(failures.code >= 500 ? "Mailbox unavailable" : "Try again later"),
            {
              responseCode: failures.code,
            },
          );
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        // Browser tests run in other processes: they read what arrived from files.
        if (options.saveTo) {
          await writeFile(join(options.saveTo, `${Date.now()}-${received.length}.eml`), raw);
        }
        received.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          parsed: await simpleParser(raw),
          raw,
        });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    respondWith: (code, times = 1) => {
      failures = { code, times };
    },
    onData: (hook) => {
      dataHook = hook;
    },
    waitFor: async (count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} messages, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
