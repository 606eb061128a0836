import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { closedCampaignOfConfirmation } from "~/campaigns/campaigns.server";
import { CsrfInput } from "~/components/csrf-input";
import { SiteHeader } from "~/components/site-header";
import { confirmLetter } from "~/letters/letters.server";
import { campaignSlugById } from "~/letters/public-letter.server";
import { database } from "~/lib/db.server";

export const meta = () => [{ title: "Confirm your letter · Démarche" }];

/**
 * The link in the confirmation e-mail opens this page; the button confirms.
 * A GET never confirms: mail scanners that prefetch links must not send letters.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  return { token, closed: await closedCampaignOfConfirmation(database(), token) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  await assertCsrf(request, form);
  const result = await confirmLetter(database(), params.token ?? "");
  if (result.kind === "unknown") {
    throw new Response("This confirmation link is not valid. Check that you copied all of it.", {
      status: 404,
    });
  }
  if (result.kind === "expired") {
    throw new Response("This confirmation link has expired. Please write your letter again.", {
      status: 410,
    });
  }
  if (result.kind === "closed") {
    return data(
      { closed: await closedCampaignOfConfirmation(database(), params.token ?? "") },
      { status: 410 },
    );
  }
  const slug = await campaignSlugById(database(), result.campaignId);
  const again = result.kind === "already_confirmed" ? "&again=1" : "";
  return redirect(`/c/${slug}/thanks?country=${result.stateIso3}${again}`);
}

export default function ConfirmLetter() {
  const { token, closed: closedOnLoad } = useLoaderData<typeof loader>();
  const closed = useActionData<typeof action>()?.closed ?? closedOnLoad;
  if (closed) return <ClosedCampaign title={closed.title} slug={closed.slug} />;
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>Confirm your letter</h1>
        <p>Press the button to send your letter. You only need to do this once.</p>
        <Form method="post" action={`/confirm/${token}`}>
          <CsrfInput />
          <button type="submit">Confirm and send my letter</button>
        </Form>
      </main>
    </>
  );
}

function ClosedCampaign({ title, slug }: { title: string; slug: string }) {
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>This campaign has closed</h1>
        <p>
          “{title}” closed before your letter was confirmed, so it was not sent and will not be.
          Thank you for wanting to write.
        </p>
        <p>
          <a href={`/c/${slug}`}>See where the campaign ended</a>, or{" "}
          <a href="/">look for an open campaign</a>.
        </p>
      </main>
    </>
  );
}
