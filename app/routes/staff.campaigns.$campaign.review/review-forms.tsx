import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { CheckboxGroup, SelectField, TextAreaField } from "~/components/form-fields";
import { PositionChangeOptions } from "~/components/position-change-options";
import type { FieldErrors } from "~/lib/form";
import type { Failed, Report } from "./report-item";
import type { ReviewPageData } from "./route";

export function AcceptForm({
  page,
  report,
  failed,
}: {
  page: ReviewPageData;
  report: Report;
  failed: Failed | null;
}) {
  const id = (name: string) => `r${report.id}-${name}`;
  const errors = failed?.errors ?? {};
  const v = failed?.values.fields ?? {};
  const askIds = failed?.values.askIds ?? [String(report.askId)];
  return (
    <section aria-labelledby={id("accept")}>
      <h3 id={id("accept")}>Accept as a response</h3>
      <Form method="post" noValidate className="observation-form">
        <CsrfInput />
        <input type="hidden" name="reportId" value={report.id} />
        <TextAreaField
          id={id("summary")}
          name="summary"
          label="Summary"
          rows={4}
          defaultValue={v.summary ?? report.suggestedSummary}
          error={errors.summary}
        />
        <CheckboxGroup
          legend="Asks answered"
          name="askIds"
          options={page.asks.map((ask) => ({ value: ask.id, label: ask.title }))}
          checked={askIds}
          error={errors.askIds}
          errorId={id("askIds-error")}
        />
        <SelectField
          id={id("channel")}
          name="channel"
          label="Channel"
          error={errors.channel}
          defaultValue={v.channel ?? "email"}
        >
          {page.channels.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </SelectField>
        <Field
          id={id("receivedOn")}
          name="receivedOn"
          label="Date received"
          type="date"
          max={page.today}
          defaultValue={v.receivedOn ?? report.receivedOn}
          error={errors.receivedOn}
        />
        <SelectField
          id={id("visibility")}
          name="visibility"
          label="Who may see it"
          error={errors.visibility}
          defaultValue={v.visibility ?? "internal"}
        >
          <option value="internal">Internal (staff only)</option>
          <option value="public">Public</option>
        </SelectField>
        <SelectField
          id={id("changePosition")}
          name="changePosition"
          label="Position change (optional)"
          error={errors.changePosition}
          defaultValue={v.changePosition ?? ""}
        >
          <PositionChangeOptions />
        </SelectField>
        <SelectField
          id={id("changeAskId")}
          name="changeAskId"
          label="Position change on the ask"
          error={errors.changeAskId}
          defaultValue={v.changeAskId ?? String(report.askId)}
        >
          {page.asks.map((ask) => (
            <option key={ask.id} value={ask.id}>
              {ask.title}
            </option>
          ))}
        </SelectField>
        <p>
          <button type="submit" name="intent" value="accept">
            Accept
          </button>
        </p>
      </Form>
    </section>
  );
}

export function MergeForm({ report, error }: { report: Report; error: FieldErrors | null }) {
  const id = `r${report.id}-responseId`;
  if (report.mergeTargets.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Merge into a response already logged</h3>
      <Form method="post" className="observation-form">
        <CsrfInput />
        <input type="hidden" name="reportId" value={report.id} />
        <SelectField
          id={id}
          name="responseId"
          label={`Response from ${report.stateName}`}
          error={error?.responseId}
        >
          <option value="">Choose…</option>
          {report.mergeTargets.map((target) => (
            <option key={target.id} value={target.id}>
              {target.label}
            </option>
          ))}
        </SelectField>
        <p>
          <button type="submit" name="intent" value="merge" className="secondary">
            Merge
          </button>
        </p>
      </Form>
    </section>
  );
}

export function RejectForm({ report, failed }: { report: Report; failed: Failed | null }) {
  const id = `r${report.id}-reason`;
  const error = failed?.errors.reason;
  const suggested = report.kind === "no_reply" ? "No reply yet: noted." : "";
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{report.kind === "no_reply" ? "Close" : "Reject"}</h3>
      <Form method="post" noValidate className="observation-form">
        <CsrfInput />
        <input type="hidden" name="reportId" value={report.id} />
        <Field
          id={id}
          name="reason"
          label="Reason"
          maxLength={300}
          defaultValue={failed?.values.fields.reason ?? suggested}
          error={error}
        />
        <p>
          <button type="submit" name="intent" value="reject" className="danger">
            {report.kind === "no_reply" ? "Close" : "Reject"}
          </button>
        </p>
      </Form>
    </section>
  );
}
