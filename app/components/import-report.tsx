import type { PositionCsvError } from "~/positions/position-csv.server";
import type { ImportReport, ImportRowReport } from "~/positions/position-import.server";
import { StanceLabel } from "./stance-label";

export const csvErrorListId = "csv-errors";
export const importReportId = "import-report";

/** The fragment of one problem in the full list, for links from the error summary. */
export function csvErrorAnchor(index: number): string {
  return `csv-error-${index + 1}`;
}

/** "Line 3, column state: Unknown state …": where a spreadsheet user would look. */
export function describeCsvError(error: PositionCsvError): string {
  const where = error.column ? `Line ${error.line}, column ${error.column}` : `Line ${error.line}`;
  return `${where}: ${error.message}`;
}

/** What a check or an import found: every problem, then every valid row and what it changes. */
export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <section className="import-report" aria-labelledby={`${importReportId}-title`}>
      <h2 id={`${importReportId}-title`}>
        {report.dryRun ? "Result of the check" : "Result of the import"}
      </h2>
      <p id={importReportId} className="import-report__outcome" tabIndex={-1}>
        {outcome(report)}
      </p>
      {report.errors.length > 0 ? <CsvErrorList errors={report.errors} /> : null}
      {report.rows.length > 0 ? (
        <RowTable rows={report.rows} errors={report.errors.length} />
      ) : null}
    </section>
  );
}

function outcome(report: ImportReport): string {
  const { rows, errors } = report;
  const changes = rows.filter((row) => row.changes).length;
  if (errors.length > 0) {
    const them = errors.length === 1 ? "it" : "them";
    const found = count(errors.length, "problem");
    return `${found} found, so nothing was stored. Fix ${them} and check again.`;
  }
  const repeats = rows.length - changes;
  const changing = `${count(changes, "row")} ${changes === 1 ? "changes" : "change"} a position`;
  const repeating = `${repeats} ${repeats === 1 ? "repeats" : "repeat"} the current one`;
  const checked = count(rows.length, "row");
  return `No problems in ${checked}: ${changing}, ${repeating}. Press “Import” to record them.`;
}

function CsvErrorList({ errors }: { errors: readonly PositionCsvError[] }) {
  return (
    <>
      <h3 id={`${csvErrorListId}-title`}>Problems in the CSV</h3>
      <ol id={csvErrorListId} className="import-report__errors" tabIndex={-1}>
        {errors.map((error, index) => (
          <li key={csvErrorAnchor(index)} id={csvErrorAnchor(index)} tabIndex={-1}>
            {describeCsvError(error)}
          </li>
        ))}
      </ol>
    </>
  );
}

function RowTable({ rows, errors }: { rows: readonly ImportRowReport[]; errors: number }) {
  return (
    <table className="import-report__rows">
      <caption>
        {errors > 0 ? "Rows without problems" : "Rows to record"} ({rows.length})
      </caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">State</th>
          <th scope="col">Position (from → to)</th>
          <th scope="col">Observed on</th>
          <th scope="col">Visibility</th>
          <th scope="col">Effect</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.line} className={row.changes ? undefined : "import-report__same"}>
            <td>{row.line}</td>
            <th scope="row">
              {row.stateName} <span className="muted">({row.iso3})</span>
            </th>
            <td>
              <StanceLabel position={row.from} /> <span aria-hidden="true">→</span>
              <span className="visually-hidden">to</span> <StanceLabel position={row.to} />
            </td>
            <td>
              <time dateTime={row.observedOn}>{row.observedOn}</time>
            </td>
            <td>{row.visibility === "public" ? "Public" : "Internal"}</td>
            <td>{row.changes ? "New position" : "No change (kept as evidence)"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
