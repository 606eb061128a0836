import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { assertCsrf } from "~/auth/csrf.server";
import { CsrfInput } from "~/components/csrf-input";
import { SiteHeader } from "~/components/site-header";
import { anonymiseSupporter, unsubscribeSupporter } from "~/letters/supporter-data.server";
import { database } from "~/lib/db.server";

export const meta = () => [{ title: "Your data · Démarche" }];

const choiceSchema = z.enum(["unsubscribe", "delete"]);

const copy = {
  unsubscribe: {
    title: "Stop e-mails from this campaign",
    explain:
      "You will get no more e-mails from us, except a confirmation link if you write another letter.",
    button: "Stop e-mails",
    done: "Done: we will not e-mail you again.",
  },
  delete: {
    title: "Delete my data",
    explain:
      "We erase your name, e-mail address, city and your own words from our records. Letters not yet sent are withdrawn. The campaign keeps only anonymous counts.",
    button: "Delete my data",
    done: "Done: your personal data has been erased.",
  },
} as const;

function parseChoice(value: string | undefined) {
  const choice = choiceSchema.safeParse(value);
  if (!choice.success) throw new Response("Not found", { status: 404 });
  return choice.data;
}

export async function loader({ params }: LoaderFunctionArgs) {
  return { choice: parseChoice(params.choice) };
}

/**
 * The secret token in the link authorises the change. Mail clients' one-click
 * unsubscribe (RFC 8058) posts without our CSRF token, so only that exact body is let through.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const choice = parseChoice(params.choice);
  const form = await request.formData();
  const oneClick = choice === "unsubscribe" && form.get("List-Unsubscribe") === "One-Click";
  if (!oneClick) await assertCsrf(request, form);
  const token = params.token ?? "";
  const done =
    choice === "delete"
      ? await anonymiseSupporter(database(), token)
      : await unsubscribeSupporter(database(), token);
  if (!done) return data({ done: false }, { status: 404 });
  return { done: true };
}

export default function ManageMyData() {
  const { choice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const text = copy[choice];
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>{text.title}</h1>
        {result?.done ? (
          <p className="notice" role="status">
            {text.done}
          </p>
        ) : result ? (
          <p className="notice error" role="alert">
            This link is not valid any more. If you already used it, there is nothing more to do.
          </p>
        ) : (
          <>
            <p>{text.explain}</p>
            <Form method="post">
              <CsrfInput />
              <button type="submit" className={choice === "delete" ? "danger" : undefined}>
                {text.button}
              </button>
            </Form>
          </>
        )}
      </main>
    </>
  );
}
