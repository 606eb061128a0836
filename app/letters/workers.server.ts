import type PgBoss from "pg-boss";
import type { Database } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import type { Mailer } from "~/lib/mail.server";
import { queueNames } from "~/lib/queue.server";
import { type DeliverySettings, deliverLetter } from "./delivery.server";
import type { SupporterEmailJob } from "./letters.server";
import { scrubExpiredLetters } from "./retention.server";
import { sendSupporterEmail } from "./supporter-emails.server";

export interface WorkerDependencies {
  db: Database;
  mailer: Mailer;
  settings: DeliverySettings & { appUrl: string };
}

/**
 * Registers the queue handlers on a started pg-boss. Letters are taken in
 * batches and delivered side by side; a letter whose delivery throws (a
 * temporary SMTP error) is failed on its own, so pg-boss retries just that one
 * with back-off. A full batch means more are waiting: the worker fetches again
 * at once instead of sleeping through its polling interval.
 */
export async function startLetterWorkers(
  boss: PgBoss,
  deps: WorkerDependencies,
  options: { pollingIntervalSeconds?: number; batchSize?: number } = {},
): Promise<void> {
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
  const batchSize = options.batchSize ?? 5;
  const worker = { id: "" };
  worker.id = await boss.work<{ letterId: number }>(
    queueNames.deliverLetter,
    { includeMetadata: true, batchSize, pollingIntervalSeconds },
    async (jobs) => {
      await Promise.all(jobs.map((job) => deliverJob(boss, deps, job)));
      if (jobs.length === batchSize) boss.notifyWorker(worker.id);
    },
  );
  await boss.work(queueNames.retention, async () => {
    const scrubbed = await scrubExpiredLetters(deps.db);
    logger.info(scrubbed, "retention: letters scrubbed, supporters anonymised");
  });
  // Supporter e-mails are few per letter: one at a time is plenty.
  await boss.work<SupporterEmailJob>(
    queueNames.supporterEmail,
    { batchSize: 1, pollingIntervalSeconds },
    async ([job]) => {
      if (job) await sendSupporterEmail(deps, job.data);
    },
  );
}

async function deliverJob(
  boss: PgBoss,
  deps: WorkerDependencies,
  job: PgBoss.JobWithMetadata<{ letterId: number }>,
): Promise<void> {
  const { letterId } = job.data;
  try {
    const lastAttempt = job.retryCount >= job.retryLimit;
    const outcome = await deliverLetter(deps.db, deps.mailer, deps.settings, letterId, {
      lastAttempt,
    });
    logger.info({ letterId, outcome: outcome.kind }, "letter delivery");
  } catch (error) {
    // Only this job goes back to the queue; the rest of the batch completes.
    await boss.fail(queueNames.deliverLetter, job.id, { message: (error as Error).message });
  }
}
