import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { assertCsrf } from "~/auth/csrf.server";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { CheckboxGroup, SelectField, TextAreaField } from "~/components/form-fields";
import { MultilineText } from "~/components/multiline-text";
import { PositionChangeOptions } from "~/components/position-change-options";
import type { Database } from "~/lib/db.server";
import type { FieldErrors } from "~/lib/form";
import { todayUtc } from "~/positions/positions.server";
import {
  acceptedResponseSchema,
  channelLabels,
  listResponses,
  parseResponseForm,
  type ResponseFormValues,
  ResponseInputError,
  responseChannels,
  responseFormValues,
  responseLimits,
} from "~/responses/responses.server";
import {
  acceptReport,
  listPendingReports,
  mergeReport,
  ReportAlreadyReviewedError,
  rejectReport,
  UnknownReportError,
} from "~/responses/review-queue.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Review queue · ${data.campaign.title} · ` : ""}Démarche staff` },
];

const doneNotices: Record<string, string> = {
  accepted: "Accepted: the report is now a response.",
  merged: "Merged into the existing response.",
  rejected: "Rejected the report.",
};

const kindLabels = {
  replied: "Replied",
  acknowledged: "Acknowledgement of receipt only",
  no_reply: "No reply yet",
} as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireStaff(db, request, "editor");
  const campaign = await requireCampaign(db, params.campaign);
  const [reports, responses] = await Promise.all([
    listPendingReports(db, { campaignId: campaign.id }),
    listResponses(db, { campaignId: campaign.id }),
  ]);
  const done = new URL(request.url).searchParams.get("done") ?? "";
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    asks: campaign.asks.map((a) => ({ id: a.id, title: a.title })),
    channels: responseChannels.map((value) => ({ value, label: channelLabels[value] })),
    reports: reports.map(({ receivedAt, ...report }) => ({
      ...report,
      receivedOn: receivedAt.toISOString().slice(0, 10),
      suggestedSummary: suggestedSummary(report.kind, report.text),
      // Only responses of the same state can absorb a report.
      mergeTargets: responses
        .filter((r) => r.stateIso3 === report.stateIso3)
        .map((r) => ({
          id: r.id,
          label: `${r.receivedOn} · ${channelLabels[r.channel]} · ${r.summary.slice(0, 80)}`,
        })),
    })),
    today: todayUtc(),
    notice: doneNotices[done] ?? null,
  };
}

function suggestedSummary(kind: keyof typeof kindLabels, text: string | null): string {
  if (text) return text.slice(0, responseLimits.summary);
  return kind === "acknowledged" ? "Acknowledgement of receipt." : "";
}

const reviewIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), reportId: z.coerce.number().int() }),
  z.object({
    intent: z.literal("merge"),
    reportId: z.coerce.number().int(),
    responseId: z.coerce
      .number({ message: "Choose a response" })
      .int()
      .positive("Choose a response"),
  }),
  z.object({ intent: z.literal("reject"), reportId: z.coerce.number().int(), reason: z.string() }),
]);

type ReviewIntent = z.infer<typeof reviewIntent>;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const form = await request.formData();
  await assertCsrf(request, form);
  const campaign = await requireCampaign(db, params.campaign);
  const parsed = reviewIntent.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    // The only field a person can get wrong here is the merge's choice of response.
    if (form.get("intent") !== "merge") throw new Response("Unknown review", { status: 400 });
    return failure(Number(form.get("reportId")) || 0, { responseId: "Choose a response" }, form);
  }
  try {
    await review(db, parsed.data, form, staffActor(user));
  } catch (error) {
    return reviewFailure(error, parsed.data.reportId, form);
  }
  // Post/redirect/get: a reload does not review the report twice.
  return redirect(`/staff/campaigns/${campaign.slug}/review?done=${doneOf(parsed.data.intent)}`);
}

class FormErrors extends Error {
  constructor(readonly errors: FieldErrors) {
    super("invalid form");
  }
}

