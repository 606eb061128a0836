import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { defaultTokenDays, tokenExpirySchema, tokenNameSchema } from "~/auth/api-token-rules";
import { createApiToken, listApiTokens, revokeApiToken } from "~/auth/api-tokens.server";
import { assertCsrf } from "~/auth/csrf.server";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { SelectField } from "~/components/form-fields";
import { type FieldErrors, parseForm, recordId } from "~/lib/form";

export const meta = () => [{ title: "API tokens · Démarche staff" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  // Admins see (and can revoke) everyone's tokens; others their own.
  const listed = await listApiTokens(db, user.role === "admin" ? undefined : user.id);
  const now = new Date();
  const tokens = listed.map((t) => ({ ...t, expired: t.expiresAt !== null && t.expiresAt <= now }));
  return { tokens, isAdmin: user.role === "admin" };
}

const revokeSchema = z.object({ tokenId: recordId("Choose a token from the list") });
const newTokenSchema = z.object({
  name: tokenNameSchema,
  // A form without the field (an old page) gets the default, never "never".
  expiresInDays: tokenExpirySchema
    .optional()
    .transform((v) => (v === undefined ? defaultTokenDays : v)),
});

const expiryChoices = [
  { value: "30", label: "in 30 days" },
  { value: String(defaultTokenDays), label: `in ${defaultTokenDays} days` },
  { value: "365", label: "in a year" },
  { value: "never", label: "never (not recommended)" },
];

const day = (at: string | Date) => new Date(at).toISOString().slice(0, 10);

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const form = await request.formData();
  await assertCsrf(request, form);
  const actor = staffActor(user);
  if (form.get("intent") === "revoke") {
    const revoke = parseForm(revokeSchema, form);
    if (!revoke.ok) {
      return data({ notice: null, token: null, errors: revoke.errors }, { status: 400 });
    }
    const { tokenId } = revoke.data;
    const ownerId = user.role === "admin" ? undefined : user.id;
    const revoked = await revokeApiToken(db, actor, { tokenId, ownerId });
    if (!revoked) throw new Response("No such active token", { status: 404 });
    return { notice: "Token revoked.", token: null, errors: {} as FieldErrors };
  }
  const parsed = parseForm(newTokenSchema, form);
  if (!parsed.ok)
    return data({ notice: null, token: null, errors: parsed.errors }, { status: 400 });
  const created = await createApiToken(db, actor, {
    userId: user.id,
    name: parsed.data.name,
    expiresInDays: parsed.data.expiresInDays,
  });
  return { notice: null, token: created.token, errors: {} as FieldErrors };
}

export default function ApiTokens() {
  const { tokens, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>API tokens</h1>
      <p>
        Tokens act with your role on <code>/api/v1</code>: send{" "}
        <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      {result?.token ? (
        <div className="notice" role="status">
          <p>Copy this token now: it will not be shown again.</p>
          <p className="secret" data-testid="new-token">
            {result.token}
          </p>
        </div>
      ) : null}
      {result?.notice ? (
        <p className="notice" role="status">
          {result.notice}
        </p>
      ) : null}
      {result?.errors.tokenId ? (
        <p className="notice error" role="alert">
          {result.errors.tokenId}
        </p>
      ) : null}
      <Form method="post" noValidate>
        <CsrfInput />
        <Field
          name="name"
          label="Token name"
          hint="What will use it, e.g. 'monthly report script'"
          error={result?.errors.name}
        />
        <SelectField
          name="expiresInDays"
          label="Expires"
          defaultValue={String(defaultTokenDays)}
          error={result?.errors.expiresInDays}
        >
          {expiryChoices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </SelectField>
        <p>
          <button type="submit">Create token</button>
        </p>
      </Form>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Starts with</th>
            {isAdmin ? <th scope="col">Owner</th> : null}
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>
                <code>{token.prefix}…</code>
              </td>
              {isAdmin ? <td>{token.ownerEmail}</td> : null}
              <td>
                {token.lastUsedAt
                  ? new Date(token.lastUsedAt).toISOString().slice(0, 16).replace("T", " ")
                  : "never"}
              </td>
              <td>{token.expiresAt ? day(token.expiresAt) : "never"}</td>
              <td>
                {token.revokedAt ? (
                  "revoked"
                ) : token.expired ? (
                  "expired"
                ) : (
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="tokenId" value={token.id} />
                    <button type="submit" name="intent" value="revoke" className="danger">
                      Revoke
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
