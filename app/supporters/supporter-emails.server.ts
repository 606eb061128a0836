import { eq } from "drizzle-orm";
import { asks, campaigns, letters, states, supporters } from "#db/schema";
import { hashSecretToken } from "~/auth/secret-token.server";
import { campaignAndAskIn } from "~/campaigns/campaign-translations.server";
import type { WorkerDependencies } from "~/delivery/workers.server";
import { verifiedContact } from "~/letters/compose.server";
import {
  confirmationHours,
  enqueueSupporterEmail,
  lettersFromCountry,
  type SupporterEmailJob,
} from "~/letters/letters.server";
import { fallbackTarget, type TargetKind } from "~/letters/targets";
import { logger } from "~/lib/logger.server";
import type { FollowUpAnswer } from "~/responses/follow-up";
import { formatLetterDate, renderSupporterEmail } from "~/templates/letter-template";
import { emailLayout, fileTemplate } from "~/templates/template-files.server";
import {
  confirmTokenFor,
  followUpTokenFor,
  manageLinkDays,
  manageTokenFor,
} from "./supporter-tokens.server";

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
  // In the page language the supporter wrote in, whatever the letter's language.
  const template = fileTemplate(job.kind, letter.supporterLanguage);
  const contact = await verifiedContact(db, letter.stateIso3, letter.targetKind as TargetKind);
  const fallback =
    fallbackTarget[letter.targetKind][template.language] ?? fallbackTarget[letter.targetKind].en;
  // The pages behind the links open in the language the supporter wrote in, whatever the browser.
  const page = (path: string) => `${deps.settings.appUrl}${path}?lang=${template.language}`;
  const confirming = isConfirmation(job);
  const manageToken = await renewManageLinks(db, supporter.id);
  const links = {
    unsubscribe: page(`/s/${manageToken}/unsubscribe`),
    deleteData: page(`/s/${manageToken}/delete`),
    ...(confirming && letter.confirmExpiresAt
      ? {
          confirm: page(
            `/confirm/${confirmTokenFor({ ...letter, confirmExpiresAt: letter.confirmExpiresAt })}`,
          ),
        }
      : {}),
    ...(isFollowUp(job) && letter.followUpToken
      ? followUpLinks(page, await renewFollowUpLinks(db, letter.id))
      : {}),
  };
  const layout = emailLayout();
  const email = renderSupporterEmail({
    bodySource: template.body,
    footerSource: template.footer,
    layoutHtml: layout.html,
    layoutText: layout.text,
    subject: template.subject,
    // Anyone can type anyone's address: a confirmation carries nothing of what
    // was typed but the name (the supporter's own, once they wrote before).
    variables: {
      supporter: { name: supporter.name ?? "", city: confirming ? null : supporter.city },
      personalParagraph: confirming ? null : letter.personalParagraph,
      target: {
        name: contact?.name ?? fallback?.name ?? "",
        salutation: contact?.salutations[template.language] ?? fallback?.salutation ?? "",
        kind: letter.targetKind,
      },
      state: { name: state.names[template.language] ?? state.name, stance: "no_information" },
      // The campaign's and ask's titles in the e-mail's language where staff translated them.
      ...(await campaignAndAskIn(db, campaign, ask, template.language)),
      // The follow-up asks about a letter sent weeks ago: it names that letter's date.
      date: formatLetterDate(
        isFollowUp(job) ? (letter.sentAt ?? new Date()) : new Date(),
        template.language,
      ),
      language: template.language,
      links,
      letter: { subject: letter.subject, body: confirming ? "" : (letter.body ?? "") },
      expiresInHours: confirmationHours,
      countryLetters:
        job.kind === "receipt"
          ? await lettersFromCountry(db, campaign.id, letter.stateIso3)
          : undefined,
    },
  });
  await deps.mailer.send({
    from: campaign.senderEmail ?? deps.settings.mailFrom,
    to: [{ name: "", address: to }],
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

/**
 * The supporter's manage token for an e-mail about to go: its hash is stored
 * and its links work for `manageLinkDays` from now.
 */
async function renewManageLinks(db: WorkerDependencies["db"], supporterId: number) {
  const token = manageTokenFor(supporterId);
  await db
    .update(supporters)
    .set({
      manageToken: hashSecretToken(token),
      manageTokenExpiresAt: new Date(Date.now() + manageLinkDays * 86_400_000),
    })
    .where(eq(supporters.id, supporterId));
  return token;
}

/**
 * The letter's follow-up token, its hash stored as it is now derived (a letter
 * sent before tokens were derived had a random one).
 */
async function renewFollowUpLinks(db: WorkerDependencies["db"], letterId: number) {
  const token = followUpTokenFor(letterId);
  await db
    .update(letters)
    .set({ followUpToken: hashSecretToken(token) })
    .where(eq(letters.id, letterId));
  return token;
}

const followUpReminderDays = 7;

function isConfirmation(job: SupporterEmailJob): boolean {
  return job.kind === "confirmation" || job.kind === "confirmation-reminder";
}

function isFollowUp(job: SupporterEmailJob): boolean {
  return job.kind === "follow-up" || job.kind === "follow-up-reminder";
}

/** The three one-click answers; the page behind each asks once more before recording. */
function followUpLinks(page: (path: string) => string, token: string) {
  // Typed by the answers the follow-up page knows, so a link never points at one it refuses.
  const link = (answer: FollowUpAnswer) => page(`/r/${token}/${answer}`);
  return {
    followUpYes: link("replied"),
    followUpAck: link("acknowledged"),
    followUpNoReply: link("no-reply"),
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
      return letter.status === "awaiting_confirmation" && linkStillValid(letter);
    case "confirmation-reminder":
      return (
        letter.status === "awaiting_confirmation" &&
        linkStillValid(letter) &&
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

/**
 * The link made again from the row must be the one stored: a SESSION_SECRET
 * changed since the submission would make a link that confirms nothing.
 */
function linkStillValid(letter: typeof letters.$inferSelect): boolean {
  const { confirmExpiresAt, confirmTokenHash } = letter;
  if (!confirmExpiresAt || !confirmTokenHash) return false;
  const token = confirmTokenFor({ id: letter.id, confirmExpiresAt });
  if (hashSecretToken(token) === confirmTokenHash) return true;
  logger.warn(
    { letterId: letter.id },
    "confirmation link no longer matches: was SESSION_SECRET changed?",
  );
  return false;
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
