import { eq } from "drizzle-orm";
import { z } from "zod";
import { campaigns } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import { forgetCachedCampaigns } from "./campaigns.server";

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on");

const wholeNumber = (label: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be at least ${min}`)
    .max(max, `${label} must be at most ${max}`);

/** How a campaign's letters are addressed and sent, as staff set it. */
export const campaignSettingsSchema = z
  .object({
    targetMinistry: checkbox,
    targetGeneva: checkbox,
    targetNewYork: checkbox,
    senderEmail: z
      .string()
      .trim()
      .max(254)
      .refine((v) => v === "" || z.email().safeParse(v).success, "Enter an e-mail address")
      .transform((v) => (v === "" ? null : v)),
    confirmBeforeSend: checkbox,
    replyToSupporter: checkbox,
    copyToSupporter: checkbox,
    lettersPerTargetPerHour: wholeNumber("Letters per office per hour", 1, 10_000),
    officeHoursOnly: checkbox,
    followUpDays: wholeNumber("Days before the follow-up", 1, 365),
    retentionDays: wholeNumber("Days before supporters' words are erased", 7, 3650),
  })
  .refine((v) => v.targetMinistry || v.targetGeneva || v.targetNewYork, {
    message: "Choose at least one office to write to",
    path: ["targetMinistry"],
  });

export type CampaignSettingsInput = z.infer<typeof campaignSettingsSchema>;

type StoredSettings = Pick<
  typeof campaigns.$inferSelect,
  | "targetKinds"
  | "senderEmail"
  | "confirmBeforeSend"
  | "replyToSupporter"
  | "copyToSupporter"
  | "lettersPerTargetPerHour"
  | "officeHoursOnly"
  | "followUpDays"
  | "retentionDays"
>;

/** A new campaign's settings: the columns' defaults, as the form shows them. */
export const defaultCampaignSettings: StoredSettings = {
  targetKinds: ["ministry"],
  senderEmail: null,
  confirmBeforeSend: true,
  replyToSupporter: true,
  copyToSupporter: false,
  lettersPerTargetPerHour: 30,
  officeHoursOnly: false,
  followUpDays: 14,
  retentionDays: 90,
};

/** Stored settings as the form's fields ("on" for a ticked box). */
export function settingsFormValues(c: StoredSettings): Record<string, string> {
  const on = (ticked: boolean) => (ticked ? "on" : "");
  return {
    targetMinistry: on(c.targetKinds.includes("ministry")),
    targetGeneva: on(c.targetKinds.includes("geneva")),
    targetNewYork: on(c.targetKinds.includes("new_york")),
    senderEmail: c.senderEmail ?? "",
    confirmBeforeSend: on(c.confirmBeforeSend),
    replyToSupporter: on(c.replyToSupporter),
    copyToSupporter: on(c.copyToSupporter),
    lettersPerTargetPerHour: String(c.lettersPerTargetPerHour),
    officeHoursOnly: on(c.officeHoursOnly),
    followUpDays: String(c.followUpDays),
    retentionDays: String(c.retentionDays),
  };
}

/**
 * Who letters come from and whether supporters must confirm their address
 * decide who can mail through us in the organisation's name: admins only.
 * An editor's form carries the stored values (or a new campaign's starting
 * ones), whatever was posted.
 */
export function keepAdminOnlySettings(
  form: FormData,
  stored: { senderEmail: string | null; confirmBeforeSend: boolean },
) {
  form.set("senderEmail", stored.senderEmail ?? "");
  if (stored.confirmBeforeSend) form.set("confirmBeforeSend", "on");
  else form.delete("confirmBeforeSend");
}

/** The settings as the campaigns table stores them. */
export function settingsColumns(input: CampaignSettingsInput) {
  const targetKinds = [
    ...(input.targetMinistry ? (["ministry"] as const) : []),
    ...(input.targetGeneva ? (["geneva"] as const) : []),
    ...(input.targetNewYork ? (["new_york"] as const) : []),
  ];
  return {
    targetKinds,
    senderEmail: input.senderEmail,
    confirmBeforeSend: input.confirmBeforeSend,
    replyToSupporter: input.replyToSupporter,
    copyToSupporter: input.copyToSupporter,
    lettersPerTargetPerHour: input.lettersPerTargetPerHour,
    officeHoursOnly: input.officeHoursOnly,
    followUpDays: input.followUpDays,
    retentionDays: input.retentionDays,
  };
}

export async function updateCampaignSettings(
  db: DbOrTx,
  actor: Actor,
  campaignId: number,
  input: CampaignSettingsInput,
): Promise<void> {
  const settings = settingsColumns(input);
  await db.transaction(async (tx) => {
    await tx.update(campaigns).set(settings).where(eq(campaigns.id, campaignId));
    await recordAudit(tx, actor, {
      action: "campaign.settings",
      entityType: "campaign",
      entityId: campaignId,
      details: { ...settings, senderEmail: settings.senderEmail ? "set" : null },
    });
  });
  forgetCachedCampaigns();
}
