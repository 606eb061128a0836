import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { closedCampaignOfConfirmation } from "~/campaigns/campaigns.server";
import { CsrfInput } from "~/components/csrf-input";
import { SiteHeader } from "~/components/site-header";
import { metaT, useT } from "~/i18n/use-t";
import { confirmLetter } from "~/letters/letters.server";
import { campaignSlugById } from "~/letters/public-letter.server";

export const meta: MetaFunction = ({ matches }) => [
  { title: `${metaT(matches).t("confirm.title")} · Démarche` },
];

/**
 * The link in the confirmation e-mail opens this page; the button confirms.
 * A GET never confirms: mail scanners that prefetch links must not send letters.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  return { token, closed: await closedCampaignOfConfirmation(context.db, token) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  await assertCsrf(request, form);
  const result = await confirmLetter(context.db, params.token ?? "");
  if (result.kind === "unknown") {
    throw new Response("error.badLink", { status: 404 });
  }
  if (result.kind === "expired") {
    throw new Response("error.expiredLink", { status: 410 });
  }
  if (result.kind === "closed") {
    return data(
      { closed: await closedCampaignOfConfirmation(context.db, params.token ?? "") },
      { status: 410 },
    );
  }
  const slug = await campaignSlugById(context.db, result.campaignId);
  const again = result.kind === "already_confirmed" ? "&again=1" : "";
  return redirect(`/c/${slug}/thanks?country=${result.stateIso3}${again}`);
}

export default function ConfirmLetter() {
  const { token, closed: closedOnLoad } = useLoaderData<typeof loader>();
  const closed = useActionData<typeof action>()?.closed ?? closedOnLoad;
  const { t } = useT();
  if (closed) return <ClosedCampaign title={closed.title} slug={closed.slug} />;
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>{t("confirm.title")}</h1>
        <p>{t("confirm.explain")}</p>
        <Form method="post" action={`/confirm/${token}`}>
          <CsrfInput />
          <button type="submit">{t("confirm.button")}</button>
        </Form>
      </main>
    </>
  );
}

function ClosedCampaign({ title, slug }: { title: string; slug: string }) {
  const { t, rich } = useT();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>{t("confirm.closedTitle")}</h1>
        <p>{t("confirm.closedBody", { title })}</p>
        <p>
          {rich("confirm.closedLinks", {
            campaign: (chunks) => <a href={`/c/${slug}`}>{chunks}</a>,
            home: (chunks) => <a href="/">{chunks}</a>,
          })}
        </p>
      </main>
    </>
  );
}
