import type { ReportKind } from "./review-queue.server";

/** The three answers of the follow-up e-mail, as they appear in its links. */
export const followUpAnswers = {
  replied: "replied",
  acknowledged: "acknowledged",
  "no-reply": "no_reply",
} as const satisfies Record<string, ReportKind>;
export type FollowUpAnswer = keyof typeof followUpAnswers;

export function isFollowUpAnswer(value: string | undefined): value is FollowUpAnswer {
  return value !== undefined && Object.hasOwn(followUpAnswers, value);
}
