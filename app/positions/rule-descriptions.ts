import type { DecisionRule } from "./stance";

/** The rule's name in the ask form's choice list. */
export const ruleLabels: Record<DecisionRule, string> = {
  hrc_special_session: "Human Rights Council: special session",
  hrc_resolution: "Human Rights Council: resolution",
  unsc_substantive: "Security Council: substantive decision",
  unsc_procedural: "Security Council: procedural decision (a meeting, the agenda)",
  unga_resolution: "General Assembly: resolution",
  state_action: "Each state acts on its own",
};

/** Members each body has when its membership for the day is not known yet. */
const usualMembers = { hrc: 47, unsc: 15, unga: 193 } as const;

export interface RuleDescriptionOptions {
  /** The deciding body's members on the decision date; the body's usual size without it. */
  memberCount?: number;
  importantQuestion?: boolean;
}

/** What it takes to carry an ask under its rule, in one plain sentence. */
export function describeRule(rule: DecisionRule, options: RuleDescriptionOptions = {}): string {
  const members = (usual: number) => (options.memberCount ? options.memberCount : usual);
  switch (rule) {
    case "hrc_special_session": {
      const n = members(usualMembers.hrc);
      return `${Math.ceil(n / 3)} of the ${n} Human Rights Council members must ask.`;
    }
    case "hrc_resolution":
      return "More Human Rights Council members voting yes than no; abstentions do not count.";
    case "unsc_substantive":
      return "9 Security Council votes and no permanent member voting no.";
    case "unsc_procedural":
      return `9 of the ${members(usualMembers.unsc)} Security Council votes; a permanent member's no is not a veto.`;
    case "unga_resolution":
      return options.importantQuestion
        ? "Two thirds of the General Assembly members present and voting (an important question)."
        : "More General Assembly members voting yes than no; abstentions do not count.";
    case "state_action":
      return "No vote: each state acts on its own, so there is no threshold.";
  }
}
