import { CsvImportForm, type CsvUploadErrors } from "~/components/csv-import-form";
import { SelectField } from "~/components/form-fields";

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
      <SelectField name="ask" label="Ask" defaultValue={values.ask} error={errors.ask}>
        <option value="">Choose the ask these positions are about</option>
        {asks.map((ask) => (
          <option key={ask.slug} value={ask.slug}>
            {ask.title}
          </option>
        ))}
      </SelectField>
    </CsvImportForm>
  );
}
