import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import type { FormEvent } from "react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FieldError, TextAreaField } from "~/components/form-fields";
import type { FieldErrors } from "~/lib/form";
import { decisionRules } from "~/positions/stance";
import type { loader as previewLoader } from "../staff.campaigns.$campaign.asks.preview/route";
import { AskPreviewPanel } from "./ask-preview-panel";
import type { action, loader } from "./route";
import { RuleChoice } from "./rule-choice";

/** Adds an ask, or edits the one named by `?edit=`, with a preview of the tally it would give. */
export function AskForm({ base }: { base: string }) {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const fetcher = useFetcher<typeof previewLoader>();
  const values = result?.values ?? page.values;
  const errors: FieldErrors = result?.errors ?? {};
  const preview = fetcher.data ? fetcher.data.preview : (result?.preview ?? page.preview);
  const previewError = fetcher.data ? fetcher.data.errors.decidesOn : undefined;
  const editing = page.editing;
  // With JavaScript the preview follows the rule, date and important-question box as they change.
  const refreshPreview = (event: FormEvent<HTMLFormElement>) => {
    const name = (event.target as HTMLInputElement).name;
    if (!["rule", "decidesOn", "importantQuestion"].includes(name)) return;
    const form = new FormData(event.currentTarget);
    const query = new URLSearchParams();
    for (const key of ["rule", "decidesOn", "importantQuestion", "ask"]) {
      const value = form.get(key);
      if (typeof value === "string") query.set(key, value);
    }
    fetcher.load(`${base}/asks/preview?${query}`);
  };
  return (
    <section id="ask-form" aria-labelledby="ask-form-heading">
      <h2 id="ask-form-heading">{editing ? `Edit “${editing.title}”` : "Add an ask"}</h2>
      <Form
        method="post"
        noValidate
        key={JSON.stringify(values)}
        onChange={refreshPreview}
        action={`${base}/asks${editing ? `?index&edit=${editing.slug}` : "?index"}`}
      >
        <CsrfInput />
        {editing ? <input type="hidden" name="ask" value={editing.slug} /> : null}
        {editing ? null : (
          <Field
            name="slug"
            label="Short name (in links and exports)"
            hint="Lower-case letters, digits and hyphens, e.g. unsc-meeting. It cannot change later."
            defaultValue={values.slug}
            error={errors.slug}
          />
        )}
        <Field name="title" label="Title" defaultValue={values.title} error={errors.title} />
        <TextAreaField
          name="description"
          label="Description (optional)"
          rows={3}
          defaultValue={values.description}
          error={errors.description}
        />
        <fieldset aria-describedby={errors.rule ? "rule-error" : undefined}>
          <legend>How it is decided</legend>
          {decisionRules.map((rule) => (
            <RuleChoice key={rule} rule={rule} checked={values.rule === rule} />
          ))}
          <FieldError id="rule-error" message={errors.rule} />
        </fieldset>
        <Field
          name="decidesOn"
          label="Decision date (optional)"
          type="date"
          hint="Members are counted on this day; without one, today."
          defaultValue={values.decidesOn}
          error={errors.decidesOn ?? previewError}
        />
        <label className="choice">
          <input
            type="checkbox"
            name="importantQuestion"
            defaultChecked={values.importantQuestion === "on"}
          />{" "}
          General Assembly: an important question (two thirds needed)
        </label>
        <p className="actions">
          <button type="submit" name="intent" value="preview">
            Preview
          </button>
          <button type="submit" name="intent" value="save">
            {editing ? "Save changes" : "Add ask"}
          </button>
          {editing ? <Link to={`${base}/asks`}>Cancel</Link> : null}
        </p>
      </Form>
      {preview ? <AskPreviewPanel preview={preview} /> : null}
    </section>
  );
}
