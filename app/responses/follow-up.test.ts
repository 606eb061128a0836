import { describe, expect, it } from "vitest";
import { followUpAnswers, isFollowUpAnswer } from "./follow-up";

describe("follow-up answers", () => {
  it("knows the three answers of the e-mail's links, and the report each files", () => {
    expect(Object.keys(followUpAnswers).filter(isFollowUpAnswer)).toEqual([
      "replied",
      "acknowledged",
      "no-reply",
    ]);
    expect(followUpAnswers["no-reply"]).toBe("no_reply");
  });

  it("refuses anything else, the object's own machinery included", () => {
    for (const value of [undefined, "", "no_reply", "Replied", "toString", "__proto__"]) {
      expect(isFollowUpAnswer(value), String(value)).toBe(false);
    }
  });
});
