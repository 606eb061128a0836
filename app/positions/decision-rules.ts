import { IntlMessageFormat } from "intl-messageformat";
import english from "../i18n/messages/en.json";
import type { MessageKey } from "../i18n/use-t";
import {
  type DecisionRule,
  type Position,
  positions,
  type RegionalGroup,
  regionalGroups,
} from "./stance";

export interface MemberPosition {
  iso3: string;
  name: string;
  regionalGroup: RegionalGroup | null;
  permanent: boolean;
  position: Position;
  /** The day of the observation behind `position`; absent when nothing is known. */
  observedOn?: string;
}

export interface TallyInput {
  rule: DecisionRule;
  /** The deciding body's members as of the decision date (all 193 states for state_action). */
  members: MemberPosition[];
  /** Other states' positions; only listed as co-signers for hrc_special_session, never counted. */
  nonMembers?: MemberPosition[];
  /** GA: an "important question" needs two thirds of members present and voting. */
  importantQuestion?: boolean;
}

export type Verdict =
  | { status: "reached" }
  | { status: "short"; missing: number }
  | { status: "vetoed"; vetoedBy: string[] }
  | { status: "not_applicable" };

export type SwingGroupName = RegionalGroup | "No group";

export interface SwingState {
  iso3: string;
  name: string;
  position: Position;
}

export interface SwingGroup {
  group: SwingGroupName;
  states: SwingState[];
}

export interface Tally {
  rule: DecisionRule;
  /** As asked: only the General Assembly's rule counts it (two thirds). */
  importantQuestion: boolean;
  memberCount: number;
  /**
   * Votes or requests needed in the firm scenario: ceil(n/3) for an HRC special session, 9 for
   * the UNSC, and for majority rules the yes votes needed given the current firm no votes.
   * Null for state_action, which has no threshold.
   */
  threshold: number | null;
  /** supports + yes among members. */
  firm: number;
  /** leaning_support among members. */
  leaning: number;
  /** opposes + no among members. */
  against: number;
  /** leaning_oppose among members. */
  leaningAgainst: number;
  /** Every position among members, zero-filled. */
  counts: Record<Position, number>;
  /** Counting only firm positions. */
  verdictFirm: Verdict;
  /** Counting leaners as they lean. */
  verdictWithLeaning: Verdict;
  /** Members still worth lobbying, by regional group. */
  swing: SwingGroup[];
  /** hrc_special_session only; [] otherwise. */
  coSigners: Array<{ iso3: string; name: string }>;
  /** state_action only: states that have acted (recorded `yes`). */
  acted?: number;
  /** state_action only: states committed to act (`supports`). */
  committed?: number;
  /** state_action only: states refusing (`opposes` or `no`). */
  refuses?: number;
  /** One plain English sentence describing progress in the firm scenario (the API's, staff's). */
  summary: string;
  /** The same sentence as a catalogue message, for pages in other languages. */
  summaryMessage: SummaryMessage;
}

/** A tally's sentence: a key of the `summary.*` messages and its counts; `states` are the vetoers. */
export interface SummaryMessage {
  key: SummaryKey;
  values: Record<string, number>;
  vetoedBy?: string[];
}

export type SummaryKey = Extract<MessageKey, `summary.${string}`>;

const firmYes: ReadonlySet<Position> = new Set<Position>(["supports", "yes"]);
const firmNo: ReadonlySet<Position> = new Set<Position>(["opposes", "no"]);
const leaningNo: ReadonlySet<Position> = new Set<Position>(["opposes", "no", "leaning_oppose"]);
const swingPositions: ReadonlySet<Position> = new Set<Position>([
  "undecided",
  "leaning_support",
  "leaning_oppose",
  "abstain",
  "no_information",
]);
const swingGroupOrder: readonly SwingGroupName[] = [...regionalGroups, "No group"];

/** UN Charter art. 27(2)-(3): nine affirmative votes are needed, on procedure and on substance. */
const unscAffirmativeVotes = 9;

/** What a single rule contributes to a tally; the shared counts are computed once. */
type RuleOutcome = Pick<
  Tally,
  "threshold" | "verdictFirm" | "verdictWithLeaning" | "summaryMessage"
> &
  Partial<Pick<Tally, "acted" | "committed" | "refuses">>;

interface RuleContext {
  members: MemberPosition[];
  counts: Record<Position, number>;
  firm: number;
  leaning: number;
  against: number;
  leaningAgainst: number;
  coSigners: Tally["coSigners"];
  importantQuestion: boolean;
}

