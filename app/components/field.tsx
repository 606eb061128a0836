import type { InputHTMLAttributes } from "react";
import { describedBy, FieldError } from "~/components/form-fields";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
}

/** A labelled input with its error announced and tied to it for screen readers. */
export function Field({ name, label, error, hint, id = name, ...input }: FieldProps) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="muted">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
