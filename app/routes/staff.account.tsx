import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { roleDescriptions } from "~/auth/roles";
import {
  countOtherStaffSessions,
  endOtherStaffSessions,
  requireStaff,
} from "~/auth/session.server";
import { changeOwnPassword, passwordChangeSchema } from "~/auth/staff-users.server";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { type FieldErrors, parseForm } from "~/lib/form";

export const meta = () => [{ title: "Your account · Démarche staff" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  return {
    email: user.email,
    role: user.role,
    roleDescription: roleDescriptions[user.role],
    otherSessions: await countOtherStaffSessions(db, request, user.id),
  };
}

const signedOutOthers = (count: number) =>
  `${count} other ${count === 1 ? "session was" : "sessions were"} signed out.`;

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const form = await request.formData();
  await assertCsrf(request, form);
  if (form.get("intent") === "sign-out-others") {
    const ended = await endOtherStaffSessions(db, request, user);
    return { notice: signedOutOthers(ended), errors: {} as FieldErrors };
  }
  // Passwords are never sent back into the page, not even on an error.
  const parsed = parseForm(passwordChangeSchema, form, ["intent"]);
  if (!parsed.ok) return data({ notice: null, errors: parsed.errors }, { status: 400 });
  if (!(await changeOwnPassword(db, user.id, parsed.data))) {
    const errors: FieldErrors = { currentPassword: "That is not your current password" };
    return data({ notice: null, errors }, { status: 400 });
  }
  const ended = await endOtherStaffSessions(db, request, user);
  return { notice: `Password changed. ${signedOutOthers(ended)}`, errors: {} as FieldErrors };
}

export default function Account() {
  const account = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <>
      <h1>Your account</h1>
      <p>
        Signed in as <strong>{account.email}</strong>, {account.role}:{" "}
        {account.roleDescription.toLowerCase()}.
      </p>
      {result?.notice ? (
        <p className="notice" role="status">
          {result.notice}
        </p>
      ) : null}
      <h2>Change your password</h2>
      {/* A new key after each answer empties the fields: passwords are never kept. */}
      <Form method="post" noValidate key={result?.notice ?? "form"}>
        <CsrfInput />
        <Field
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.currentPassword}
        />
        <Field
          name="newPassword"
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters."
          required
          error={errors.newPassword}
        />
        <Field
          name="confirmPassword"
          label="New password again"
          type="password"
          autoComplete="new-password"
          required
          error={errors.confirmPassword}
        />
        <p>
          <button type="submit" name="intent" value="password">
            Change password
          </button>
        </p>
      </Form>
      <h2>Your sessions</h2>
      <p>
        {account.otherSessions === 0
          ? "You are signed in only here."
          : `You are also signed in ${account.otherSessions === 1 ? "once" : `${account.otherSessions} times`} elsewhere (another browser or device).`}{" "}
        Changing your password signs those out too.
      </p>
      <Form method="post">
        <CsrfInput />
        <button type="submit" name="intent" value="sign-out-others" className="secondary">
          Sign out everywhere else
        </button>
      </Form>
    </>
  );
}
