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
import { getAsk, openAsks } from "~/campaigns/asks.server";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { ErrorSummary, type ErrorSummaryItem } from "~/components/error-summary";
import {
  csvErrorAnchor,
  csvErrorListId,
  describeCsvError,
  ImportReportView,
  importReportId,
} from "~/components/import-report";
import { csvPartTooLargeMessage, readCsvUploadForm, uploadedCsv } from "~/lib/csv-upload.server";
import { maxEvidenceChars } from "~/positions/position-csv.server";
import { type ImportReport, importPositions } from "~/positions/position-import.server";
import styles from "~/styles/positions.css";
import { PositionCsvHelp } from "./position-csv-help";
import { type ImportFieldErrors, PositionImportForm } from "./position-import-form";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta = () => [{ title: "Import positions · Démarche staff" }];

/** The error summary lists this many CSV problems and links to the full list for the rest. */
const summarisedCsvErrors = 10;
const importedNoticeId = "imported-notice";

const importedQuery = z.object({
  ask: z.string().default(""),
  imported: z.coerce.number().int().nonnegative().optional(),
  changes: z.coerce.number().int().nonnegative().optional(),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireStaff(db, request, "editor");
  const campaign = await requireCampaign(db, params.campaign);
  const query = importedQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const { ask, imported, changes } = query.success ? query.data : { ask: "" };
  const known = campaign.asks.find((a) => a.slug === ask);
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    asks: openAsks(campaign.asks).map(({ slug, title }) => ({ slug, title })),
    selectedAsk: known?.slug ?? "",
    maxEvidenceChars,
    imported:
      known && imported !== undefined
        ? { askSlug: known.slug, askTitle: known.title, rows: imported, changes: changes ?? 0 }
        : null,
  };
}

const importForm = z.object({
  ask: z.string().trim().min(1, "Choose the ask these positions are about"),
  csv: z.string().default(""),
  intent: z.enum(["check", "import"]).catch("check"),
});

interface ImportResult {
  /** New on every submission, so the form's fields start again from what the server returns. */
  id: string;
  values: { ask: string; csv: string };
  /** The uploaded file whose text is now in the textarea, so "Import" needs no second upload. */
  fileName: string | null;
  errors: ImportFieldErrors;
  report: ImportReport | null;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const campaignSlug = params.campaign ?? "";
  const upload = await readCsvUploadForm(request, context.config.MAX_UPLOAD_BYTES);
  await assertCsrf(request, upload.form);
  const fields = Object.fromEntries(
    [...upload.form].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const values = { ask: fields.ask ?? "", csv: fields.csv ?? "" };
  const result = (errors: ImportFieldErrors, report: ImportReport | null = null) => ({
    id: crypto.randomUUID(),
    values,
    fileName: null,
    errors,
    report,
  });
  if (upload.tooLarge) {
    const errors = { [upload.tooLarge]: csvPartTooLargeMessage };
    return data<ImportResult>(result(errors), { status: 413 });
  }

  const parsed = importForm.safeParse(fields);
  const errors: ImportFieldErrors = {};
  if (!parsed.success) errors.ask = parsed.error.issues[0]?.message;
  const found = parsed.success ? await getAsk(db, campaignSlug, parsed.data.ask) : null;
  if (parsed.success && (!found || found.ask.retiredAt !== null))
    errors.ask = "Choose one of this campaign's asks";

  const file = await uploadedCsv(upload.form.get("file"));
  if (file && !file.ok) errors.file = file.error;
  // A chosen file replaces the pasted text, and its text comes back in the textarea.
  const csv = file?.ok ? file.text : values.csv;
  const fileName = file?.ok ? file.name : null;
  if (!file && csv.trim() === "") errors.csv = "Choose a CSV file or paste the CSV text";
  if (!parsed.success || !found || found.ask.retiredAt !== null || Object.keys(errors).length > 0) {
    return data<ImportResult>({ ...result(errors), fileName, values: { ...values, csv } }, 400);
  }

  const report = await importPositions(db, staffActor(user), found.ask.id, csv, {
    dryRun: parsed.data.intent === "check",
  });
  if (report.applied) {
    // Post/redirect/get: reloading the page must not record the observations twice.
    const changes = report.rows.filter((row) => row.changes).length;
    const query = new URLSearchParams({
      ask: found.ask.slug,
      imported: String(report.rows.length),
      changes: String(changes),
    });
    throw redirect(`/staff/campaigns/${campaignSlug}/import?${query}`);
  }
  return data<ImportResult>(
    { ...result({}, report), fileName, values: { ...values, csv } },
    { status: report.errors.length > 0 ? 400 : 200 },
  );
}

export default function ImportPositions() {
  const { campaign, asks, selectedAsk, imported, maxEvidenceChars } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const report = result?.report ?? null;
  const summary = errorSummary(result?.errors ?? {}, report);

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
      <p className="muted">
        <Link to="/staff">Dashboard</Link> › {campaign.title}
      </p>
      <h1>Import positions</h1>
      {imported ? (
        <p id={importedNoticeId} className="notice" role="status" tabIndex={-1}>
          Imported {count(imported.rows, "observation")} ({count(imported.changes, "change")}) on “
          {imported.askTitle}”.{" "}
          <Link to={`/staff/campaigns/${campaign.slug}/asks/${imported.askSlug}/map`}>
            See the map
          </Link>
        </p>
      ) : null}
      <div className="import-layout">
        <PositionImportForm
          key={`${location.key} ${result?.id ?? ""}`}
          asks={asks}
          values={result?.values ?? { ask: selectedAsk, csv: "" }}
          fileName={result?.fileName ?? null}
          errors={result?.errors ?? {}}
        />
        <PositionCsvHelp
          templateHref={`/staff/campaigns/${campaign.slug}/import.csv`}
          maxEvidenceChars={maxEvidenceChars}
        />
      </div>
      {report ? <ImportReportView report={report} /> : null}
    </>
  );
}

function errorSummary(
  errors: ImportFieldErrors,
  report: ImportReport | null,
): { items: ErrorSummaryItem[]; more?: ErrorSummaryItem } {
  const fieldItems = (["ask", "file", "csv"] as const).flatMap((field) => {
    const message = errors[field];
    return message ? [{ href: `#${field}`, message }] : [];
  });
  const csvErrors = report?.errors ?? [];
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

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
