import type { ReactNode, TextareaHTMLAttributes } from "react";

/** The ids a control is described by: its hint first, then its error, as screen readers read them. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return (
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined
  );
}

/** The error under a field, announced by the control that points to `id`. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}

/** A labelled select with its error tied to it, like `Field` for inputs. */
export function SelectField({
  name,
  id = name,
  label,
  hint,
  error,
  defaultValue,
  children,
}: {
  name: string;
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  children: ReactNode;
}) {
  return (
    <LabelledControl id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {children}
      </select>
    </LabelledControl>
  );
}

interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
}

/** `Field`'s multi-line sibling: the error is announced and tied to the box. */
export function TextAreaField({
  name,
  id = name,
  label,
  error,
  hint,
  ...textarea
}: TextAreaFieldProps) {
  return (
    <LabelledControl id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...textarea}
      />
    </LabelledControl>
  );
}

/** The frame every single control shares: its label, an optional hint above it, its error below. */
export function LabelledControl({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="muted">
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/**
 * Checkboxes sharing one name under a legend. `describeError` ties the error to the group for
 * screen readers where the form announces it.
 */
export function CheckboxGroup({
  legend,
  name,
  options,
  checked,
  error,
  errorId,
  describeError = false,
}: {
  legend: string;
  name: string;
  options: { value: string | number; label: string }[];
  checked: readonly string[];
  error?: string;
  errorId: string;
  describeError?: boolean;
}) {
  return (
    <fieldset className="choices" aria-describedby={describeError && error ? errorId : undefined}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input
            type="checkbox"
            name={name}
            value={option.value}
            defaultChecked={checked.includes(String(option.value))}
          />{" "}
          {option.label}
        </label>
      ))}
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}

/** Who may see a record: internal by default, since it may hold sensitive diplomatic information. */
export function VisibilityChoice({ value, error }: { value?: string; error?: string }) {
  return (
    <fieldset aria-describedby={error ? "visibility-error" : "visibility-hint"} className="choices">
      <legend>Who may see it</legend>
      <p id="visibility-hint" className="muted">
        Keep sensitive diplomatic information internal.
      </p>
      {(["internal", "public"] as const).map((visibility) => (
        <label key={visibility} className="choice">
          <input
            type="radio"
            name="visibility"
            value={visibility}
            defaultChecked={(value ?? "internal") === visibility}
          />{" "}
          {visibility === "internal" ? "Internal (staff only)" : "Public"}
        </label>
      ))}
      <FieldError id="visibility-error" message={error} />
    </fieldset>
  );
}
