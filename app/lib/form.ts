import { z } from "zod";

export type FieldErrors = Record<string, string>;

/**
 * The id of a row, from a hidden field: a positive PostgreSQL integer. Anything
 * else ("abc", 2147483648) is a field error, never a query that fails.
 */
export function recordId(message: string) {
  return z
    .string(message)
    .regex(/^[1-9][0-9]{0,9}$/, message)
    .transform(Number)
    .refine((id) => id <= 2_147_483_647, message);
}

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/**
 * Validates a submitted form with a zod schema. On failure it returns one
 * message per field and the values as typed, so the page can show both.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData,
  keep: readonly string[] = [],
): FormResult<z.infer<S>> {
  const values = formFields(form);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  // Secrets are never echoed back into the page.
  const kept = Object.fromEntries(
    Object.entries(values).filter(([key]) => keep.length === 0 || keep.includes(key)),
  );
  return { ok: false, errors, values: kept };
}

/** A form's text fields by name, without the CSRF token and the fields named in `omit`. */
export function formFields(form: FormData, omit: readonly string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && key !== "csrf" && !omit.includes(key)) values[key] = value;
  }
  return values;
}
