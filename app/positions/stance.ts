/**
 * A state's position on an ask. Before a vote it is a stance; once a vote has
 * happened, the recorded vote replaces it.
 */
export const stances = [
  "supports",
  "leaning_support",
  "undecided",
  "leaning_oppose",
  "opposes",
  "abstain",
  "no_information",
] as const;
export type Stance = (typeof stances)[number];

export const recordedVotes = ["yes", "no", "abstain", "absent"] as const;
export type RecordedVote = (typeof recordedVotes)[number];

export type Position = Stance | RecordedVote;
// "abstain" is both an intention and a recorded vote: one value serves both.
export const positions: readonly Position[] = [
  ...new Set<Position>([...stances, ...recordedVotes]),
];

export const regionalGroups = [
  "African",
  "Asia-Pacific",
  "Eastern European",
  "GRULAC",
  "WEOG",
] as const;
export type RegionalGroup = (typeof regionalGroups)[number];

export const decisionRules = [
  "hrc_special_session",
  "hrc_resolution",
  "unsc_substantive",
  "unsc_procedural",
  "unga_resolution",
  "state_action",
] as const;
export type DecisionRule = (typeof decisionRules)[number];

export const stanceLabels: Record<Position, string> = {
  supports: "Supports",
  leaning_support: "Leaning support",
  undecided: "Undecided",
  leaning_oppose: "Leaning oppose",
  opposes: "Opposes",
  abstain: "Abstain",
  no_information: "No information",
  yes: "Voted yes",
  no: "Voted no",
  absent: "Absent",
};
