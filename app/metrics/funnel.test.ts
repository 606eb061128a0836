import { describe, expect, it } from "vitest";
import {
  dailyCountColumns,
  eachDailyColumn,
  type FunnelRow,
  funnelCountColumns,
  funnelCounts,
  funnelSteps,
  share,
} from "./funnel";

describe("the letter funnel", () => {
  it("reads a query's row, and counts zero where there is none", () => {
    const row = Object.fromEntries(funnelCountColumns.map((name, i) => [name, i + 1])) as FunnelRow;
    expect(funnelCounts(row)).toEqual({
      started: 1,
      confirmed: 2,
      sent: 3,
      delivered: 4,
      bounced: 5,
      replied: 6,
      repliedBySupporter: 7,
      repliedByEmail: 8,
    });
    expect(Object.values(funnelCounts(undefined))).toEqual(funnelCountColumns.map(() => 0));
  });

  it("gives each step its share of the letters started and of the step before", () => {
    const counts = { ...funnelCounts(undefined), started: 10, confirmed: 8, sent: 6 };
    const steps = funnelSteps({ ...counts, delivered: 5, bounced: 1, replied: 2 });
    expect(steps.map((step) => step.key)).toEqual([
      "started",
      "confirmed",
      "sent",
      "delivered",
      "bounced",
      "replied",
    ]);
    expect(steps[0]).toMatchObject({ label: "Started", ofStarted: 1, ofPrevious: null });
    // Delivered and bounced both split "sent"; replies are a share of what was delivered.
    expect(steps[3]).toMatchObject({ previous: "sent", ofPrevious: 5 / 6 });
    expect(steps[4]).toMatchObject({ previous: "sent", ofPrevious: 1 / 6 });
    expect(steps[5]).toMatchObject({ previous: "delivered", ofPrevious: 2 / 5, ofStarted: 0.2 });
  });

  it("counts the daily series by the tallies' events, in the funnel's order", () => {
    expect(dailyCountColumns).toEqual(["started", "confirmed", "sent", "bounced", "replied"]);
    expect(eachDailyColumn((name) => `${name}.n`)).toBe(
      "started.n, confirmed.n, sent.n, bounced.n, replied.n",
    );
  });

  it("has no share of nothing", () => {
    expect(share(0, 0)).toBeNull();
    expect(funnelSteps(funnelCounts(undefined)).every((step) => step.ofStarted === null)).toBe(
      true,
    );
  });
});
