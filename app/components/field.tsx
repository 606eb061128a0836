import type { InputHTMLAttributes, ReactNode } from "react";
import { LabelledControl } from "~/components/form-fields";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
}

/** A labelled input with its error announced and tied to it for screen readers. */
export function Field({ name, label, error, hint, id = name, ...input }: FieldProps) {
  return (
    <LabelledControl id={id} label={label} hint={hint} error={error}>
      {(control) => <input name={name} {...input} {...control} />}
    </LabelledControl>
  );
}
