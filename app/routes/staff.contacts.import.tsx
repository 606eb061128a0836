import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { assertCsrf } from "~/auth/csrf.server";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { CsvImportForm, type CsvUploadErrors } from "~/components/csv-import-form";
import { ErrorSummary, type ErrorSummaryItem } from "~/components/error-summary";
import {
  csvErrorAnchor,
  csvErrorListId,
  describeCsvError,
  importReportId,
} from "~/components/import-report";
import type { ContactCsvError } from "~/contacts/contact-csv.server";
import {
  type ContactImportReport,
  type ContactImportRow,
  importContacts,
} from "~/contacts/contact-import.server";
import { releaseLettersAwaitingContact } from "~/letters/letters.server";
import { csvPartTooLargeMessage, readCsvUploadForm, uploadedCsv } from "~/lib/csv-upload.server";
import contactStyles from "~/styles/contacts.css";
// The import form, report and error summary share the positions import's styles.
import importStyles from "~/styles/positions.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: importStyles },
  { rel: "stylesheet", href: contactStyles },
];

export const meta = () => [{ title: "Import contacts · Démarche staff" }];

const summarisedCsvErrors = 10;
const importedNoticeId = "imported-notice";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(context.db, request, "editor");
  return { imported: importedCounts(new URL(request.url).searchParams) };
}

/** `?created=1&updated=2&unchanged=3` after an import (post/redirect/get). */
function importedCounts(search: URLSearchParams) {
  const count = z.coerce.number().int().nonnegative();
  const counts = z.object({ created: count, updated: count, unchanged: count });
  const parsed = counts.safeParse(Object.fromEntries(search));
  return parsed.success ? parsed.data : null;
}

interface ImportResult {
  /** New on every submission, so the form's fields start again from what the server returns. */
  id: string;
  csv: string;
  /** The uploaded file whose text is now in the textarea, so "Import" needs no second upload. */
  fileName: string | null;
  errors: CsvUploadErrors;
  report: ContactImportReport | null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const upload = await readCsvUploadForm(request, context.config.MAX_UPLOAD_BYTES);
  await assertCsrf(request, upload.form);
  const pasted = upload.form.get("csv");
  const pastedText = typeof pasted === "string" ? pasted : "";
  const result = (fields: Partial<ImportResult>): ImportResult => ({
    id: crypto.randomUUID(),
    csv: pastedText,
    fileName: null,
    errors: {},
    report: null,
    ...fields,
  });
  if (upload.tooLarge) {
    const errors = { [upload.tooLarge]: csvPartTooLargeMessage };
    return data(result({ errors }), { status: 413 });
  }

  const file = await uploadedCsv(upload.form.get("file"));
  // A chosen file replaces the pasted text, and its text comes back in the textarea.
  const csv = file?.ok ? file.text : pastedText;
  const fileName = file?.ok ? file.name : null;
  if (file && !file.ok) return data(result({ errors: { file: file.error } }), { status: 400 });
  if (csv.trim() === "") {
    const errors = { csv: "Choose a CSV file or paste the CSV text" };
    return data(result({ errors }), { status: 400 });
  }

  const report = await importContacts(db, staffActor(user), csv, {
    dryRun: upload.form.get("intent") !== "import",
    onContactAvailable: releaseLettersAwaitingContact,
  });
  if (report.applied) {
    // Post/redirect/get: reloading the page must not import twice.
    throw redirect(`/staff/contacts/import?${outcomeQuery(report.rows)}`);
  }
  return data(result({ csv, fileName, report }), {
    status: report.errors.length > 0 ? 400 : 200,
  });
}

function outcomeQuery(rows: readonly ContactImportRow[]): URLSearchParams {
  const count = (outcome: ContactImportRow["outcome"]) =>
    String(rows.filter((row) => row.outcome === outcome).length);
  return new URLSearchParams({
    created: count("created"),
    updated: count("updated"),
    unchanged: count("unchanged"),
  });
}

export default function ImportContacts() {
  const { imported } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const report = result?.report ?? null;
  const summary = errorSummary(result?.errors ?? {}, report?.errors ?? []);

  useEffect(() => {
    // The error summary focuses itself; a clean check moves focus to its outcome instead.
    if (result?.report && result.report.errors.length === 0) {
      document.getElementById(importReportId)?.focus();
    }
  }, [result]);
  // Once per arrival after an import, not on every revalidation.
  const importedOn = imported ? location.key : null;
  useEffect(() => {
    if (importedOn) document.getElementById(importedNoticeId)?.focus();
  }, [importedOn]);

  return (
    <>
      {summary.items.length > 0 ? <ErrorSummary key={result?.id} {...summary} /> : null}
      <p>
        <Link to="/staff/contacts">← All contacts</Link>
      </p>
      <h1>Import contacts</h1>
      {imported ? (
        <p id={importedNoticeId} className="notice" role="status" tabIndex={-1}>
          Imported: {imported.created} created, {imported.updated} updated, {imported.unchanged}{" "}
          unchanged.
        </p>
      ) : null}
      <div className="import-layout">
        <CsvImportForm
          key={result?.id ?? "new"}
          csv={result?.csv ?? ""}
          fileName={result?.fileName ?? null}
          errors={result?.errors ?? {}}
        />
        <ContactCsvHelp />
      </div>
      {report ? <ReportView report={report} /> : null}
    </>
  );
}

