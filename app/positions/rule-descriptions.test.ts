import { describe, expect, it } from "vitest";
import { describeRule, ruleLabels } from "./rule-descriptions";
import { decisionRules } from "./stance";

describe("describeRule", () => {
  it("gives the special session threshold for the membership on the day", () => {
    expect(describeRule("hrc_special_session", { memberCount: 47 })).toBe(
      "16 of the 47 Human Rights Council members must ask.",
    );
    expect(describeRule("hrc_special_session", { memberCount: 46 })).toBe(
      "16 of the 46 Human Rights Council members must ask.",
    );
    expect(describeRule("hrc_special_session")).toBe(
      "16 of the 47 Human Rights Council members must ask.",
    );
  });

  it("tells the Security Council's substantive and procedural rules apart", () => {
    expect(describeRule("unsc_substantive")).toBe(
      "9 Security Council votes and no permanent member voting no.",
    );
    expect(describeRule("unsc_procedural", { memberCount: 15 })).toBe(
      "9 of the 15 Security Council votes; a permanent member's no is not a veto.",
    );
  });

  it("says when a General Assembly ask needs two thirds", () => {
    expect(describeRule("unga_resolution")).toMatch(/^More General Assembly members voting yes/);
    expect(describeRule("unga_resolution", { importantQuestion: true })).toMatch(
      /^Two thirds of the General Assembly members present and voting/,
    );
  });

  it("has a label and a sentence for every rule", () => {
    for (const rule of decisionRules) {
      expect(ruleLabels[rule]).toBeTruthy();
      expect(describeRule(rule)).toMatch(/\.$/);
    }
  });
});
