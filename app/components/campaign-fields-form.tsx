import { Field } from "~/components/field";
import { CheckboxGroup, SelectField, TextAreaField } from "~/components/form-fields";
import { publicLanguages } from "~/i18n/languages";
import { letterLanguages } from "~/letters/letter-form";
import { letterLanguageStaffNames } from "~/letters/letter-language";

/**
 * A campaign's own fields (campaign-fields.ts), on the new-campaign and edit
 * pages. `slugFixed` shows the address without a field once letters exist.
 */
export function CampaignFieldsForm({
  values,
  errors,
  slugFixed = false,
}: {
  values: Record<string, string>;
  errors: Record<string, string>;
  slugFixed?: boolean;
}) {
  return (
    <>
      {slugFixed ? (
        <p>
          Address: <code>/c/{values.slug}</code> (fixed: supporters have written from it)
          <input type="hidden" name="slug" value={values.slug} />
        </p>
      ) : (
        <Field
          name="slug"
          label="Address"
          hint="The public page is /c/ followed by this: lowercase letters, digits and hyphens, e.g. sudan-el-fasher. It cannot change once supporters have written letters."
          defaultValue={values.slug}
          error={errors.slug}
          autoCapitalize="none"
          spellCheck={false}
        />
      )}
      <SelectField
        name="defaultLanguage"
        label="Language of the campaign's texts"
        hint="The title, summary, public text and asks are written in this language. Visitors whose browser asks for none of the public languages read the pages in it; the other languages are written on the Translations page."
        defaultValue={values.defaultLanguage ?? "en"}
        error={errors.defaultLanguage}
      >
        {publicLanguages.map((language) => (
          <option key={language} value={language}>
            {letterLanguageStaffNames[language]}
          </option>
        ))}
      </SelectField>
      <Field name="title" label="Title" defaultValue={values.title} error={errors.title} />
      <TextAreaField
        name="summary"
        label="Summary"
        hint="One paragraph, shown on the home page and at the top of the campaign's page."
        rows={3}
        defaultValue={values.summary}
        error={errors.summary}
      />
      <TextAreaField
        name="publicText"
        label="Public text (optional)"
        hint="Shown on the campaign's page. Leave a blank line between paragraphs; write a link as [text](https://example.org). HTML is not allowed."
        rows={8}
        defaultValue={values.publicText}
        error={errors.publicText}
      />
      <Field
        name="startsOn"
        label="Start date"
        type="date"
        defaultValue={values.startsOn}
        error={errors.startsOn}
      />
      <Field
        name="endsOn"
        label="End date (optional)"
        type="date"
        defaultValue={values.endsOn}
        error={errors.endsOn}
      />
      <CheckboxGroup
        legend="Letter languages supporters may choose"
        name="languages"
        options={letterLanguages.map((value) => ({
          value,
          label: letterLanguageStaffNames[value],
        }))}
        checked={(values.languages ?? "").split(",")}
        error={errors.languages}
        errorId="languages-error"
        describeError
      />
    </>
  );
}
