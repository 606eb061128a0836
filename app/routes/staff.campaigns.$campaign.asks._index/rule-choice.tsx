import { describeRule, ruleLabels } from "~/positions/rule-descriptions";
import type { DecisionRule } from "~/positions/stance";

/** One decision rule as a radio, its plain-language line read out with it. */
export function RuleChoice({ rule, checked }: { rule: DecisionRule; checked: boolean }) {
  const hintId = `rule-${rule}-hint`;
  return (
    <label className="choice">
      <input
        type="radio"
        name="rule"
        value={rule}
        defaultChecked={checked}
        aria-describedby={hintId}
      />{" "}
      {ruleLabels[rule]}
      <span id={hintId} className="muted">
        {" "}
        — {describeRule(rule)}
      </span>
    </label>
  );
}
