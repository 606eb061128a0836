import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import { inject } from "vitest";

/** Messages the test SMTP server received for one address, oldest first. */
export async function mailFor(address: string): Promise<ParsedMail[]> {
  const dir = inject("mailDir");
  const files = (await readdir(dir)).sort();
  const messages = await Promise.all(
    files.map(async (file) => simpleParser(await readFile(join(dir, file)))),
  );
  return messages.filter(
    (m) => m.to && JSON.stringify(m.to).toLowerCase().includes(address.toLowerCase()),
  );
}

/**
 * Waits for `count` messages to `address` that `mine` accepts. Tests share the
 * demo ministries' inboxes, so a test waits for its own letter, never for any.
 */
export async function waitForMail(
  address: string,
  count = 1,
  timeoutMs = 20_000,
  mine: (message: ParsedMail) => boolean = () => true,
): Promise<ParsedMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = (await mailFor(address)).filter(mine);
    if (messages.length >= count) return messages;
    if (Date.now() > deadline)
      throw new Error(`expected ${count} message(s) for ${address}, got ${messages.length}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The letter a supporter's confirmation sent to a ministry: its Reply-To is the supporter. */
export function waitForLetterFrom(ministry: string, supporterEmail: string): Promise<ParsedMail[]> {
  return waitForMail(ministry, 1, 30_000, (m) =>
    (m.replyTo?.text ?? "").toLowerCase().includes(supporterEmail.toLowerCase()),
  );
}
