/** A campaign's life: drafted in private, open for letters, paused, closed (and reopened). */
export const campaignStatuses = ["draft", "open", "paused", "closed"] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/** The changes staff may make; a draft goes public only by opening, and never goes back. */
const nextStatuses: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ["open"],
  open: ["paused", "closed"],
  paused: ["open", "closed"],
  closed: ["open"],
};

export function allowedStatusChanges(from: CampaignStatus): readonly CampaignStatus[] {
  return nextStatuses[from];
}

export const statusLabels: Record<CampaignStatus, string> = {
  draft: "Draft",
  open: "Open",
  paused: "Paused",
  closed: "Closed",
};

/** What each status means, for staff choosing one. */
export const statusDescriptions: Record<CampaignStatus, string> = {
  draft: "Not public: only staff can preview its page.",
  open: "Public, and supporters can write letters.",
  paused: "Public, but letters are paused: no new letters, and queued ones wait.",
  closed: "Public record only: no form, and letters still awaiting confirmation are not sent.",
};

/** The button that moves a campaign from `from` to `to`. */
export function statusChangeLabel(from: CampaignStatus, to: CampaignStatus): string {
  if (to === "open") return from === "draft" ? "Open the campaign" : "Reopen the campaign";
  if (to === "paused") return "Pause letters";
  if (to === "closed") return "Close the campaign";
  return `Make it a ${to}`;
}

/** Why a change is refused, or null when it is allowed. Staying put is no change. */
export function statusChangeRefusal(from: CampaignStatus, to: CampaignStatus): string | null {
  if (from === to || nextStatuses[from].includes(to)) return null;
  const allowed = nextStatuses[from].map((s) => `"${s}"`).join(" or ");
  if (to === "draft") {
    return `A campaign that has been public cannot become a draft again; from "${from}" it can become ${allowed}`;
  }
  return `A campaign cannot go from "${from}" to "${to}"; from "${from}" it can become ${allowed}`;
}
