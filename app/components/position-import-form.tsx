import { Form } from "@remix-run/react";
import { CsrfInput } from "./csrf-input";
import { Field } from "./field";

export type ImportFieldErrors = Partial<Record<"ask" | "file" | "csv", string>>;

interface PositionImportFormProps {
  asks: ReadonlyArray<{ slug: string; title: string }>;
  values: { ask: string; csv: string };
  /** Set when `values.csv` holds the text of this uploaded file. */
  fileName: string | null;
  errors: ImportFieldErrors;
}

/**
 * Choose the ask, then upload a file or paste the text; "Check" is a dry run and the default
 * button, so pressing Enter never imports. The CSRF token and the ask come before the file so
 * they survive a file that is too large.
 */
export function PositionImportForm({ asks, values, fileName, errors }: PositionImportFormProps) {
  const csvDescribedBy = [
    "csv-hint",
    fileName ? "csv-from-file" : null,
    errors.csv ? "csv-error" : null,
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <Form method="post" encType="multipart/form-data" className="import-form" noValidate>
      <CsrfInput />
      <label htmlFor="ask">Ask</label>
      <select
        id="ask"
        name="ask"
        defaultValue={values.ask}
        aria-invalid={errors.ask ? true : undefined}
        aria-describedby={errors.ask ? "ask-error" : undefined}
      >
        <option value="">Choose the ask these positions are about</option>
        {asks.map((ask) => (
          <option key={ask.slug} value={ask.slug}>
            {ask.title}
          </option>
        ))}
      </select>
      {errors.ask ? (
        <p id="ask-error" className="field-error">
          {errors.ask}
        </p>
      ) : null}
      <Field
        name="file"
        label="Upload a CSV file"
        type="file"
        accept=".csv,text/csv"
        hint="UTF-8 text, at most 5 MB. A chosen file is used instead of the text below."
        error={errors.file}
      />
      <label htmlFor="csv">Or paste the CSV text</label>
      <p id="csv-hint" className="muted">
        Cells copied straight from a spreadsheet work too, header row included.
      </p>
      {fileName ? (
        <p id="csv-from-file" className="notice">
          The text of “{fileName}” is now in this box: “Import” uses it without uploading the file
          again.
        </p>
      ) : null}
      <textarea
        id="csv"
        name="csv"
        rows={10}
        spellCheck={false}
        defaultValue={values.csv}
        aria-invalid={errors.csv ? true : undefined}
        aria-describedby={csvDescribedBy}
      />
      {errors.csv ? (
        <p id="csv-error" className="field-error">
          {errors.csv}
        </p>
      ) : null}
      <p className="import-form__actions">
        <button type="submit" name="intent" value="check">
          Check (dry run)
        </button>{" "}
        <button type="submit" name="intent" value="import" className="secondary">
          Import
        </button>
      </p>
    </Form>
  );
}