function errorSummary(
  errors: CsvUploadErrors,
  csvErrors: readonly ContactCsvError[],
): { items: ErrorSummaryItem[]; more?: ErrorSummaryItem } {
  const fieldItems = (["file", "csv"] as const).flatMap((field) => {
    const message = errors[field];
    return message ? [{ href: `#${field}`, message }] : [];
  });
  const csvItems = csvErrors.slice(0, summarisedCsvErrors).map((error, index) => ({
    href: `#${csvErrorAnchor(index)}`,
    message: describeCsvError(error),
  }));
  const hidden = csvErrors.length - csvItems.length;
  return {
    items: [...fieldItems, ...csvItems],
    more:
      hidden > 0
        ? { href: `#${csvErrorListId}`, message: `${count(hidden, "more problem")}: see them all` }
        : undefined,
  };
}

const example = `state,kind,name,email,salutation,language,verified_on
FRA,ministry,Ministère de l'Europe et des Affaires étrangères,contact@example.org,"en: Excellency; fr: Excellence",fr,2026-01-20
Kenya,new_york,Permanent Mission of Kenya to the United Nations,mission@example.org; desk@example.org,en: Excellency,en,`;

function ContactCsvHelp() {
  return (
    <aside className="help-box" aria-labelledby="csv-help-title">
      <h2 id="csv-help-title">What the CSV should look like</h2>
      <p>The first line names the columns; each further line is one office of one state.</p>
      <dl className="help-box__columns">
        <dt>state</dt>
        <dd>An ISO3 code such as FRA, or the English name. Required.</dd>
        <dt>kind</dt>
        <dd>ministry, geneva or new_york. Required; one line per state and kind.</dd>
        <dt>name</dt>
        <dd>The office's name, on one line. Required.</dd>
        <dt>email</dt>
        <dd>One to five addresses, separated by “;” or spaces. Required.</dd>
        <dt>salutation</dt>
        <dd>Per language, like “en: Excellency; fr: Excellence”.</dd>
        <dt>language</dt>
        <dd>The language of the letters, like en, fr or es; empty means en.</dd>
        <dt>verified_on, verified_by</dt>
        <dd>
          When and by whom the addresses were checked; not in the future. Without verified_by, a new
          date records you.
        </dd>
        <dt>time_zone, postal_address</dt>
        <dd>Optional, like Europe/Zurich.</dd>
      </dl>
      <p>
        A column left out keeps what is stored; an empty cell clears it. Nothing is stored while any
        line has a problem.
      </p>
      <p>Example:</p>
      <pre className="help-box__example">{example}</pre>
      <p>
        <a href="/staff/contacts.csv" download>
          Download the current contacts
        </a>{" "}
        to edit them and import them again.
      </p>
    </aside>
  );
}

function ReportView({ report }: { report: ContactImportReport }) {
  return (
    <section className="import-report" aria-labelledby={`${importReportId}-title`}>
      <h2 id={`${importReportId}-title`}>
        {report.dryRun ? "Result of the check" : "Result of the import"}
      </h2>
      <p id={importReportId} className="import-report__outcome" tabIndex={-1}>
        {outcome(report)}
      </p>
      {report.errors.length > 0 ? (
        <>
          <h3>Problems in the CSV</h3>
          <ol id={csvErrorListId} className="import-report__errors" tabIndex={-1}>
            {report.errors.map((error, index) => (
              <li key={csvErrorAnchor(index)} id={csvErrorAnchor(index)} tabIndex={-1}>
                {describeCsvError(error)}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {report.rows.length > 0 ? (
        <RowTable rows={report.rows} withErrors={report.errors.length > 0} />
      ) : null}
    </section>
  );
}

function outcome({ rows, errors }: ContactImportReport): string {
  if (errors.length > 0) {
    return `${count(errors.length, "problem")} found, so nothing was stored. Fix ${
      errors.length === 1 ? "it" : "them"
    } and check the file again.`;
  }
  const created = rows.filter((row) => row.outcome === "created").length;
  const updated = rows.filter((row) => row.outcome === "updated").length;
  return `No problems in ${count(rows.length, "row")}: ${created} new, ${updated} updated, ${
    rows.length - created - updated
  } unchanged. Press “Import” to save them.`;
}

const outcomeLabels: Record<ContactImportRow["outcome"], string> = {
  created: "New contact",
  updated: "Updated",
  unchanged: "No change",
};

function RowTable({
  rows,
  withErrors,
}: {
  rows: readonly ContactImportRow[];
  withErrors: boolean;
}) {
  return (
    <table className="import-report__rows">
      <caption>
        {withErrors ? "Rows without problems" : "Rows to save"} ({rows.length})
      </caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">State</th>
          <th scope="col">Office</th>
          <th scope="col">Effect</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.line}
            className={row.outcome === "unchanged" ? "import-report__same" : undefined}
          >
            <td>{row.line}</td>
            <th scope="row">
              {row.stateName} <span className="muted">({row.stateIso3})</span>
            </th>
            <td>{row.kind}</td>
            <td>
              {outcomeLabels[row.outcome]}
              {row.changed.length > 0 ? `: ${row.changed.join(", ")}` : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