export function tallyAsk(input: TallyInput): Tally {
  const { rule, members } = input;
  const counts = countPositions(members);
  const context: RuleContext = {
    members,
    counts,
    firm: counts.supports + counts.yes,
    leaning: counts.leaning_support,
    against: counts.opposes + counts.no,
    leaningAgainst: counts.leaning_oppose,
    coSigners: rule === "hrc_special_session" ? coSigners(members, input.nonMembers ?? []) : [],
    importantQuestion: input.importantQuestion ?? false,
  };
  const outcome = applyRule(rule, context);
  return {
    rule,
    importantQuestion: context.importantQuestion,
    memberCount: members.length,
    firm: context.firm,
    leaning: context.leaning,
    against: context.against,
    leaningAgainst: context.leaningAgainst,
    counts,
    swing: swingByGroup(members),
    coSigners: context.coSigners,
    ...outcome,
    summary: englishSummary(outcome.summaryMessage, members),
  };
}

/** The tally's one-sentence summary (built by the rule when the tally was made). */
export function progressSentence(tally: Tally): string {
  return tally.summary;
}

function applyRule(rule: DecisionRule, context: RuleContext): RuleOutcome {
  switch (rule) {
    case "hrc_special_session":
      return hrcSpecialSession(context);
    case "hrc_resolution":
      return hrcResolution(context);
    case "unsc_substantive":
      return unscSubstantive(context);
    case "unsc_procedural":
      return unscProcedural(context);
    case "unga_resolution":
      return ungaResolution(context);
    case "state_action":
      return stateAction(context);
  }
}

/**
 * GA res 60/251 para 10: the Council meets in special session at the request of one third of its
 * members. An empty roster means membership is unknown, so at least one request is always
 * required and the session is never "reached" by default.
 */
function hrcSpecialSession({ members, firm, leaning, coSigners }: RuleContext): RuleOutcome {
  const threshold = Math.max(1, Math.ceil(members.length / 3));
  const verdictFirm = atLeast(firm, threshold);
  return {
    threshold,
    verdictFirm,
    verdictWithLeaning: atLeast(firm + leaning, threshold),
    summaryMessage: specialSessionSentence(firm, threshold, verdictFirm, coSigners.length),
  };
}

/**
 * GA res 60/251 para 11 applies the rules of procedure of GA committees to the Council:
 * decisions by a majority of members present and voting (rules 125-126), where abstainers count
 * as not voting.
 */
function hrcResolution(context: RuleContext): RuleOutcome {
  return majorityVote(context, false);
}

/**
 * UN Charter art. 18(2)-(3) and GA rule 86: a majority of members present and voting, or two
 * thirds of them for an "important question"; abstentions and absences are not counted.
 */
function ungaResolution(context: RuleContext): RuleOutcome {
  return majorityVote(context, context.importantQuestion);
}

/** Yes against no among members present and voting; leaners count on the side they lean to. */
function majorityVote(context: RuleContext, twoThirds: boolean): RuleOutcome {
  const { firm, leaning, against, leaningAgainst } = context;
  const threshold = yesVotesNeeded(against, twoThirds);
  const verdictFirm = atLeast(firm, threshold);
  return {
    threshold,
    verdictFirm,
    verdictWithLeaning: atLeast(
      firm + leaning,
      yesVotesNeeded(against + leaningAgainst, twoThirds),
    ),
    summaryMessage: majoritySentence(firm, against, verdictFirm, twoThirds),
  };
}

/** Simple majority: yes > no. Two thirds: yes >= 2 * no, with at least one yes. */
function yesVotesNeeded(no: number, twoThirds: boolean): number {
  return twoThirds ? Math.max(1, 2 * no) : no + 1;
}

/**
 * UN Charter art. 27(3): nine affirmative votes including the concurring votes of the permanent
 * members. By settled practice (ICJ Namibia advisory opinion, 1971) a permanent member's
 * abstention or absence is not a veto; only a vote against is.
 */
function unscSubstantive({ members, firm, leaning }: RuleContext): RuleOutcome {
  const threshold = unscAffirmativeVotes;
  const verdictFirm = unscVerdict(firm, permanentMembersIn(members, firmNo), threshold);
  return {
    threshold,
    verdictFirm,
    verdictWithLeaning: unscVerdict(
      firm + leaning,
      permanentMembersIn(members, leaningNo),
      threshold,
    ),
    summaryMessage: unscSentence(firm, threshold, verdictFirm),
  };
}

/**
 * UN Charter art. 27(2): procedural matters (holding a meeting, putting an item on the agenda)
 * need nine affirmative votes of any members; a permanent member's "no" is not a veto.
 */
function unscProcedural({ firm, leaning }: RuleContext): RuleOutcome {
  const threshold = unscAffirmativeVotes;
  const verdictFirm = atLeast(firm, threshold);
  return {
    threshold,
    verdictFirm,
    verdictWithLeaning: atLeast(firm + leaning, threshold),
    summaryMessage: unscProceduralSentence(firm, threshold, verdictFirm),
  };
}

