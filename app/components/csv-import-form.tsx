import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfInput } from "./csrf-input";
import { Field } from "./field";
import { FieldError } from "./form-fields";

export type CsvUploadErrors = Partial<Record<"file" | "csv", string>>;

/**
 * Upload a file or paste the text; "Check" is a dry run and the default button, so pressing Enter
 * never imports. `children` (fields such as the ask) come right after the CSRF token, before the
 * file, so they survive a file that is too large.
 */
export function CsvImportForm({
  csv,
  fileName,
  errors,
  children,
}: {
  csv: string;
  /** Set when `csv` holds the text of this uploaded file. */
  fileName: string | null;
  errors: CsvUploadErrors;
  children?: ReactNode;
}) {
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
      {children}
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
        defaultValue={csv}
        aria-invalid={errors.csv ? true : undefined}
        aria-describedby={csvDescribedBy}
      />
      <FieldError id="csv-error" message={errors.csv} />
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
