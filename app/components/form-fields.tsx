import type { ReactNode, TextareaHTMLAttributes } from "react";

/** What a field hands its control so that screen readers tie the hint and the error to it. */
export interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/** The ids a control is described by: its hint first, then its error, as screen readers read them. */
function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  return (
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined
  );
}

/** The error under a field, announced by the control that points to `id`; several lines as a block. */
export function FieldError({ id, message }: { id: string; message?: ReactNode }) {
  if (!message) return null;
  return typeof message === "string" ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : (
    <div id={id} className="field-error">
      {message}
    </div>
  );
}

/**
 * The one field: its label, an optional hint above the control, its error below, and the
 * control (drawn by `children`) given the id and aria wiring that tie them together.
 */
export function LabelledControl({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="muted">
          {hint}
        </p>
      ) : null}
      {children({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy(id, Boolean(hint), Boolean(error)),
      })}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
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
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
  children: ReactNode;
}) {
  return (
    <LabelledControl id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <select name={name} defaultValue={defaultValue} {...control}>
          {children}
        </select>
      )}
    </LabelledControl>
  );
}

interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  name: string;
  label: ReactNode;
  error?: ReactNode;
  hint?: ReactNode;
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
      {(control) => <textarea name={name} {...textarea} {...control} />}
    </LabelledControl>
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
