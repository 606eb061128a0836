import { Form } from "@remix-run/react";
import { formErrorMessage } from "~/i18n/form-errors";
import { useT } from "~/i18n/use-t";
import { type LetterLanguage, supporterLimits } from "~/letters/letter-form";
import { letterLanguageNames } from "~/letters/letter-language";
import { CsrfInput } from "./csrf-input";
import { Field } from "./field";
import { FieldError, SelectField, TextAreaField } from "./form-fields";
import { letterTextAttributes } from "./letter-language-note";
import { untranslatedAttributes } from "./untranslated";

interface SupporterLetterFormProps {
  asks: { slug: string; title: string; titleLang?: string | null }[];
  countries: { iso3: string; name: string }[];
  values: Record<string, string>;
  errors: Record<string, string>;
  /** The letter languages the campaign offers. */
  languages: readonly LetterLanguage[];
  /** Where the form posts; the current page by default. */
  action?: string;
  /** The embed's own token, beside (or instead of) the staff CSRF field. */
  hiddenFields?: Record<string, string>;
  /** A partner's "send me news" line (embed with a source that has one). */
  newsConsent?: { name: string; label: string } | null;
}

/** The supporter's form: plain HTML that works without JavaScript. */
export function SupporterLetterForm({
  asks,
  countries,
  values,
  errors,
  languages,
  action,
  hiddenFields = {},
  newsConsent,
}: SupporterLetterFormProps) {
  const { t } = useT();
  const translated = (message: string | undefined) => {
    if (!message) return undefined;
    const { key, values } = formErrorMessage(message);
    return t(key, values);
  };
  return (
    <Form method="post" action={action} noValidate>
      <CsrfInput />
      {Object.entries(hiddenFields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {errors.form ? (
        <p className="notice error" role="alert">
          {translated(errors.form)}
        </p>
      ) : null}
      <fieldset>
        <legend>{t("write.ask")}</legend>
        {asks.map((ask) => (
          <label key={ask.slug} className="choice">
            <input
              type="radio"
              name="ask"
              value={ask.slug}
              defaultChecked={values.ask === ask.slug}
            />{" "}
            <span {...untranslatedAttributes(ask.titleLang)}>{ask.title}</span>
          </label>
        ))}
        <FieldError id="ask-error" message={translated(errors.ask)} />
      </fieldset>
      <SelectField
        name="country"
        label={t("write.country")}
        defaultValue={values.country ?? ""}
        error={translated(errors.country)}
      >
        <option value="">{t("write.choose")}</option>
        {countries.map((country) => (
          <option key={country.iso3} value={country.iso3}>
            {country.name}
          </option>
        ))}
      </SelectField>
      <Field
        name="name"
        label={t("write.name")}
        autoComplete="name"
        maxLength={supporterLimits.name}
        defaultValue={values.name}
        error={translated(errors.name)}
      />
      <Field
        name="email"
        label={t("write.email")}
        type="email"
        autoComplete="email"
        maxLength={supporterLimits.email}
        hint={t("write.emailHint")}
        defaultValue={values.email}
        error={translated(errors.email)}
      />
      <Field
        name="city"
        label={t("write.city")}
        autoComplete="address-level2"
        maxLength={supporterLimits.city}
        defaultValue={values.city}
        error={translated(errors.city)}
      />
      <TextAreaField
        name="personalParagraph"
        label={t("write.paragraph")}
        rows={5}
        maxLength={supporterLimits.paragraph}
        defaultValue={values.personalParagraph}
        error={translated(errors.personalParagraph)}
      />
      <SelectField
        name="language"
        label={t("write.language")}
        defaultValue={values.language ?? ""}
        error={translated(errors.language)}
      >
        <option value="">{t("write.languageMinistry")}</option>
        {/* Each language named in itself, marked as such for screen readers. */}
        {languages.map((code) => (
          <option key={code} value={code} {...letterTextAttributes(code)}>
            {letterLanguageNames[code]}
          </option>
        ))}
      </SelectField>
      <label className="choice">
        <input
          type="checkbox"
          name="consentUpdates"
          defaultChecked={values.consentUpdates === "on"}
        />{" "}
        {t("write.updates")}
      </label>
      {newsConsent ? (
        <label className="choice">
          <input
            type="checkbox"
            name={newsConsent.name}
            defaultChecked={values[newsConsent.name] === "on"}
          />{" "}
          {newsConsent.label}
        </label>
      ) : null}
      {/* A field people never see: bots fill it in, and such letters are refused. */}
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="website">{t("write.honeypot")}</label>
        <input id="website" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <p>
        <button type="submit" name="intent" value="preview">
          {t("write.previewButton")}
        </button>
      </p>
    </Form>
  );
}
