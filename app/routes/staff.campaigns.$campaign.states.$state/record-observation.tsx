import { Form, useActionData, useLocation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { SelectField, TextAreaField, VisibilityChoice } from "~/components/form-fields";
import type { FieldErrors } from "~/lib/form";
import { recordedVotes, stanceLabels, stances } from "~/positions/stance";
import type { action } from "./route";

export function RecordObservation({
  asks,
  preselectedAsk,
  today,
}: {
  asks: { slug: string; title: string }[];
  preselectedAsk: string | null;
  today: string;
}) {
  const result = useActionData<typeof action>();
  // A new key after each navigation (e.g. the redirect after recording) empties the form.
  const { key } = useLocation();
  const errors: FieldErrors = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  return (
    <section aria-labelledby="record-heading">
      <h2 id="record-heading">Record an observation</h2>
      {Object.keys(errors).length > 0 ? (
        <p className="notice error" role="alert">
          The observation was not recorded: correct the fields marked below.
        </p>
      ) : null}
      <Form key={key} method="post" noValidate className="observation-form">
        <CsrfInput />
        <SelectField
          name="ask"
          label="Ask"
          error={errors.ask}
          defaultValue={values.ask ?? preselectedAsk ?? asks[0]?.slug}
        >
          {asks.map((ask) => (
            <option key={ask.slug} value={ask.slug}>
              {ask.title}
            </option>
          ))}
        </SelectField>
        <SelectField
          name="position"
          label="Position or recorded vote"
          error={errors.position}
          defaultValue={values.position ?? ""}
        >
          <option value="">Choose…</option>
          <optgroup label="Position">
            {stances.map((stance) => (
              <option key={stance} value={stance}>
                {stanceLabels[stance]}
              </option>
            ))}
          </optgroup>
          <optgroup label="Recorded vote">
            {recordedVotes
              .filter((vote) => vote !== "abstain")
              .map((vote) => (
                <option key={vote} value={vote}>
                  {stanceLabels[vote]}
                </option>
              ))}
          </optgroup>
        </SelectField>
        <Field
          name="observedOn"
          label="Date observed"
          type="date"
          required
          defaultValue={values.observedOn ?? today}
          error={errors.observedOn}
        />
        <Field
          name="sourceUrl"
          label="Source link"
          type="url"
          hint="A link, a document title or the evidence is required."
          defaultValue={values.sourceUrl}
          error={errors.sourceUrl}
        />
        <Field
          name="sourceTitle"
          label="Source title"
          defaultValue={values.sourceTitle}
          error={errors.sourceTitle}
        />
        <TextAreaField
          name="evidence"
          label="Evidence"
          rows={4}
          defaultValue={values.evidence}
          error={errors.evidence}
        />
        <SelectField
          name="confidence"
          label="Confidence"
          error={errors.confidence}
          defaultValue={values.confidence ?? "medium"}
        >
          <option value="low">Low</option>
          <option value="medium">Medium</option>
          <option value="high">High</option>
        </SelectField>
        <VisibilityChoice value={values.visibility} error={errors.visibility} />
        <p>
          <button type="submit">Record observation</button>
        </p>
      </Form>
    </section>
  );
}
