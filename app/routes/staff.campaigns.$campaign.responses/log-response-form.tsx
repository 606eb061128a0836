import { Form, useActionData, useLocation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import {
  CheckboxGroup,
  SelectField,
  TextAreaField,
  VisibilityChoice,
} from "~/components/form-fields";
import { PositionChangeOptions } from "~/components/position-change-options";
import type { FieldErrors } from "~/lib/form";
import type { ResponseFormValues } from "~/responses/responses.server";
import type { action, ResponsesPageData } from "./route";

export function LogResponseForm({ page }: { page: ResponsesPageData }) {
  const result = useActionData<typeof action>();
  // A new key after each navigation (e.g. the redirect after logging) empties the form.
  const { key } = useLocation();
  const errors: FieldErrors = result?.errors ?? {};
  const values: ResponseFormValues = result?.values ?? { fields: {}, askIds: [] };
  const v = values.fields;
  const error = (name: string) => errors[name];
  return (
    <section aria-labelledby="log-heading">
      <h2 id="log-heading">Log a response</h2>
      {Object.keys(errors).length > 0 ? (
        <p className="notice error" role="alert">
          The response was not logged: correct the fields marked below.
        </p>
      ) : null}
      <Form key={key} method="post" noValidate className="observation-form">
        <CsrfInput />
        <SelectField
          id="stateIso3"
          name="stateIso3"
          label="State"
          error={error("stateIso3")}
          defaultValue={v.stateIso3 ?? page.filters.state}
        >
          <option value="">Choose…</option>
          <StateOptions states={page.states} />
        </SelectField>
        <CheckboxGroup
          legend="Asks answered"
          name="askIds"
          options={page.asks.map((ask) => ({ value: ask.id, label: ask.title }))}
          checked={values.askIds}
          error={error("askIds")}
          errorId="askIds-error"
          describeError
        />
        <SelectField
          id="channel"
          name="channel"
          label="Channel"
          error={error("channel")}
          defaultValue={v.channel ?? ""}
        >
          <option value="">Choose…</option>
          {page.channels.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </SelectField>
        <Field
          name="receivedOn"
          label="Date received"
          type="date"
          required
          max={page.today}
          defaultValue={v.receivedOn ?? page.today}
          error={error("receivedOn")}
        />
        <Field
          name="responder"
          label="Responder (office or person, optional)"
          defaultValue={v.responder}
          error={error("responder")}
        />
        <TextAreaField
          name="summary"
          label="Summary"
          rows={4}
          defaultValue={v.summary}
          error={error("summary")}
        />
        <TextAreaField
          name="fullText"
          label="Full text (optional)"
          rows={8}
          defaultValue={v.fullText}
          error={error("fullText")}
        />
        <VisibilityChoice value={v.visibility} error={error("visibility")} />
        <PositionChange
          asks={page.asks}
          values={v}
          errors={errors}
          hint="Records an observation on the state's timeline, sourced by this response."
        />
        <p>
          <button type="submit">Log response</button>
        </p>
      </Form>
    </section>
  );
}

export function StateOptions({ states }: { states: ResponsesPageData["states"] }) {
  return (
    <>
      {states.map((s) => (
        <option key={s.iso3} value={s.iso3}>
          {s.name}
        </option>
      ))}
    </>
  );
}

function PositionChange({
  asks,
  values,
  errors,
  hint,
}: {
  asks: { id: number; title: string }[];
  values: Record<string, string>;
  errors: FieldErrors;
  hint: string;
}) {
  return (
    <fieldset className="choices" aria-describedby="change-hint">
      <legend>Position change (optional)</legend>
      <p id="change-hint" className="muted">
        {hint}
      </p>
      <SelectField
        id="changePosition"
        name="changePosition"
        label="New position"
        error={errors.changePosition}
        defaultValue={values.changePosition ?? ""}
      >
        <PositionChangeOptions />
      </SelectField>
      <SelectField
        id="changeAskId"
        name="changeAskId"
        label="On the ask"
        error={errors.changeAskId}
        defaultValue={values.changeAskId ?? ""}
      >
        {asks.map((ask) => (
          <option key={ask.id} value={ask.id}>
            {ask.title}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="changeConfidence"
        name="changeConfidence"
        label="Confidence"
        error={errors.changeConfidence}
        defaultValue={values.changeConfidence ?? "medium"}
      >
        <option value="low">Low</option>
        <option value="medium">Medium</option>
        <option value="high">High</option>
      </SelectField>
    </fieldset>
  );
}
