import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { recordAudit } from "~/audit/audit-log.server";
import { assertCsrf, dropAnonymousCsrfCookie } from "~/auth/csrf.server";
import { deviceCookieAfterSignIn, readDevice } from "~/auth/device-cookie.server";
import { getStaffUser, startStaffSession } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { signInWithPassword } from "~/auth/staff-users.server";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { SiteHeader } from "~/components/site-header";
import { clientIpOf } from "~/lib/client-ip.server";
import { type FieldErrors, parseForm } from "~/lib/form";

export const meta = () => [{ title: "Staff sign-in · Démarche" }];

const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your e-mail address")
    .email("Enter a valid e-mail address"),
  password: z.string().min(1, "Enter your password"),
  redirectTo: z.string().optional(),
});

/** Only paths on the staff side: never an open redirect to another site. */
function safeRedirect(target: string | undefined): string {
  return target?.startsWith("/staff") && !target.startsWith("//") ? target : "/staff";
}

/** A page (not data) request only keeps headers a route names: keep the 429's Retry-After. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getStaffUser(context.db, request);
  if (user) throw redirect("/staff");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  await assertCsrf(request, form);
  const parsed = parseForm(signInSchema, form, ["email"]);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { email, password, redirectTo } = parsed.data;
  const { db } = context;
  const device = await readDevice(request);
  const result = await signInWithPassword(db, {
    email,
    password,
    clientIp: clientIpOf(context),
    device,
  });
  if (!result.ok) {
    // The same words for every account, real or not, locked or not.
    const message =
      result.reason === "locked"
        ? `Too many sign-in attempts. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} minute(s).`
        : "That e-mail and password do not match an active staff account.";
    return data(
      { errors: { form: message } as FieldErrors, values: { email } },
      {
        status: result.reason === "locked" ? 429 : 401,
        headers:
          result.reason === "locked" ? { "Retry-After": String(result.retryAfterSeconds) } : {},
      },
    );
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await startStaffSession(db, result.user.id));
  headers.append("Set-Cookie", await dropAnonymousCsrfCookie());
  const deviceCookie = await deviceCookieAfterSignIn(device, result.user.id);
  if (deviceCookie) headers.append("Set-Cookie", deviceCookie);
  await recordAudit(db, staffActor(result.user), {
    action: "session.sign_in",
    entityType: "staff_user",
    entityId: result.user.id,
  });
  return redirect(safeRedirect(redirectTo), { headers });
}

export default function SignIn() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>Staff sign-in</h1>
        {result?.errors.form ? (
          <p className="notice error" role="alert">
            {result.errors.form}
          </p>
        ) : null}
        <Form method="post" noValidate>
          <CsrfInput />
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/staff"} />
          <Field
            name="email"
            label="E-mail"
            type="email"
            autoComplete="username"
            required
            defaultValue={result?.values.email ?? ""}
            error={result?.errors.email}
          />
          <Field
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            error={result?.errors.password}
          />
          <p>
            <button type="submit">Sign in</button>
          </p>
        </Form>
      </main>
    </>
  );
}
