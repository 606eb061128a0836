import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { untranslatedLanguageName } from "~/campaigns/campaign-translation";
import { listPublicCampaigns } from "~/campaigns/campaigns.server";
import { SiteHeader } from "~/components/site-header";
import { UntranslatedNote, untranslatedAttributes } from "~/components/untranslated";
import { pageLanguage } from "~/i18n/language.server";
import { metaT, useT } from "~/i18n/use-t";

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaT(matches);
  return [
    { title: t("home.metaTitle") },
    { name: "description", content: t("home.metaDescription") },
  ];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const language = await pageLanguage(context.db, request);
  const campaigns = await listPublicCampaigns(context.db, language);
  return {
    campaigns,
    untranslated: untranslatedLanguageName(
      language,
      campaigns.flatMap((c) => [c.titleLang, c.summaryLang]),
    ),
  };
}

export default function Home() {
  const { campaigns, untranslated } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page">
        <h1>{t("home.title")}</h1>
        <p>{t("home.intro")}</p>
        <h2>{t("home.campaigns")}</h2>
        {campaigns.length === 0 ? (
          <p>{t("home.none")}</p>
        ) : (
          <>
            <UntranslatedNote languageName={untranslated} />
            <ul className="cards">
              {campaigns.map((campaign) => (
                <li key={campaign.slug}>
                  <h3 {...untranslatedAttributes(campaign.titleLang)}>
                    <Link to={`/c/${campaign.slug}`}>{campaign.title}</Link>
                  </h3>
                  {campaign.status === "open" ? null : (
                    <p className="muted">
                      {campaign.status === "paused" ? t("home.paused") : t("home.closed")}
                    </p>
                  )}
                  <p {...untranslatedAttributes(campaign.summaryLang)}>{campaign.summary}</p>
                </li>
              ))}
            </ul>
          </>
        )}
      </main>
    </>
  );
}
