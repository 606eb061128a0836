import type { AskPreview } from "~/campaigns/ask-preview.server";
import { StanceLabel } from "~/components/stance-label";
import { TallySummary } from "~/components/tally-summary";
import { ruleLabels } from "~/positions/rule-descriptions";

/** The tally an ask would give today, and the members it counts. */
export function AskPreviewPanel({ preview }: { preview: AskPreview }) {
  return (
    <section className="ask-preview" aria-labelledby="ask-preview-heading" aria-live="polite">
      <h3 id="ask-preview-heading">Preview: {ruleLabels[preview.rule]}</h3>
      <TallySummary
        title="The tally it would give today"
        figures={preview.figures}
        headingLevel={3}
      />
      <p>
        {preview.members
          ? `Members on ${preview.asOf}: ${preview.memberCount}.`
          : `Counted among the ${preview.memberCount} UN member states on ${preview.asOf}.`}
      </p>
      {preview.members ? (
        <ul className="ask-preview__members">
          {preview.members.map((member) => (
            <li key={member.iso3}>
              {member.name}
              {member.permanent ? " (permanent)" : ""}: <StanceLabel position={member.position} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
