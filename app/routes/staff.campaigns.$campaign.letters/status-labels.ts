import type { LetterStatus } from "~/letters/letters.server";
import type { PendingStatus } from "~/letters/suppression.server";

export const statusLabels: Record<LetterStatus, string> = {
  awaiting_confirmation: "Awaiting confirmation",
  awaiting_contact: "Awaiting contact",
  queued: "Queued",
  sent: "Sent",
  failed: "Failed",
  bounced: "Bounced",
  suppressed: "Suppressed",
};

export const statuses = Object.keys(statusLabels) as LetterStatus[];

export const pendingOrder: PendingStatus[] = [
  "queued",
  "awaiting_contact",
  "awaiting_confirmation",
];

export function utc(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}
