import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type MemberPosition, tallyAsk } from "~/positions/decision-rules";
import type { Position } from "~/positions/stance";
import { tallyFigures } from "~/positions/tracker";
import { TallySummary } from "./tally-summary";

/** Russia and China as permanent members, and 13 others voting `others`. */
function council(russia: Position, others: Position): MemberPosition[] {
  const permanent = [
    { iso3: "RUS", name: "Russia" },
    { iso3: "CHN", name: "China" },
  ].map((s) => ({ ...s, regionalGroup: null, permanent: true, position: russia }));
  const elected = Array.from({ length: 13 }, (_, i) => ({
    iso3: `E${i}`,
    name: `Elected ${i}`,
    regionalGroup: null,
    permanent: false,
    position: others,
  }));
  return [...permanent, ...elected];
}

function card(rule: "unsc_substantive" | "unsc_procedural", members: MemberPosition[]): string {
  const tally = tallyAsk({ rule, members });
  const names = new Map(members.map((m) => [m.iso3, m.name]));
  return renderToStaticMarkup(
    createElement(TallySummary, {
      title: "Ask",
      figures: tallyFigures(tally, names, { swing: false }),
    }),
  );
}

describe("a tally card", () => {
  it("says what follows a veto of a substantive Security Council ask: GA res. 76/262", () => {
    const html = card("unsc_substantive", council("no", "yes"));
    expect(html).toContain("vetoed by China and Russia");
    expect(html).toContain("General Assembly resolution 76/262");
    expect(html).toContain("within ten working days");
  });

  it("has no veto follow-up without a veto, nor on a procedural ask", () => {
    expect(card("unsc_substantive", council("abstain", "yes"))).not.toContain("76/262");
    const procedural = card("unsc_procedural", council("no", "yes"));
    expect(procedural).not.toContain("76/262");
    expect(procedural).toContain("a permanent member&#x27;s no is not a veto");
  });
});
