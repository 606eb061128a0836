import { MultilineText } from "~/components/multiline-text";
import type { FieldErrors } from "~/lib/form";
import type { ResponseFormValues } from "~/responses/responses.server";
import { AcceptForm, MergeForm, RejectForm } from "./review-forms";
import type { ReviewPageData } from "./route";

export const kindLabels = {
  replied: "Replied",
  acknowledged: "Acknowledgement of receipt only",
  no_reply: "No reply yet",
} as const;

export type Report = ReviewPageData["reports"][number];

export interface Failed {
  intent: string;
  errors: FieldErrors;
  values: ResponseFormValues;
}

export function ReportItem({
  page,
  report,
  failed,
}: {
  page: ReviewPageData;
  report: Report;
  failed: Failed | null;
}) {
  const heading = `report-${report.id}`;
  const reviewable = report.kind !== "no_reply";
  return (
    <article aria-labelledby={heading} className="review-report">
      <h2 id={heading}>
        {report.stateName}: {report.askTitle}
      </h2>
      <ReportFacts report={report} />
      {report.text ? (
        <blockquote>
          <MultilineText text={report.text} />
        </blockquote>
      ) : (
        <p className="muted">No text was given.</p>
      )}
      {reviewable ? (
        <AcceptForm
          page={page}
          report={report}
          failed={failed?.intent === "accept" ? failed : null}
        />
      ) : null}
      {reviewable ? (
        <MergeForm report={report} error={failed?.intent === "merge" ? failed.errors : null} />
      ) : null}
      <RejectForm report={report} failed={failed?.intent === "reject" ? failed : null} />
    </article>
  );
}

function ReportFacts({ report }: { report: Report }) {
  return (
    <dl className="facts">
      <div>
        <dt>Report</dt>
        <dd>
          {kindLabels[report.kind]}
          {report.automatic ? (
            <>
              {" "}
              <span className="badge">Automatic reply</span>
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>From</dt>
        <dd>
          {report.source === "supporter"
            ? "The supporter's answer to the follow-up"
            : `Reply address${report.fromAddress ? `: ${report.fromAddress}` : ""}`}
        </dd>
      </div>
      <div>
        <dt>Letter sent</dt>
        <dd>{report.letterSentOn ?? "Not sent"}</dd>
      </div>
      <div>
        <dt>Reported</dt>
        <dd>{report.receivedOn}</dd>
      </div>
      {report.subject ? (
        <div>
          <dt>Subject</dt>
          <dd>{report.subject}</dd>
        </div>
      ) : null}
    </dl>
  );
}