function unscVerdict(yes: number, vetoedBy: string[], threshold: number): Verdict {
  // A veto blocks adoption however many affirmative votes there are.
  if (vetoedBy.length > 0) return { status: "vetoed", vetoedBy };
  return atLeast(yes, threshold);
}

function permanentMembersIn(members: MemberPosition[], vetoPositions: ReadonlySet<Position>) {
  return members
    .filter((member) => member.permanent && vetoPositions.has(member.position))
    .map((member) => member.iso3)
    .sort();
}

/** No vote: each state acts alone (e.g. universal-jurisdiction investigations), so no threshold. */
function stateAction({ counts }: RuleContext): RuleOutcome {
  const acted = counts.yes;
  const committed = counts.supports;
  const refuses = counts.opposes + counts.no;
  return {
    threshold: null,
    verdictFirm: { status: "not_applicable" },
    verdictWithLeaning: { status: "not_applicable" },
    acted,
    committed,
    refuses,
    summaryMessage: stateActionSentence(acted, committed, counts.leaning_support, refuses),
  };
}

function atLeast(votes: number, needed: number): Verdict {
  return votes >= needed ? { status: "reached" } : { status: "short", missing: needed - votes };
}

function countPositions(members: MemberPosition[]): Record<Position, number> {
  const counts = Object.fromEntries(positions.map((position) => [position, 0])) as Record<
    Position,
    number
  >;
  for (const member of members) counts[member.position] += 1;
  return counts;
}

/** Non-members may co-sign a special session request, but only members count towards it. */
function coSigners(members: MemberPosition[], nonMembers: MemberPosition[]): Tally["coSigners"] {
  const memberIso3 = new Set(members.map((member) => member.iso3));
  return nonMembers
    .filter((state) => firmYes.has(state.position) && !memberIso3.has(state.iso3))
    .sort(byName)
    .map(({ iso3, name }) => ({ iso3, name }));
}

function swingByGroup(members: MemberPosition[]): SwingGroup[] {
  const swingMembers = members.filter((member) => swingPositions.has(member.position));
  return swingGroupOrder
    .map((group) => ({
      group,
      states: swingMembers
        .filter((member) => (member.regionalGroup ?? "No group") === group)
        .sort(byName)
        .map(({ iso3, name, position }) => ({ iso3, name, position })),
    }))
    .filter((group) => group.states.length > 0);
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name, "en");
}

function specialSessionSentence(
  firm: number,
  threshold: number,
  verdict: Verdict,
  coSignerCount: number,
): SummaryMessage {
  const key = verdict.status === "reached" ? "summary.hrcReached" : "summary.hrcShort";
  return { key, values: { firm, threshold, coSigners: coSignerCount } };
}

function majoritySentence(
  yes: number,
  no: number,
  verdict: Verdict,
  twoThirds: boolean,
): SummaryMessage {
  if (verdict.status !== "short") {
    return { key: twoThirds ? "summary.adoptedTwoThirds" : "summary.adopted", values: { yes, no } };
  }
  const key = twoThirds ? "summary.shortTwoThirds" : "summary.notAdopted";
  return { key, values: { yes, no, missing: verdict.missing } };
}

function unscSentence(yes: number, threshold: number, verdict: Verdict): SummaryMessage {
  const values = { yes, threshold };
  if (verdict.status === "vetoed") {
    const key = yes < threshold ? "summary.unscShortVetoed" : "summary.unscEnoughVetoed";
    return { key, values, vetoedBy: verdict.vetoedBy };
  }
  return {
    key: verdict.status === "reached" ? "summary.unscReached" : "summary.unscShort",
    values,
  };
}

function unscProceduralSentence(yes: number, threshold: number, verdict: Verdict): SummaryMessage {
  const key =
    verdict.status === "reached" ? "summary.proceduralReached" : "summary.proceduralShort";
  return { key, values: { yes, threshold } };
}

function stateActionSentence(
  acted: number,
  committed: number,
  leaning: number,
  refuses: number,
): SummaryMessage {
  return { key: "summary.stateAction", values: { acted, committed, leaning, refuses } };
}

/** The English sentence, from the English catalogue like every page's. */
function englishSummary(message: SummaryMessage, members: MemberPosition[]): string {
  const states = listing(namesOf(message.vetoedBy ?? [], members));
  return String(
    new IntlMessageFormat(english[message.key], "en").format({ ...message.values, states }),
  );
}

/** The sentence is for people: names, in alphabetical order, where the data keeps ISO3 codes. */
function namesOf(iso3s: string[], members: MemberPosition[]): string[] {
  const nameOf = new Map(members.map((member) => [member.iso3, member.name]));
  return iso3s.map((iso3) => nameOf.get(iso3) ?? iso3).sort((a, b) => a.localeCompare(b, "en"));
}

function listing(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
