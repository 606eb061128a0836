import { LabelledControl } from "~/components/form-fields";
import { letterTextAttributes } from "~/components/letter-language-note";
import type { LetterLanguage } from "~/letters/letter-form";
import type { TemplateError } from "~/templates/letter-template";
import type { LetterTemplateField } from "~/templates/letter-templates.server";
import { fieldNames } from "./template-names";

export function TemplateField({
  language,
  name,
  rows,
  hint,
  defaultValue,
  errors,
}: {
  language: LetterLanguage;
  name: LetterTemplateField;
  rows: number;
  hint: string;
  defaultValue: string;
  errors: TemplateError[] | undefined;
}) {
  return (
    <LabelledControl
      id={name}
      label={fieldNames[name]}
      hint={hint}
      error={errors?.map((error) => (
        <p key={`${error.line}:${error.column}:${error.message}`}>{describeError(error)}</p>
      ))}
    >
      {(control) => (
        <textarea
          name={name}
          rows={rows}
          defaultValue={defaultValue}
          {...letterTextAttributes(language)}
          {...control}
        />
      )}
    </LabelledControl>
  );
}

export function describeError(error: TemplateError): string {
  return `Line ${error.line}, column ${error.column}: ${error.message}`;
}
