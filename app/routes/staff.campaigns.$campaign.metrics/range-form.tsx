import { Form } from "@remix-run/react";
import { Field } from "~/components/field";
import { SelectField } from "~/components/form-fields";
import type { MetricsPage } from "./route";

/** The period and time zone the metrics are counted in; a GET form, so it works without JavaScript. */
export function RangeForm({ data }: { data: MetricsPage }) {
  const { form, timeZones } = data;
  const failed = Object.keys(form.errors).length > 0;
  return (
    <Form method="get" className="range-form">
      {failed ? (
        <p className="notice error" role="alert">
          The period could not be used, so the last {data.defaultRangeDays} days are shown.
        </p>
      ) : null}
      <div className="range-form__fields">
        {(["from", "to"] as const).map((name) => (
          <Field
            key={name}
            id={`range-${name}`}
            name={name}
            label={name === "from" ? "From" : "To"}
            type="date"
            // An invalid value is kept so it can be corrected; an empty one shows the default.
            defaultValue={form.values[name] || form.range[name]}
            error={form.errors[name]}
          />
        ))}
        <SelectField
          id="range-tz"
          name="tz"
          label="Time zone"
          defaultValue={form.values.tz}
          error={form.errors.tz}
        >
          {timeZones.includes(form.values.tz) ? null : <option>{form.values.tz}</option>}
          {timeZones.map((zone) => (
            <option key={zone}>{zone}</option>
          ))}
        </SelectField>
        <div className="range-form__buttons">
          <button type="submit">Show metrics</button>
        </div>
      </div>
      <p className="muted">
        Days run from midnight to midnight in the chosen time zone; days to answer are counted in
        UTC calendar days.
      </p>
    </Form>
  );
}
