import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { campaignInLanguage } from "~/campaigns/campaign-translation";
import { SiteHeader } from "~/components/site-header";
import { pageLanguage } from "~/i18n/language.server";
import { metaT, useT } from "~/i18n/use-t";
import { sentPageQuery } from "~/letters/after-writing-query.server";
import { confirmationHours } from "~/letters/letters.server";
import { openCampaign } from "~/letters/public-letter.server";

export const meta: MetaFunction = ({ matches }) => [
  { title: `${metaT(matches).t("sent.metaTitle")} · Démarche` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const campaign = await openCampaign(context.db, params.campaign ?? "");
  if (!campaign) throw new Response("error.notTakingLetters", { status: 404 });
  const query = sentPageQuery(request.url);
  // The hours come with the data: letters.server is emptied in the browser bundle.
  // The title sits inside a sentence: the page language's title where staff wrote one.
  const { title } = campaignInLanguage(campaign, await pageLanguage(context.db, request));
  return { campaign: { slug: campaign.slug, title }, confirmationHours, ...query };
}

const messages = {
  awaiting_confirmation: { title: "sent.confirmTitle", body: "sent.confirmBody" },
  queued: { title: "sent.queuedTitle", body: "sent.queuedBody" },
  awaiting_contact: { title: "sent.awaitingTitle", body: "sent.awaitingBody" },
} as const;

export default function LetterSent() {
  const { campaign, status, country, confirmationHours } = useLoaderData<typeof loader>();
  const message = messages[status];
  const { t } = useT();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>{t(message.title)}</h1>
        <p>{t(message.body, { hours: confirmationHours })}</p>
        {status !== "awaiting_confirmation" && country ? (
          <p>
            <Link to={`/c/${campaign.slug}/thanks?country=${country}`}>{t("sent.seeCountry")}</Link>
          </p>
        ) : null}
        <p>
          <Link to={`/c/${campaign.slug}`}>{t("sent.back", { campaign: campaign.title })}</Link>
        </p>
      </main>
    </>
  );
}
