import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import {
  campaignSettingsSchema,
  updateCampaignSettings,
} from "~/campaigns/campaign-settings.server";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FieldError, SelectField } from "~/components/form-fields";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/form";

export const meta = () => [{ title: "Campaign settings · Démarche staff" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(database(), request, "editor");
  const c = await requireCampaign(database(), params.campaign);
  return {
    campaign: { slug: c.slug, title: c.title },
    isAdmin: user.role === "admin",
    values: {
      status: c.status,
      targetMinistry: c.targetKinds.includes("ministry") ? "on" : "",
      targetGeneva: c.targetKinds.includes("geneva") ? "on" : "",
      targetNewYork: c.targetKinds.includes("new_york") ? "on" : "",
      senderEmail: c.senderEmail ?? "",
      confirmBeforeSend: c.confirmBeforeSend ? "on" : "",
      replyToSupporter: c.replyToSupporter ? "on" : "",
      copyToSupporter: c.copyToSupporter ? "on" : "",
      lettersPerTargetPerHour: String(c.lettersPerTargetPerHour),
      officeHoursOnly: c.officeHoursOnly ? "on" : "",
      followUpDays: String(c.followUpDays),
      retentionDays: String(c.retentionDays),
    } as Record<string, string>,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = database();
  const user = await requireStaff(db, request, "editor");
  const campaign = await requireCampaign(database(), params.campaign);
  const form = await request.formData();
  await assertCsrf(request, form);
  if (user.role !== "admin") keepAdminOnlySettings(form, campaign);
  const parsed = parseForm(campaignSettingsSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await updateCampaignSettings(db, staffActor(user), campaign.id, parsed.data);
  return redirect(`/staff/campaigns/${campaign.slug}/settings?saved=1`);
}

/**
 * Who letters come from and whether supporters must confirm their address
 * decide who can mail through us in the organisation's name: admins only.
 * An editor's form carries the stored values, whatever was posted.
 */
function keepAdminOnlySettings(
  form: FormData,
  stored: { senderEmail: string | null; confirmBeforeSend: boolean },
) {
  form.set("senderEmail", stored.senderEmail ?? "");
  if (stored.confirmBeforeSend) form.set("confirmBeforeSend", "on");
  else form.delete("confirmBeforeSend");
}

const adminOnlyHint = "Only an admin can change this.";

function Checkbox({
  name,
  label,
  values,
  disabled,
}: {
  name: string;
  label: string;
  values: Record<string, string>;
  disabled?: boolean;
}) {
  return (
    <label className="choice">
      <input
        type="checkbox"
        name={name}
        defaultChecked={values[name] === "on"}
        disabled={disabled}
      />{" "}
      {label}
      {disabled ? <span className="muted"> ({adminOnlyHint})</span> : null}
    </label>
  );
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
      {params.get("saved") && !result ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      <Form method="post" noValidate>
        <CsrfInput />
        <SelectField
          name="status"
          label="Status"
          defaultValue={values.status}
          error={errors.status}
        >
          <option value="draft">Draft (not public)</option>
          <option value="active">Active (taking letters)</option>
          <option value="closed">Closed (public, no new letters)</option>
        </SelectField>
        <fieldset>
          <legend>Supporters write to</legend>
          <Checkbox name="targetMinistry" label="Their foreign ministry" values={values} />
          <Checkbox
            name="targetGeneva"
            label="Their permanent mission in Geneva (Human Rights Council asks)"
            values={values}
          />
          <Checkbox
            name="targetNewYork"
            label="Their permanent mission in New York (Security Council and General Assembly asks)"
            values={values}
          />
          <FieldError id="targetMinistry-error" message={errors.targetMinistry} />
        </fieldset>
        <fieldset>
          <legend>Sending</legend>
          <Checkbox
            name="confirmBeforeSend"
            label="Supporters confirm by e-mail before a letter is sent"
            values={values}
            disabled={!loaded.isAdmin}
          />
          <Checkbox
            name="replyToSupporter"
            label="Replies go to the supporter (Reply-To)"
            values={values}
          />
          <Checkbox name="copyToSupporter" label="Send the supporter a copy (Cc)" values={values} />
          <Checkbox
            name="officeHoursOnly"
            label="Deliver only within the office's hours (Monday to Friday, 9:00 to 17:00 in its time zone)"
            values={values}
          />
          <Field
            name="senderEmail"
            label="Sender address (optional)"
            type="email"
            hint={`Empty: the server's MAIL_FROM.${loaded.isAdmin ? "" : ` ${adminOnlyHint}`}`}
            disabled={!loaded.isAdmin}
            defaultValue={values.senderEmail}
            error={errors.senderEmail}
          />
          <Field
            name="lettersPerTargetPerHour"
            label="At most this many letters per office per hour"
            inputMode="numeric"
            defaultValue={values.lettersPerTargetPerHour}
            error={errors.lettersPerTargetPerHour}
          />
          <Field
            name="followUpDays"
            label="Days after delivery before asking “did your ministry reply?”"
            inputMode="numeric"
            defaultValue={values.followUpDays}
            error={errors.followUpDays}
          />
          <Field
            name="retentionDays"
            label="Days before supporters' own words are erased from sent letters"
            inputMode="numeric"
            defaultValue={values.retentionDays}
            error={errors.retentionDays}
          />
        </fieldset>
        <p>
          <button type="submit">Save settings</button>
        </p>
      </Form>
    </>
  );
}
