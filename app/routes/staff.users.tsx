import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { assertCsrf } from "~/auth/csrf.server";
import { roleDescriptions, staffRoles } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import {
  changeStaffRole,
  createStaffUser,
  DuplicateEmailError,
  LastAdminError,
  listStaffUsers,
  newStaffUserSchema,
  setStaffUserDisabled,
} from "~/auth/staff-users.server";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { type FieldErrors, parseForm, recordId } from "~/lib/form";

export const meta = () => [{ title: "Staff accounts · Démarche staff" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireStaff(db, request, "admin");
  const users = await listStaffUsers(db);
  return {
    users: users.map((u) => ({ ...u, disabled: Boolean(u.disabledAt) })),
  };
}

const userId = recordId("Choose an account from the list");
const accountChange = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("role"),
    userId,
    role: z.enum(staffRoles),
  }),
  z.object({ intent: z.literal("disable"), userId }),
  z.object({ intent: z.literal("enable"), userId }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = context;
  const admin = await requireStaff(db, request, "admin");
  const form = await request.formData();
  await assertCsrf(request, form);
  const actor = staffActor(admin);
  if (form.get("intent") === "create") {
    const parsed = parseForm(newStaffUserSchema, form, ["email", "role", "displayName"]);
    if (!parsed.ok) return data({ ...parsed, notice: null }, { status: 400 });
    try {
      const user = await createStaffUser(db, actor, parsed.data);
      return { ok: true as const, notice: `Created ${user.email} as ${user.role}.` };
    } catch (error) {
      if (!(error instanceof DuplicateEmailError)) throw error;
      const values = { email: parsed.data.email, role: parsed.data.role };
      return data(
        {
          ok: false as const,
          errors: { email: error.message } as FieldErrors,
          values: values as Record<string, string>,
          notice: null,
        },
        { status: 409 },
      );
    }
  }
  const change = parseForm(accountChange, form);
  if (!change.ok) {
    return data({ ...change, notice: null }, { status: 400 });
  }
  try {
    if (change.data.intent === "role")
      await changeStaffRole(db, actor, change.data.userId, change.data.role);
    else
      await setStaffUserDisabled(db, actor, change.data.userId, change.data.intent === "disable");
  } catch (error) {
    if (!(error instanceof LastAdminError)) throw error;
    return data(
      {
        ok: false as const,
        errors: { form: error.message } as FieldErrors,
        values: {} as Record<string, string>,
        notice: null,
      },
      { status: 409 },
    );
  }
  return { ok: true as const, notice: "Saved." };
}

export default function StaffUsers() {
  const { users } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: FieldErrors = result && !result.ok ? result.errors : {};
  const values: Record<string, string> = result && !result.ok ? result.values : {};
  return (
    <>
      <h1>Staff accounts</h1>
      {result?.notice ? (
        <p className="notice" role="status">
          {result.notice}
        </p>
      ) : null}
      {errors.form || errors.userId ? (
        <p className="notice error" role="alert">
          {errors.form ?? errors.userId}
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.email}</td>
              <td>
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="role" />
                  <input type="hidden" name="userId" value={user.id} />
                  <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                    Role of {user.email}
                  </label>
                  <select id={`role-${user.id}`} name="role" defaultValue={user.role}>
                    {staffRoles.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>{" "}
                  <button type="submit" className="secondary">
                    Change role
                  </button>
                </Form>
              </td>
              <td>
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="userId" value={user.id} />
                  {user.disabled ? "Disabled " : "Active "}
                  <button
                    type="submit"
                    name="intent"
                    value={user.disabled ? "enable" : "disable"}
                    className="secondary"
                  >
                    {user.disabled ? "Enable" : "Disable"}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add a staff account</h2>
      <Form method="post" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <Field
          name="email"
          label="E-mail"
          type="email"
          required
          defaultValue={values.email}
          error={errors.email}
        />
        <Field
          name="displayName"
          label="Name (optional)"
          defaultValue={values.displayName}
          error={errors.displayName}
        />
        <label htmlFor="new-role">Role</label>
        <select id="new-role" name="role" defaultValue={values.role ?? "viewer"}>
          {staffRoles.map((role) => (
            <option key={role} value={role}>
              {role}: {roleDescriptions[role]}
            </option>
          ))}
        </select>
        {errors.role ? <p className="field-error">{errors.role}</p> : null}
        <Field
          name="password"
          label="Initial password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters. Share it privately; they can keep it or ask an admin to reset it."
          error={errors.password}
        />
        <p>
          <button type="submit">Add account</button>
        </p>
      </Form>
    </>
  );
}
