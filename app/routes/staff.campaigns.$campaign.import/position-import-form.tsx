import { CsvImportForm, type CsvUploadErrors } from "~/components/csv-import-form";
import { FieldError } from "~/components/form-fields";

export type ImportFieldErrors = CsvUploadErrors & { ask?: string };

interface PositionImportFormProps {
  asks: ReadonlyArray<{ slug: string; title: string }>;
  values: { ask: string; csv: string };
  /** Set when `values.csv` holds the text of this uploaded file. */
  fileName: string | null;
  errors: ImportFieldErrors;
}

/** Choose the ask, then upload a file or paste the text, as in every CSV import. */
export function PositionImportForm({ asks, values, fileName, errors }: PositionImportFormProps) {
  return (
    <CsvImportForm csv={values.csv} fileName={fileName} errors={errors}>
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
      <FieldError id="ask-error" message={errors.ask} />
    </CsvImportForm>
  );
}
