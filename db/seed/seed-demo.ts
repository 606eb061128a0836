import { eq } from "drizzle-orm";
import type { DbOrTx } from "~/lib/db.server";
import { asks, campaigns } from "../schema";

export const demoCampaignSlug = "iran-end-impunity";
export const demoCampaignTitle = "Iran: end impunity for the killing of protesters";

/**
 * The demo campaign, after the January 2026 calls for action on the killing of protesters in
 * Iran. Its asks start with no positions; `seedDemoPositions` adds the published ones.
 */
export async function seedDemoCampaign(db: DbOrTx): Promise<{ created: boolean }> {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(campaigns)
      .where(eq(campaigns.slug, demoCampaignSlug));
    if (existing) return { created: false };
    const [campaign] = await tx
      .insert(campaigns)
      .values({
        slug: demoCampaignSlug,
        title: demoCampaignTitle,
        summary:
          "Demo campaign: sample data to try Démarche with. In January 2026 Iran's security forces " +
          "killed protesters across the country. Human-rights organisations call on UN member " +
          "states to act: convene a special session of the Human Rights Council, have the Security " +
          "Council refer the situation to the International Criminal Court, set up an international " +
          "accountability mechanism and open universal-jurisdiction investigations.",
        publicText: demoPublicText,
        status: "open",
        startsOn: "2026-01-15",
        isDemo: true,
      })
      .returning();
    if (!campaign) throw new Error("demo campaign was not stored");
    await tx
      .insert(asks)
      .values(demoAsks.map((ask, position) => ({ ...ask, campaignId: campaign.id, position })));
    return { created: true };
  });
}

const demoPublicText = [
  "This is the demo campaign that ships with Démarche, so that a new organisation can see every " +
    "page working. Its asks follow the public calls of human-rights organisations; staff can " +
    "edit it, or start their own campaign from it.",
  "Each ask names the UN body that decides it and how many of its members must act. The map " +
    "and the tables show each state's public position, with its source, as staff record it. " +
    "Letters written here reach the foreign ministry of the supporter's own country.",
  "Background: [Human Rights Council special sessions](https://www.ohchr.org/en/hr-bodies/hrc/special-sessions) " +
    "and [the Security Council's referrals to the ICC](https://www.icc-cpi.int/about/how-the-court-works).",
].join("\n\n");

export const demoAsks = [
  {
    slug: "hrc-special-session",
    title: "Convene a special session of the Human Rights Council",
    description:
      "A third of the Council's members (16 of 47) can request a special session on the killings. " +
      "On 20 January 2026 Iceland, jointly with Germany, North Macedonia, the Republic of Moldova " +
      "and the United Kingdom, requested one; 21 members and 30 observer states supported the " +
      "request (OHCHR). The 39th special session met on 23 January 2026 and adopted a resolution " +
      "by 25 votes to 7, with 14 abstentions and 1 member absent, extending the fact-finding " +
      "mission and the Special Rapporteur on Iran (UN Geneva meeting summary). How each member " +
      "voted is not recorded here.",
    bodyCode: "hrc" as const,
    decisionRule: "hrc_special_session" as const,
  },
  {
    slug: "unsc-icc-referral",
    title: "Security Council: refer the situation in Iran to the ICC",
    description:
      "Under art. 13(b) of the Rome Statute the Security Council can refer the situation to the " +
      "International Criminal Court: 9 votes and no veto by a permanent member.",
    bodyCode: "unsc" as const,
    decisionRule: "unsc_substantive" as const,
  },
  {
    slug: "accountability-mechanism",
    title: "Set up an international accountability mechanism",
    description:
      "An independent investigative mechanism to collect and preserve evidence for future trials.",
    bodyCode: "unga" as const,
    decisionRule: "unga_resolution" as const,
  },
  {
    slug: "universal-jurisdiction",
    title: "Open universal-jurisdiction investigations",
    description:
      "National prosecutors investigate and prosecute those responsible, wherever they are.",
    bodyCode: null,
    decisionRule: "state_action" as const,
  },
  {
    slug: "unsc-meeting",
    title: "Security Council: hold a meeting on Iran",
    description:
      "Holding a meeting or putting an item on the agenda is a procedural decision (UN Charter " +
      "art. 27(2)): 9 of the 15 votes, and a permanent member's no is not a veto.",
    bodyCode: "unsc" as const,
    decisionRule: "unsc_procedural" as const,
  },
];
