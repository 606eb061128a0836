import { startLetterWorkers } from "~/delivery/workers.server";
import { connectDatabase } from "~/lib/db.server";
import { smtpMailer } from "~/lib/mail.server";
import { createQueue, queueNames } from "~/lib/queue.server";

/**
 * The letter worker in a process of its own, so a test can SIGKILL it mid-send:
 * the handlers `npm start` runs, on a pg-boss that runs its maintenance every
 * second, so a job abandoned by a killed worker expires and is retried within
 * the test. Started with `node --import tsx`; env DATABASE_URL and SMTP_URL.
 * Writes "ready" on stdout once its workers poll.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const databaseUrl = required("DATABASE_URL");
const database = connectDatabase(databaseUrl, { max: 4 });
const mailer = smtpMailer(required("SMTP_URL"));
const boss = createQueue(databaseUrl, {
  supervise: true,
  maintenanceIntervalSeconds: 1,
  schedule: false,
});

await boss.start();
await startLetterWorkers(
  boss,
  {
    db: database.db,
    mailer,
    settings: { mailFrom: "Démarche <letters@act.example.org>", appUrl: "http://localhost:3000" },
  },
  // One letter in flight, so the kill lands mid-send of exactly the held letter. With
  // batches, a batch mate whose SMTP server had already answered 250 but whose commit
  // had not landed would be sent again (same Message-ID): SMTP cannot do better than
  // that, see docs/decisions/003-queue.md.
  { pollingIntervalSeconds: 0.5, batchSize: 1 },
);
// Only letters reach the SMTP server, so a test counting messages knows which
// one it holds up. Supporter e-mails are covered by letter-delivery.test.ts.
await boss.offWork(queueNames.supporterEmail);
process.stdout.write("ready\n");

process.once("SIGTERM", async () => {
  await boss.stop({ graceful: false, wait: true, timeout: 2000 });
  mailer.close();
  await database.close();
  process.exit(0);
});
