import type PgBoss from "pg-boss";
import type { SupporterEmailJob } from "~/letters/letters.server";
import type { Database } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import type { Mailer } from "~/lib/mail.server";
import { queueNames } from "~/lib/queue.server";
import { pruneRateLimits } from "~/lib/rate-limit.server";
import { foldLetterTallies } from "~/metrics/letter-tallies.server";
import { scrubExpiredLetters } from "~/supporters/retention.server";
import { sendSupporterEmail } from "~/supporters/supporter-emails.server";
import { type DeliverySettings, deliverLetters } from "./delivery.server";

export interface WorkerDependencies {
  db: Database;
  mailer: Mailer;
  settings: DeliverySettings & { appUrl: string };
}

/**
 * Letters taken from the queue at once: one transaction, a handful of
 * statements and the SMTP exchanges side by side. It also bounds what a crash
 * after the SMTP server's 250 and before the commit sends twice (with the same
 * Message-ID, docs/decisions/003-queue.md).
 */
export const letterBatchSize = 100;

/**
 * Registers the queue handlers on a started pg-boss. Letters are delivered a
 * batch at a time (`deliverLetters`); a letter whose delivery failed for a
 * temporary reason is failed on its own, so pg-boss retries just that one with
 * back-off, and the rest of the batch completes. A full batch means more are
 * waiting: the worker fetches again at once instead of sleeping through its
 * polling interval.
 */
export async function startLetterWorkers(
  boss: PgBoss,
  deps: WorkerDependencies,
  options: { pollingIntervalSeconds?: number; batchSize?: number } = {},
): Promise<void> {
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
  const batchSize = options.batchSize ?? letterBatchSize;
  const worker = { id: "" };
  worker.id = await boss.work<{ letterId: number }>(
    queueNames.deliverLetter,
    { includeMetadata: true, batchSize, pollingIntervalSeconds },
    async (jobs) => {
      await deliverJobs(boss, deps, jobs);
      if (jobs.length === batchSize) boss.notifyWorker(worker.id);
    },
  );
  await boss.work(queueNames.foldTallies, () => foldLetterTallies(deps.db));
  await boss.work(queueNames.retention, async () => {
    const scrubbed = await scrubExpiredLetters(deps.db);
    logger.info(scrubbed, "retention: letters scrubbed, supporters anonymised");
  });
  await boss.work(queueNames.pruneRateLimits, () => pruneRateLimits(deps.db));
  // Supporter e-mails are few per letter: one at a time is plenty.
  await boss.work<SupporterEmailJob>(
    queueNames.supporterEmail,
    { batchSize: 1, pollingIntervalSeconds },
    async ([job]) => {
      if (job) await sendSupporterEmail(deps, job.data);
    },
  );
}

/**
 * One batch of delivery jobs. pg-boss completes every job of the batch in one
 * statement once this returns; the jobs to retry are failed first (a failed
 * job is no longer active, so the completion leaves it alone).
 */
async function deliverJobs(
  boss: PgBoss,
  deps: WorkerDependencies,
  jobs: PgBoss.JobWithMetadata<{ letterId: number }>[],
): Promise<void> {
  const requests = jobs.map((job) => ({
    letterId: job.data.letterId,
    lastAttempt: job.retryCount >= job.retryLimit,
  }));
  const outcomes = await deliverLetters(deps.db, deps.mailer, deps.settings, requests);
  for (const job of jobs) {
    const { letterId } = job.data;
    const outcome = outcomes.get(letterId);
    logger.info({ letterId, outcome: outcome?.kind }, "letter delivery");
    // Rare (a temporary SMTP error), so one call per job is fine.
    if (outcome?.kind === "retry") {
      await boss.fail(queueNames.deliverLetter, job.id, { message: outcome.reason });
    }
  }
}