async function review(
  db: Database,
  intent: ReviewIntent,
  form: FormData,
  actor: ReturnType<typeof staffActor>,
) {
  if (intent.intent === "merge") return mergeReport(db, actor, intent.reportId, intent.responseId);
  if (intent.intent === "reject") return rejectReport(db, actor, intent.reportId, intent.reason);
  const accepted = parseResponseForm(acceptedResponseSchema, form);
  if (!accepted.ok) throw new FormErrors(accepted.errors);
  await acceptReport(db, actor, intent.reportId, accepted.data);
}

function reviewFailure(error: unknown, reportId: number, form: FormData) {
  if (error instanceof FormErrors) return failure(reportId, error.errors, form);
  if (error instanceof ResponseInputError)
    return failure(reportId, { [error.field]: error.message }, form);
  if (error instanceof ReportAlreadyReviewedError)
    return failure(reportId, { form: error.message }, form, 409);
  if (error instanceof UnknownReportError)
    throw new Response("There is no such report.", { status: 404 });
  throw error;
}

function failure(reportId: number, errors: FieldErrors, form: FormData, status = 400) {
  return data(
    {
      reportId,
      intent: String(form.get("intent") ?? ""),
      errors,
      values: responseFormValues(form),
    },
    { status },
  );
}

function doneOf(intent: ReviewIntent["intent"]): string {
  return intent === "accept" ? "accepted" : intent === "merge" ? "merged" : "rejected";
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type Report = PageData["reports"][number];

export default function ReviewQueue() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/staff/campaigns/${page.campaign.slug}`;
  return (
    <>
      <p>
        <Link to={`${base}/responses`}>← {page.campaign.title}: responses</Link>
      </p>
      <h1>Review queue</h1>
      <p>
        What supporters say came back from their government, and replies caught at the reply
        address. Accept a report as a response, merge it into one already logged, or reject it.
      </p>
      {page.notice ? (
        <p className="notice" role="status">
          {page.notice}
        </p>
      ) : null}
      {result?.errors.form ? (
        <p className="notice error" role="alert">
          {result.errors.form}
        </p>
      ) : null}
      {page.reports.length === 0 ? (
        <p role="status">Nothing is waiting for review.</p>
      ) : (
        page.reports.map((report) => (
          <ReportItem
            key={report.id}
            page={page}
            report={report}
            failed={result?.reportId === report.id ? result : null}
          />
        ))
      )}
    </>
  );
}

interface Failed {
  intent: string;
  errors: FieldErrors;
  values: ResponseFormValues;
}

function ReportItem({
  page,
  report,
  failed,
}: {
  page: PageData;
  report: Report;
  failed: Failed | null;
}) {
  const heading = `report-${report.id}`;
  const reviewable = report.kind !== "no_reply";
  return (
    <article aria-labelledby={heading} className="review-report">
      <h2 id={heading}>
        {report.stateName}: {report.askTitle}
      </h2>
      <ReportFacts report={report} />
      {report.text ? (
        <blockquote>
          <MultilineText text={report.text} />
        </blockquote>
      ) : (
        <p className="muted">No text was given.</p>
      )}
      {reviewable ? (
        <AcceptForm
          page={page}
          report={report}
          failed={failed?.intent === "accept" ? failed : null}
        />
      ) : null}
      {reviewable ? (
        <MergeForm report={report} error={failed?.intent === "merge" ? failed.errors : null} />
      ) : null}
      <RejectForm report={report} failed={failed?.intent === "reject" ? failed : null} />
    </article>
  );
}

function ReportFacts({ report }: { report: Report }) {
  return (
    <dl className="facts">
      <div>
        <dt>Report</dt>
        <dd>
          {kindLabels[report.kind]}
          {report.automatic ? (
            <>
              {" "}
              <span className="badge">Automatic reply</span>
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>From</dt>
        <dd>
          {report.source === "supporter"
            ? "The supporter's answer to the follow-up"
            : `Reply address${report.fromAddress ? `: ${report.fromAddress}` : ""}`}
        </dd>
      </div>
      <div>
        <dt>Letter sent</dt>
        <dd>{report.letterSentOn ?? "Not sent"}</dd>
      </div>
      <div>
        <dt>Reported</dt>
        <dd>{report.receivedOn}</dd>
      </div>
      {report.subject ? (
        <div>
          <dt>Subject</dt>
          <dd>{report.subject}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function AcceptForm({
  page,
  report,
  failed,
}: {
  page: PageData;
  report: Report;
  failed: Failed | null;
}) {
  const id = (name: string) => `r${report.id}-${name}`;
  const errors = failed?.errors ?? {};
  const v = failed?.values.fields ?? {};
  const askIds = failed?.values.askIds ?? [String(report.askId)];
  return (
    <section aria-labelledby={id("accept")}>
      <h3 id={id("accept")}>Accept as a response</h3>
      <Form method="post" noValidate className="observation-form">
        <CsrfInput />
        <input type="hidden" name="reportId" value={report.id} />
        <TextAreaField
          id={id("summary")}
          name="summary"
          label="Summary"
          rows={4}
          defaultValue={v.summary ?? report.suggestedSummary}
          error={errors.summary}
        />
        <CheckboxGroup
          legend="Asks answered"
          name="askIds"
          options={page.asks.map((ask) => ({ value: ask.id, label: ask.title }))}
          checked={askIds}
          error={errors.askIds}
          errorId={id("askIds-error")}
        />
        <SelectField
          id={id("channel")}
          name="channel"
          label="Channel"
          error={errors.channel}
          defaultValue={v.channel ?? "email"}
        >
          {page.channels.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </SelectField>
        <Field
          id={id("receivedOn")}
          name="receivedOn"
          label="Date received"
          type="date"
          max={page.today}
          defaultValue={v.receivedOn ?? report.receivedOn}
          error={errors.receivedOn}
        />
        <SelectField
          id={id("visibility")}
          name="visibility"
          label="Who may see it"
          error={errors.visibility}
          defaultValue={v.visibility ?? "internal"}
        >
          <option value="internal">Internal (staff only)</option>
          <option value="public">Public</option>
        </SelectField>
        <SelectField
          id={id("changePosition")}
          name="changePosition"
          label="Position change (optional)"
          error={errors.changePosition}
          defaultValue={v.changePosition ?? ""}
        >
          <PositionChangeOptions />
        </SelectField>
        <SelectField
          id={id("changeAskId")}
          name="changeAskId"
          label="Position change on the ask"
          error={errors.changeAskId}
          defaultValue={v.changeAskId ?? String(report.askId)}
        >
          {page.asks.map((ask) => (
            <option key={ask.id} value={ask.id}>
              {ask.title}
            </option>
          ))}
        </SelectField>
        <p>
          <button type="submit" name="intent" value="accept">
            Accept
          </button>
        </p>
      </Form>
    </section>
  );
}

function MergeForm({ report, error }: { report: Report; error: FieldErrors | null }) {
  const id = `r${report.id}-responseId`;
  if (report.mergeTargets.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Merge into a response already logged</h3>
      <Form method="post" className="observation-form">
        <CsrfInput />
        <input type="hidden" name="reportId" value={report.id} />
        <SelectField
          id={id}
          name="responseId"
          label={`Response from ${report.stateName}`}
          error={error?.responseId}
        >
          <option value="">Choose…</option>
          {report.mergeTargets.map((target) => (
            <option key={target.id} value={target.id}>
              {target.label}
            </option>
          ))}
        </SelectField>
        <p>
          <button type="submit" name="intent" value="merge" className="secondary">
            Merge
          </button>
        </p>
      </Form>
    </section>
  );
}

function RejectForm({ report, failed }: { report: Report; failed: Failed | null }) {
  const id = `r${report.id}-reason`;
  const error = failed?.errors.reason;
  const suggested = report.kind === "no_reply" ? "No reply yet: noted." : "";
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{report.kind === "no_reply" ? "Close" : "Reject"}</h3>
      <Form method="post" noValidate className="observation-form">
        <CsrfInput />
        <input type="hidden" name="reportId" value={report.id} />
        <Field
          id={id}
          name="reason"
          label="Reason"
          maxLength={300}
          defaultValue={failed?.values.fields.reason ?? suggested}
          error={error}
        />
        <p>
          <button type="submit" name="intent" value="reject" className="danger">
            {report.kind === "no_reply" ? "Close" : "Reject"}
          </button>
        </p>
      </Form>
    </section>
  );
}
