import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import {
  campaignSettingsSchema,
  keepAdminOnlySettings,
  settingsFormValues,
  updateCampaignSettings,
} from "~/campaigns/campaign-settings.server";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { CampaignSettingsFields } from "~/components/campaign-settings-fields";
import { CsrfInput } from "~/components/csrf-input";
import { parseForm } from "~/lib/form";

export const meta = () => [{ title: "Campaign settings · Démarche staff" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const c = await requireCampaign(db, params.campaign);
  return {
    campaign: { slug: c.slug, title: c.title },
    isAdmin: user.role === "admin",
    values: settingsFormValues(c),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const campaign = await requireCampaign(db, params.campaign);
  const form = await request.formData();
  await assertCsrf(request, form);
  if (user.role !== "admin") keepAdminOnlySettings(form, campaign);
  const parsed = parseForm(campaignSettingsSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await updateCampaignSettings(db, staffActor(user), campaign.id, parsed.data);
  return redirect(`/staff/campaigns/${campaign.slug}/settings?saved=1`);
}

export default function CampaignSettings() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const values = result?.values ?? loaded.values;
  const errors: Record<string, string> = result?.errors ?? {};
  const base = `/staff/campaigns/${loaded.campaign.slug}`;
  return (
    <>
      <p className="actions">
        <Link to={base}>← {loaded.campaign.title}: tracker</Link>
      </p>
      <h1>Campaign settings</h1>
      <p>
        How letters are addressed and sent. To open, pause or close the campaign, use{" "}
        <Link to={`${base}/edit`}>the campaign's details and status</Link>.
      </p>
      {params.get("saved") && !result ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      <Form method="post" noValidate>
        <CsrfInput />
        <CampaignSettingsFields values={values} errors={errors} isAdmin={loaded.isAdmin} />
        <p>
          <button type="submit">Save settings</button>
        </p>
      </Form>
    </>
  );
}
