import { eq } from "drizzle-orm";
import { asks, campaigns, letters, states, supporters } from "#db/schema";
import { logger } from "~/lib/logger.server";
import { verifiedContact } from "./compose.server";
import { formatLetterDate, renderSupporterEmail } from "./letter-template";
import {
  confirmationHours,
  enqueueSupporterEmail,
  lettersFromCountry,
  type SupporterEmailJob,
} from "./letters.server";
import { fallbackTarget, type TargetKind } from "./targets";
import { emailLayout, fileTemplate } from "./template-files.server";
import type { WorkerDependencies } from "./workers.server";

/**
 * Sends one e-mail to a supporter about their letter. Each kind first checks
 * that it still makes sense (a reminder for a letter already confirmed is
 * dropped), so a late or repeated job sends nothing wrong.
 */
export async function sendSupporterEmail(
  deps: WorkerDependencies,
  job: SupporterEmailJob,
): Promise<void> {
  const { db } = deps;
  const [row] = await db
    .select({
      letter: letters,
      supporter: supporters,
      campaign: campaigns,
      ask: asks,
      state: states,
    })
    .from(letters)
    .innerJoin(supporters, eq(supporters.id, letters.supporterId))
    .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
    .innerJoin(asks, eq(asks.id, letters.askId))
    .innerJoin(states, eq(states.iso3, letters.stateIso3))
    .where(eq(letters.id, job.letterId));
  if (!row?.supporter.email || row.supporter.anonymisedAt) return;
  if (!stillWanted(job, row.letter, row.supporter)) return;
  // A closed campaign sends no more letters, so it does not ask for confirmations either.
  if (row.campaign.status === "closed" && job.kind.startsWith("confirmation")) return;

  const { letter, supporter, campaign, ask, state } = row;
  const to = supporter.email;
  if (!to) return;
  const template = fileTemplate(job.kind, letter.language);
  const contact = await verifiedContact(db, letter.stateIso3, letter.targetKind as TargetKind);
  const fallback =
    fallbackTarget[letter.targetKind][template.language] ?? fallbackTarget[letter.targetKind].en;
  const appUrl = deps.settings.appUrl;
  const links = {
    unsubscribe: `${appUrl}/s/${supporter.manageToken}/unsubscribe`,
    deleteData: `${appUrl}/s/${supporter.manageToken}/delete`,
    ...("token" in job ? { confirm: `${appUrl}/confirm/${job.token}` } : {}),
    ...(isFollowUp(job) && letter.followUpToken ? followUpLinks(appUrl, letter.followUpToken) : {}),
  };
  const layout = emailLayout();
  const email = renderSupporterEmail({
    bodySource: template.body,
    footerSource: template.footer,
    layoutHtml: layout.html,
    layoutText: layout.text,
    subject: template.subject,
    variables: {
      supporter: { name: supporter.name ?? "", city: supporter.city },
      personalParagraph: letter.personalParagraph,
      target: {
        name: contact?.name ?? fallback?.name ?? "",
        salutation: contact?.salutations[template.language] ?? fallback?.salutation ?? "",
        kind: letter.targetKind,
      },
      state: { name: state.names[template.language] ?? state.name, stance: "no_information" },
      ask: { title: ask.title, description: ask.description },
      campaign: { title: campaign.title },
      // The follow-up asks about a letter sent weeks ago: it names that letter's date.
      date: formatLetterDate(
        isFollowUp(job) ? (letter.sentAt ?? new Date()) : new Date(),
        template.language,
      ),
      language: template.language,
      links,
      letter: { subject: letter.subject, body: letter.body ?? "" },
      expiresInHours: confirmationHours,
      countryLetters:
        job.kind === "receipt"
          ? await lettersFromCountry(db, campaign.id, letter.stateIso3)
          : undefined,
    },
  });
  await deps.mailer.send({
    from: campaign.senderEmail ?? deps.settings.mailFrom,
    to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: {
      "List-Unsubscribe": `<${links.unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "Auto-Submitted": "auto-generated",
    },
  });
  if (job.kind === "confirmation-reminder") {
    await db
      .update(letters)
      .set({ confirmReminderSentAt: new Date() })
      .where(eq(letters.id, letter.id));
  }
  if (job.kind === "follow-up") await afterFollowUp(db, letter.id);
  logger.info({ letterId: letter.id, kind: job.kind }, "supporter e-mail sent");
}

const followUpReminderDays = 7;

function isFollowUp(job: SupporterEmailJob): boolean {
  return job.kind === "follow-up" || job.kind === "follow-up-reminder";
}

/** The three one-click answers; the page behind each asks once more before recording. */
export function followUpLinks(appUrl: string, token: string) {
  return {
    followUpYes: `${appUrl}/r/${token}/replied`,
    followUpAck: `${appUrl}/r/${token}/acknowledged`,
    followUpNoReply: `${appUrl}/r/${token}/no-reply`,
  };
}

/** Marks the question asked and schedules its one reminder, together. */
async function afterFollowUp(db: WorkerDependencies["db"], letterId: number) {
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.update(letters).set({ followUpSentAt: now }).where(eq(letters.id, letterId));
    await enqueueSupporterEmail(
      tx,
      { kind: "follow-up-reminder", letterId },
      new Date(now.getTime() + followUpReminderDays * 86_400_000),
    );
  });
}

function stillWanted(
  job: SupporterEmailJob,
  letter: typeof letters.$inferSelect,
  supporter: typeof supporters.$inferSelect,
): boolean {
  switch (job.kind) {
    case "confirmation":
      return letter.status === "awaiting_confirmation";
    case "confirmation-reminder":
      return (
        letter.status === "awaiting_confirmation" &&
        !letter.confirmReminderSentAt &&
        (!letter.confirmExpiresAt || letter.confirmExpiresAt > new Date())
      );
    case "receipt":
      return letter.status === "sent" && !supporter.unsubscribedAt;
    // Never once answered; the question goes out once, its reminder only after it.
    case "follow-up":
      return followUpOpen(letter, supporter) && !letter.followUpSentAt;
    case "follow-up-reminder":
      return followUpOpen(letter, supporter) && letter.followUpSentAt !== null;
  }
}

function followUpOpen(
  letter: typeof letters.$inferSelect,
  supporter: typeof supporters.$inferSelect,
): boolean {
  return (
    letter.status === "sent" &&
    !supporter.unsubscribedAt &&
    letter.followUpToken !== null &&
    letter.followUpAnsweredAt === null
  );
}
