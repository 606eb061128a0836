import type { InputHTMLAttributes } from "react";
import { describedBy, LabelledControl } from "~/components/form-fields";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
}

/** A labelled input with its error announced and tied to it for screen readers. */
export function Field({ name, label, error, hint, id = name, ...input }: FieldProps) {
  return (
    <LabelledControl id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
    </LabelledControl>
  );
}
