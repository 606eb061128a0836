import { describe, expect, it } from "vitest";
import {
  allowedStatusChanges,
  campaignStatuses,
  statusChangeLabel,
  statusChangeRefusal,
} from "./campaign-lifecycle";

describe("campaign lifecycle", () => {
  it.each([
    ["draft", "open"],
    ["open", "paused"],
    ["open", "closed"],
    ["paused", "open"],
    ["paused", "closed"],
    ["closed", "open"],
  ] as const)("allows %s → %s", (from, to) => {
    expect(statusChangeRefusal(from, to)).toBeNull();
    expect(allowedStatusChanges(from)).toContain(to);
  });

  it.each([
    ["draft", "paused"],
    ["draft", "closed"],
    ["open", "draft"],
    ["paused", "draft"],
    ["closed", "draft"],
    ["closed", "paused"],
  ] as const)("refuses %s → %s and says what is possible", (from, to) => {
    const refusal = statusChangeRefusal(from, to);
    expect(refusal).toMatch(new RegExp(`from "${from}" it can become`));
    expect(allowedStatusChanges(from)).not.toContain(to);
  });

  it("treats the same status as no change", () => {
    for (const status of campaignStatuses) expect(statusChangeRefusal(status, status)).toBeNull();
  });

  it("names the buttons", () => {
    expect(statusChangeLabel("draft", "open")).toBe("Open the campaign");
    expect(statusChangeLabel("closed", "open")).toBe("Reopen the campaign");
    expect(statusChangeLabel("open", "paused")).toBe("Pause letters");
  });
});
