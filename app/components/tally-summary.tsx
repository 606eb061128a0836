import { Link } from "@remix-run/react";
import { type ReactNode, useId } from "react";
import { type Translator, useT } from "~/i18n/use-t";
import type { Verdict } from "~/positions/decision-rules";
import { ruleMessage } from "~/positions/rule-descriptions";
import { stanceLabels } from "~/positions/stance";
import type { TallyFigures } from "~/positions/tracker";
import { untranslatedAttributes } from "./untranslated";

interface TallySummaryProps {
  title: string;
  figures: TallyFigures;
  headingLevel?: 2 | 3;
  description?: string;
  /** A campaign text shown untranslated: the language it is written in. */
  titleLang?: string | null;
  descriptionLang?: string | null;
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
  titleLang,
  descriptionLang,
  showSwing = false,
  stateHref,
  children,
}: TallySummaryProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const headingId = useId();
  const { t, language } = useT();
  return (
    <section className="tally" aria-labelledby={headingId}>
      <Heading id={headingId} className="tally__title" {...untranslatedAttributes(titleLang)}>
        {title}
      </Heading>
      {description ? <p {...untranslatedAttributes(descriptionLang)}>{description}</p> : null}
      <p className="tally__rule muted">{ruleLine(figures, t)}</p>
      <p className="tally__summary">{summaryLine(figures, { t, language })}</p>
      {figures.rule === "state_action" ? (
        <StateActionFigures figures={figures} />
      ) : (
        <>
          <ScenarioBar
            label={t("tally.firm")}
            votes={figures.firm}
            verdict={figures.verdictFirm}
            threshold={figures.threshold}
            vetoerNames={figures.vetoerNames}
          />
          <ScenarioBar
            label={t("tally.firmAndLeaning")}
            votes={figures.firm + figures.leaning}
            verdict={figures.verdictWithLeaning}
            threshold={figures.threshold}
            vetoerNames={figures.vetoerNames}
          />
        </>
      )}
      {/* GA res. 76/262: the Assembly debates a veto within ten working days, a new moment to write. */}
      {figures.rule === "unsc_substantive" && figures.verdictFirm.status === "vetoed" ? (
        <p className="tally__follow-up notice">
          <strong>{t("tally.vetoFollowUpTitle")}</strong> {t("tally.vetoFollowUp")}
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
/** The tally's sentence in the page's language, the vetoers named as the page names them. */
function summaryLine(figures: TallyFigures, { t, language }: Pick<Translator, "t" | "language">) {
  const { key, values, vetoedBy = [] } = figures.summaryMessage;
  const names = vetoedBy.map((iso3) => figures.vetoerNames[iso3] ?? iso3);
  return t(key, { ...values, states: new Intl.ListFormat(language).format(names) });
}

function ruleLine(figures: TallyFigures, t: Translator["t"]): string {
  const { key, values } = ruleMessage(figures.rule, {
    memberCount: figures.memberCount,
    importantQuestion: figures.importantQuestion,
  });
  return t(key, values);
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
  const translate = useT();
  const { t, rich } = translate;
  const needed = votesNeeded(votes, verdict, threshold);
  return (
    <div className="tally__scenario">
      <label htmlFor={id}>{label}</label>
      <progress id={id} max={needed} value={Math.min(votes, needed)}>
        {t("tally.progress", { votes, needed })}
      </progress>
      <span className="tally__figures">
        {rich("tally.figures", {
          votes,
          needed,
          verdict: verdictInWords(verdict, vetoerNames, translate),
          strong: (chunks) => <strong>{chunks}</strong>,
        })}
      </span>
    </div>
  );
}

function verdictInWords(
  verdict: Verdict,
  names: Record<string, string>,
  { t, language }: Translator,
): string {
  switch (verdict.status) {
    case "reached":
      return t("tally.reached");
    case "short":
      return t("tally.short", { missing: verdict.missing });
    case "vetoed": {
      const states = verdict.vetoedBy.map((iso3) => names[iso3] ?? iso3);
      return t("tally.vetoed", { states: new Intl.ListFormat(language).format(states) });
    }
    case "not_applicable":
      return t("tally.noThreshold");
  }
}

function StateActionFigures({ figures }: { figures: TallyFigures }) {
  const id = useId();
  const { t } = useT();
  const acting = (figures.acted ?? 0) + (figures.committed ?? 0);
  return (
    <>
      <div className="tally__scenario">
        <label htmlFor={id}>{t("tally.actedOrCommitted")}</label>
        <progress id={id} max={Math.max(figures.memberCount, 1)} value={acting}>
          {t("tally.progress", { votes: acting, needed: figures.memberCount })}
        </progress>
        <span className="tally__figures">
          {t("tally.ofMembers", { count: acting, total: figures.memberCount })}
        </span>
      </div>
      <ul className="tally__counts">
        <li>{t("tally.acted", { count: figures.acted ?? 0 })}</li>
        <li>{t("tally.committed", { count: figures.committed ?? 0 })}</li>
        <li>{t("tally.leaningActing", { count: figures.leaning })}</li>
        <li>{t("tally.refuse", { count: figures.refuses ?? 0 })}</li>
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
