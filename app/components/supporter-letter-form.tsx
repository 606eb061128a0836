import { Form } from "@remix-run/react";
import { supporterLimits } from "~/letters/letter-form";
import { CsrfInput } from "./csrf-input";
import { Field } from "./field";

const languageNames = { en: "English", fr: "Français", es: "Español" } as const;

interface SupporterLetterFormProps {
  asks: { slug: string; title: string }[];
  countries: { iso3: string; name: string }[];
  values: Record<string, string>;
  errors: Record<string, string>;
  /** The letter languages the campaign offers. */
  languages: readonly string[];
  /** Where the form posts; the current page by default. */
  action?: string;
  /** The embed's own token, beside (or instead of) the staff CSRF field. */
  hiddenFields?: Record<string, string>;
  /** A partner's "send me news" line (embed with a source that has one). */
  newsConsent?: { name: string; label: string } | null;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
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
  return (
    <Form method="post" action={action} noValidate>
      <CsrfInput />
      {Object.entries(hiddenFields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {errors.form ? (
        <p className="notice error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <fieldset>
        <legend>What do you ask for?</legend>
        {asks.map((ask) => (
          <label key={ask.slug} className="choice">
            <input
              type="radio"
              name="ask"
              value={ask.slug}
              defaultChecked={values.ask === ask.slug}
            />{" "}
            {ask.title}
          </label>
        ))}
        <FieldError id="ask-error" message={errors.ask} />
      </fieldset>
      <label htmlFor="country">Your country (whose government you write to)</label>
      <select
        id="country"
        name="country"
        defaultValue={values.country ?? ""}
        aria-invalid={errors.country ? true : undefined}
        aria-describedby={errors.country ? "country-error" : undefined}
      >
        <option value="">Choose…</option>
        {countries.map((country) => (
          <option key={country.iso3} value={country.iso3}>
            {country.name}
          </option>
        ))}
      </select>
      <FieldError id="country-error" message={errors.country} />
      <Field
        name="name"
        label="Your name"
        autoComplete="name"
        maxLength={supporterLimits.name}
        defaultValue={values.name}
        error={errors.name}
      />
      <Field
        name="email"
        label="Your e-mail"
        type="email"
        autoComplete="email"
        maxLength={supporterLimits.email}
        hint="We send you a link to confirm your letter. We never publish it."
        defaultValue={values.email}
        error={errors.email}
      />
      <Field
        name="city"
        label="Your city (optional)"
        autoComplete="address-level2"
        maxLength={supporterLimits.city}
        defaultValue={values.city}
        error={errors.city}
      />
      <label htmlFor="personalParagraph">A few words of your own (optional)</label>
      <textarea
        id="personalParagraph"
        name="personalParagraph"
        rows={5}
        maxLength={supporterLimits.paragraph}
        defaultValue={values.personalParagraph}
        aria-invalid={errors.personalParagraph ? true : undefined}
        aria-describedby={errors.personalParagraph ? "personalParagraph-error" : undefined}
      />
      <FieldError id="personalParagraph-error" message={errors.personalParagraph} />
      <label htmlFor="language">Language of the letter</label>
      <select id="language" name="language" defaultValue={values.language ?? "en"}>
        {Object.entries(languageNames)
          .filter(([code]) => languages.includes(code))
          .map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
      </select>
      <FieldError id="language-error" message={errors.language} />
      <label className="choice">
        <input
          type="checkbox"
          name="consentUpdates"
          defaultChecked={values.consentUpdates === "on"}
        />{" "}
        Send me updates about this campaign
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
        <label htmlFor="website">Leave this empty</label>
        <input id="website" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <p>
        <button type="submit" name="intent" value="preview">
          Preview my letter
        </button>
      </p>
    </Form>
  );
}
