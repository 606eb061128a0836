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
    status: z.enum(["draft", "active", "closed"], { message: "Choose draft, active or closed" }),
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

export async function updateCampaignSettings(
  db: DbOrTx,
  actor: Actor,
  campaignId: number,
  input: CampaignSettingsInput,
): Promise<void> {
  const targetKinds = [
    ...(input.targetMinistry ? (["ministry"] as const) : []),
    ...(input.targetGeneva ? (["geneva"] as const) : []),
    ...(input.targetNewYork ? (["new_york"] as const) : []),
  ];
  const settings = {
    status: input.status,
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
