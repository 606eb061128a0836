import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import {
  CampaignRefusedError,
  campaignHasLetters,
  updateCampaign,
} from "~/campaigns/campaign-authoring.server";
import {
  campaignFormSchema,
  campaignFormValues,
  campaignStatus,
  fieldErrors,
} from "~/campaigns/campaign-fields";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { CampaignFieldsForm } from "~/components/campaign-fields-form";
import { CampaignStatusForm } from "~/components/campaign-status-form";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorSummary } from "~/components/error-summary";

export const meta = () => [{ title: "Campaign details · Démarche staff" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireStaff(db, request, "editor");
  const c = await requireCampaign(db, params.campaign);
  return {
    campaign: { slug: c.slug, title: c.title, status: c.status },
    slugFixed: await campaignHasLetters(db, c.id),
    values: {
      slug: c.slug,
      title: c.title,
      summary: c.summary,
      publicText: c.publicText,
      startsOn: c.startsOn,
      endsOn: c.endsOn ?? "",
      languages: c.languages.join(","),
      defaultLanguage: c.defaultLanguage,
    } as Record<string, string>,
  };
}

/** Saves the details (intent "details") or moves the campaign to another status ("status"). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const campaign = await requireCampaign(db, params.campaign);
  const form = await request.formData();
  await assertCsrf(request, form);
  const values = campaignFormValues(form);
  const parsed =
    values.intent === "status"
      ? campaignStatus.safeParse(values.status).success
        ? { success: true as const, data: { status: campaignStatus.parse(values.status) } }
        : { success: false as const, errors: { status: "Choose draft, open, paused or closed" } }
      : campaignFormSchema.safeParse(values);
  if (!parsed.success) {
    const errors = "errors" in parsed ? parsed.errors : fieldErrors(parsed.error);
    return data({ errors, values }, { status: 400 });
  }
  try {
    const updated = await updateCampaign(db, staffActor(user), campaign.id, parsed.data);
    const next = values.intent === "status" ? `?status=${updated.status}` : "?saved=1";
    return redirect(`/staff/campaigns/${updated.slug}/edit${next}`);
  } catch (error) {
    if (!(error instanceof CampaignRefusedError)) throw error;
    return data({ errors: { [error.field]: error.message }, values }, { status: error.httpStatus });
  }
}

export default function CampaignDetails() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const details = result?.values.intent === "details" ? result : null;
  const values = details?.values ?? loaded.values;
  const errors: Record<string, string> = result?.errors ?? {};
  const base = `/staff/campaigns/${loaded.campaign.slug}`;
  return (
    <>
      <p className="actions">
        <Link to={base}>← {loaded.campaign.title}: tracker</Link>
        <Link to={`${base}/settings`}>Sending settings</Link>
      </p>
      <h1>Campaign details and status</h1>
      {params.get("saved") && !result ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      <ErrorSummary
        key={JSON.stringify(errors)}
        items={Object.entries(errors).map(([field, message]) => ({ href: `#${field}`, message }))}
      />
      <CampaignStatusForm
        slug={loaded.campaign.slug}
        status={loaded.campaign.status}
        error={errors.status}
        changed={params.get("status") && !result ? loaded.campaign.status : null}
      />
      <h2>Details</h2>
      <Form method="post" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="details" />
        <CampaignFieldsForm values={values} errors={errors} slugFixed={loaded.slugFixed} />
        <p>
          <button type="submit">Save the details</button>
        </p>
      </Form>
    </>
  );
}
