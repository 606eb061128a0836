import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { assertCsrf } from "~/auth/csrf.server";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { requireCampaign } from "~/campaigns/campaigns.server";
import type { Database } from "~/lib/db.server";
import type { FieldErrors } from "~/lib/form";
import { todayUtc } from "~/positions/positions.server";
import {
  acceptedResponseSchema,
  channelLabels,
  listResponses,
  parseResponseForm,
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
import { type kindLabels, ReportItem } from "./report-item";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Review queue · ${data.campaign.title} · ` : ""}Démarche staff` },
];

const doneNotices: Record<string, string> = {
  accepted: "Accepted: the report is now a response.",
  merged: "Merged into the existing response.",
  rejected: "Rejected the report.",
};

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

/** The page's data as its parts receive it. */
export type ReviewPageData = ReturnType<typeof useLoaderData<typeof loader>>;
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
