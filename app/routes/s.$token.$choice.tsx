import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { CsrfInput } from "~/components/csrf-input";
import { SiteHeader } from "~/components/site-header";
import { metaT, useT } from "~/i18n/use-t";
import {
  anonymiseSupporter,
  dataChoice,
  unsubscribeSupporter,
} from "~/supporters/supporter-data.server";

export const meta: MetaFunction = ({ matches }) => [
  { title: `${metaT(matches).t("data.metaTitle")} · Démarche` },
];

const copy = {
  unsubscribe: {
    title: "data.unsubscribeTitle",
    explain: "data.unsubscribeExplain",
    button: "data.unsubscribeButton",
    done: "data.unsubscribeDone",
  },
  delete: {
    title: "data.deleteTitle",
    explain: "data.deleteExplain",
    button: "data.deleteButton",
    done: "data.deleteDone",
  },
} as const;

function parseChoice(value: string | undefined) {
  const choice = dataChoice(value);
  if (!choice) throw new Response("Not found", { status: 404 });
  return choice;
}

export async function loader({ params }: LoaderFunctionArgs) {
  return { choice: parseChoice(params.choice) };
}

/**
 * The secret token in the link authorises the change. Mail clients' one-click
 * unsubscribe (RFC 8058) posts without our CSRF token, so only that exact body is let through.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const choice = parseChoice(params.choice);
  const form = await request.formData();
  const oneClick = choice === "unsubscribe" && form.get("List-Unsubscribe") === "One-Click";
  if (!oneClick) await assertCsrf(request, form);
  const token = params.token ?? "";
  const done =
    choice === "delete"
      ? await anonymiseSupporter(context.db, token)
      : await unsubscribeSupporter(context.db, token);
  if (!done) return data({ done: false }, { status: 404 });
  return { done: true };
}

export default function ManageMyData() {
  const { choice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const text = copy[choice];
  const { t } = useT();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>{t(text.title)}</h1>
        {result?.done ? (
          <p className="notice" role="status">
            {t(text.done)}
          </p>
        ) : result ? (
          <p className="notice error" role="alert">
            {t("data.invalid")}
          </p>
        ) : (
          <>
            <p>{t(text.explain)}</p>
            <Form method="post">
              <CsrfInput />
              <button type="submit" className={choice === "delete" ? "danger" : undefined}>
                {t(text.button)}
              </button>
            </Form>
          </>
        )}
      </main>
    </>
  );
}
