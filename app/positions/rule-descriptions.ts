import { type MessageKey, translator } from "~/i18n/use-t";
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

/** What it takes to carry an ask under its rule: a catalogue message and its figures. */
export function ruleMessage(
  rule: DecisionRule,
  options: RuleDescriptionOptions = {},
): { key: MessageKey; values: Record<string, number> } {
  const members = (usual: number) => (options.memberCount ? options.memberCount : usual);
  switch (rule) {
    case "hrc_special_session": {
      const n = members(usualMembers.hrc);
      return { key: "rule.hrc_special_session", values: { needed: Math.ceil(n / 3), members: n } };
    }
    case "hrc_resolution":
      return { key: "rule.hrc_resolution", values: {} };
    case "unsc_substantive":
      return { key: "rule.unsc_substantive", values: { needed: 9 } };
    case "unsc_procedural":
      return {
        key: "rule.unsc_procedural",
        values: { needed: 9, members: members(usualMembers.unsc) },
      };
    case "unga_resolution":
      return {
        key: options.importantQuestion ? "rule.unga_important" : "rule.unga_resolution",
        values: {},
      };
    case "state_action":
      return { key: "rule.state_action", values: {} };
  }
}

/** The rule in one plain English sentence, for staff pages. */
export function describeRule(rule: DecisionRule, options: RuleDescriptionOptions = {}): string {
  const { key, values } = ruleMessage(rule, options);
  return translator(undefined).t(key, values);
}
