import { Form } from "@remix-run/react";
import { type LetterLanguage, supporterLimits } from "~/letters/letter-form";
import { letterLanguageNames } from "~/letters/letter-language";
import { CsrfInput } from "./csrf-input";
import { Field } from "./field";
import { letterLanguageMessages, letterTextAttributes } from "./letter-language-note";

interface SupporterLetterFormProps {
  asks: { slug: string; title: string }[];
  countries: { iso3: string; name: string }[];
  values: Record<string, string>;
  errors: Record<string, string>;
  /** The letter languages the campaign offers. */
  languages: readonly LetterLanguage[];
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
}: SupporterLetterFormProps) {
  return (
    <Form method="post" noValidate>
      <CsrfInput />
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
      <label htmlFor="language">{letterLanguageMessages.fieldLabel}</label>
      <select
        id="language"
        name="language"
        defaultValue={values.language ?? ""}
        aria-invalid={errors.language ? true : undefined}
        aria-describedby={errors.language ? "language-error" : undefined}
      >
        <option value="">{letterLanguageMessages.ministryLanguage}</option>
        {/* Each language named in itself, marked as such for screen readers. */}
        {languages.map((code) => (
          <option key={code} value={code} {...letterTextAttributes(code)}>
            {letterLanguageNames[code]}
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
