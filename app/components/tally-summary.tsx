import { Link } from "@remix-run/react";
import { type ReactNode, useId } from "react";
import type { Verdict } from "~/positions/decision-rules";
import { describeRule, vetoFollowUp } from "~/positions/rule-descriptions";
import { type Position, stanceLabels } from "~/positions/stance";
import type { TallyFigures } from "~/positions/tracker";
import { stanceColours } from "~/positions/world-map";

interface TallySummaryProps {
  title: string;
  figures: TallyFigures;
  headingLevel?: 2 | 3;
  description?: string;
  /** Staff only: the members still worth lobbying, by regional group. */
  showSwing?: boolean;
  /** Where a state in the swing list links to; plain text without it. */
  stateHref?: (iso3: string) => string;
  children?: ReactNode;
}

/** One ask's progress: the summary sentence, a bar per scenario and the verdicts in words. */
export function TallySummary({
  title,
  figures,
  headingLevel = 3,
  description,
  showSwing = false,
  stateHref,
  children,
}: TallySummaryProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const headingId = useId();
  return (
    <section className="tally" aria-labelledby={headingId}>
      <Heading id={headingId} className="tally__title">
        {title}
      </Heading>
      {description ? <p>{description}</p> : null}
      <p className="tally__rule muted">{ruleLine(figures)}</p>
      <p className="tally__summary">{figures.summary}</p>
      {figures.rule === "state_action" ? (
        <StateActionFigures figures={figures} />
      ) : (
        <>
          <ScenarioBar
            label="Firm"
            votes={figures.firm}
            verdict={figures.verdictFirm}
            threshold={figures.threshold}
            vetoerNames={figures.vetoerNames}
          />
          <ScenarioBar
            label="Firm and leaning"
            votes={figures.firm + figures.leaning}
            verdict={figures.verdictWithLeaning}
            threshold={figures.threshold}
            vetoerNames={figures.vetoerNames}
          />
        </>
      )}
      {figures.rule === "unsc_substantive" && figures.verdictFirm.status === "vetoed" ? (
        <p className="tally__follow-up notice">
          <strong>What follows a veto:</strong> {vetoFollowUp}
        </p>
      ) : null}
      {showSwing && figures.swing ? (
        <SwingList swing={figures.swing} stateHref={stateHref} />
      ) : null}
      {children}
    </section>
  );
}

/** The rule in words, for the membership the tally counted (the usual size while it is unknown). */
function ruleLine(figures: TallyFigures): string {
  return describeRule(figures.rule, {
    memberCount: figures.memberCount,
    importantQuestion: figures.importantQuestion,
  });
}

/**
 * The yes votes a scenario needs. Majority rules need more yes votes as more states lean
 * against, so a scenario that is short says how far off it is; otherwise the firm threshold.
 */
function votesNeeded(votes: number, verdict: Verdict, threshold: number | null): number {
  if (verdict.status === "short") return votes + verdict.missing;
  return Math.max(threshold ?? votes, 1);
}

function ScenarioBar({
  label,
  votes,
  verdict,
  threshold,
  vetoerNames,
}: {
  label: string;
  votes: number;
  verdict: Verdict;
  threshold: number | null;
  vetoerNames: Record<string, string>;
}) {
  const id = useId();
  const needed = votesNeeded(votes, verdict, threshold);
  return (
    <div className="tally__scenario">
      <label htmlFor={id}>{label}</label>
      <progress id={id} max={needed} value={Math.min(votes, needed)}>
        {votes} of {needed}
      </progress>
      <span className="tally__figures">
        {votes} of {needed} needed: <strong>{verdictInWords(verdict, vetoerNames)}</strong>
      </span>
    </div>
  );
}

export function verdictInWords(verdict: Verdict, names: Record<string, string>): string {
  switch (verdict.status) {
    case "reached":
      return "reached";
    case "short":
      return `short by ${verdict.missing}`;
    case "vetoed":
      return `vetoed by ${listing(verdict.vetoedBy.map((iso3) => names[iso3] ?? iso3))}`;
    case "not_applicable":
      return "no threshold";
  }
}

function StateActionFigures({ figures }: { figures: TallyFigures }) {
  const id = useId();
  const acting = (figures.acted ?? 0) + (figures.committed ?? 0);
  return (
    <>
      <div className="tally__scenario">
        <label htmlFor={id}>Acted or committed</label>
        <progress id={id} max={Math.max(figures.memberCount, 1)} value={acting}>
          {acting} of {figures.memberCount}
        </progress>
        <span className="tally__figures">
          {acting} of {figures.memberCount} UN member states
        </span>
      </div>
      <ul className="tally__counts">
        <li>Acted: {figures.acted ?? 0}</li>
        <li>Committed: {figures.committed ?? 0}</li>
        <li>Leaning towards acting: {figures.leaning}</li>
        <li>Refuse: {figures.refuses ?? 0}</li>
      </ul>
    </>
  );
}

function SwingList({
  swing,
  stateHref,
}: {
  swing: NonNullable<TallyFigures["swing"]>;
  stateHref?: (iso3: string) => string;
}) {
  if (swing.length === 0) return <p className="muted">No member is left to win over.</p>;
  return (
    <details className="tally__swing">
      <summary>
        Still to win over: {swing.reduce((sum, group) => sum + group.states.length, 0)} members
      </summary>
      <dl>
        {swing.map((group) => (
          <div key={group.group}>
            <dt>
              {group.group} ({group.states.length})
            </dt>
            <dd>
              <ul className="tally__swing-states">
                {group.states.map((state) => (
                  <li key={state.iso3}>
                    {stateHref ? <Link to={stateHref(state.iso3)}>{state.name}</Link> : state.name}{" "}
                    <span className="muted">({stanceLabels[state.position]})</span>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** A stance as text with its map colour beside it: the colour is never the only cue. */
export function StanceText({ position }: { position: Position }) {
  return (
    <span className="stance-text">
      <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
        <rect
          x="0.5"
          y="0.5"
          width="11"
          height="11"
          fill={stanceColours[position]}
          stroke="#1A1A1A"
        />
      </svg>{" "}
      {stanceLabels[position]}
    </span>
  );
}

function listing(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
