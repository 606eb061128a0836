import { Field } from "~/components/field";
import { FieldError } from "~/components/form-fields";

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

/**
 * The sending settings (campaign-settings.server.ts), on the settings page and the new-campaign
 * form. The sender address and the confirmation step are admin-only (keepAdminOnlySettings).
 */
export function CampaignSettingsFields({
  values,
  errors,
  isAdmin,
}: {
  values: Record<string, string>;
  errors: Record<string, string>;
  isAdmin: boolean;
}) {
  return (
    <>
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
          disabled={!isAdmin}
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
          hint={`Empty: the server's MAIL_FROM.${isAdmin ? "" : ` ${adminOnlyHint}`}`}
          disabled={!isAdmin}
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
    </>
  );
}
