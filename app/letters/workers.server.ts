import type PgBoss from "pg-boss";
import type { Database } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import type { Mailer } from "~/lib/mail.server";
import { queueNames } from "~/lib/queue.server";
import { type DeliverySettings, deliverLetter } from "./delivery.server";
import type { SupporterEmailJob } from "./letters.server";
import { sendSupporterEmail } from "./supporter-emails.server";

export interface WorkerDependencies {
  db: Database;
  mailer: Mailer;
  settings: DeliverySettings & { appUrl: string };
}

/**
 * Registers the queue handlers on a started pg-boss. Each job is one letter or
 * one e-mail; a thrown error makes pg-boss retry it with back-off.
 */
export async function startLetterWorkers(
  boss: PgBoss,
  deps: WorkerDependencies,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<void> {
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
  await boss.work<{ letterId: number }>(
    queueNames.deliverLetter,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds },
    async ([job]) => {
      if (!job) return;
      const lastAttempt = job.retryCount >= job.retryLimit;
      const outcome = await deliverLetter(deps.db, deps.mailer, deps.settings, job.data.letterId, {
        lastAttempt,
      });
      logger.info({ letterId: job.data.letterId, outcome: outcome.kind }, "letter delivery");
    },
  );
  await boss.work<SupporterEmailJob>(
    queueNames.supporterEmail,
    { batchSize: 1, pollingIntervalSeconds },
    async ([job]) => {
      if (job) await sendSupporterEmail(deps, job.data);
    },
  );
}
