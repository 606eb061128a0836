import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { openAsks } from "~/campaigns/asks.server";
import { CampaignRefusedError, createCampaign } from "~/campaigns/campaign-authoring.server";
import { campaignFormSchema, campaignFormValues, fieldErrors } from "~/campaigns/campaign-fields";
import {
  campaignSettingsSchema,
  defaultCampaignSettings,
  keepAdminOnlySettings,
  settingsFormValues,
} from "~/campaigns/campaign-settings.server";
import { getCampaignWithAsks, listCampaigns } from "~/campaigns/campaigns.server";
import { CampaignFieldsForm } from "~/components/campaign-fields-form";
import { CampaignSettingsFields } from "~/components/campaign-settings-fields";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField } from "~/components/form-fields";
import { letterLanguages } from "~/letters/letter-form";

export const meta = () => [{ title: "New campaign · Démarche staff" }];

/** `?from=slug` fills the form with that campaign's languages and settings. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const fromSlug = new URL(request.url).searchParams.get("from") ?? "";
  const source = fromSlug ? await getCampaignWithAsks(db, fromSlug) : null;
  const campaigns = await listCampaigns(db);
  return {
    campaigns: campaigns.map(({ slug, title }) => ({ slug, title })),
    isAdmin: user.role === "admin",
    source: source
      ? { slug: source.slug, title: source.title, asks: openAsks(source.asks).length }
      : null,
    values: {
      slug: "",
      title: "",
      summary: "",
      publicText: "",
      startsOn: new Date().toISOString().slice(0, 10),
      endsOn: "",
      languages: (source?.languages ?? letterLanguages).join(","),
      defaultLanguage: source?.defaultLanguage ?? "en",
      from: source?.slug ?? "",
      withPositions: "",
      ...settingsFormValues(source ?? defaultCampaignSettings),
    } as Record<string, string>,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const form = await request.formData();
  await assertCsrf(request, form);
  if (user.role !== "admin") {
    // An editor's new campaign keeps the admin-only settings of its source, or the defaults.
    const from = form.get("from");
    const source = typeof from === "string" && from ? await getCampaignWithAsks(db, from) : null;
    keepAdminOnlySettings(form, source ?? defaultCampaignSettings);
  }
  const values = campaignFormValues(form);
  const fields = campaignFormSchema.safeParse(values);
  const settings = campaignSettingsSchema.safeParse(values);
  if (!fields.success || !settings.success) {
    const errors = {
      ...(settings.success ? {} : fieldErrors(settings.error)),
      ...(fields.success ? {} : fieldErrors(fields.error)),
    };
    return data({ errors, values }, { status: 400 });
  }
  const copy = values.from
    ? { fromSlug: values.from, withPositions: values.withPositions === "on" }
    : undefined;
  try {
    const campaign = await createCampaign(
      db,
      staffActor(user),
      { ...fields.data, settings: settings.data },
      copy,
    );
    return redirect(`/staff/campaigns/${campaign.slug}?created=1`);
  } catch (error) {
    if (!(error instanceof CampaignRefusedError)) throw error;
    return data({ errors: { [error.field]: error.message }, values }, { status: error.httpStatus });
  }
}

export default function NewCampaign() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? loaded.values;
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <>
      <p className="actions">
        <Link to="/staff">← Dashboard</Link>
      </p>
      <h1>New campaign</h1>
      <p>A new campaign starts as a draft: only staff see it until you open it.</p>
      <Form method="get" className="filters">
        <SelectField name="from" label="Start from an earlier campaign" defaultValue={values.from}>
          <option value="">No: start empty</option>
          {loaded.campaigns.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.title}
            </option>
          ))}
        </SelectField>
        <div className="filters__buttons">
          <button type="submit">Use it</button>
        </div>
      </Form>
      <ErrorSummary
        key={JSON.stringify(errors)}
        items={Object.entries(errors).map(([field, message]) => ({ href: `#${field}`, message }))}
      />
      <Form method="post" noValidate>
        <CsrfInput />
        {loaded.source ? (
          <fieldset>
            <legend>Started from “{loaded.source.title}”</legend>
            <input type="hidden" name="from" value={loaded.source.slug} />
            <p>
              Its {loaded.source.asks} open asks, letter template versions and settings are copied.
              Its retired asks, letters, supporters and responses are not.
            </p>
            <label className="choice">
              <input
                type="checkbox"
                name="withPositions"
                defaultChecked={values.withPositions === "on"}
              />{" "}
              Also carry its current positions over as this campaign's starting positions (each
              keeps its source and date)
            </label>
          </fieldset>
        ) : null}
        <CampaignFieldsForm values={values} errors={errors} />
        <CampaignSettingsFields values={values} errors={errors} isAdmin={loaded.isAdmin} />
        <p>
          <button type="submit">Create the draft</button>
        </p>
      </Form>
    </>
  );
}
