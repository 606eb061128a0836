import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listPublicCampaigns } from "~/campaigns/campaigns.server";
import { SiteHeader } from "~/components/site-header";
import { metaT, useT } from "~/i18n/use-t";
import { database } from "~/lib/db.server";

export const meta: MetaFunction = ({ matches }) => {
  const { t } = metaT(matches);
  return [
    { title: t("home.metaTitle") },
    { name: "description", content: t("home.metaDescription") },
  ];
};

export async function loader() {
  return { campaigns: await listPublicCampaigns(database()) };
}

export default function Home() {
  const { campaigns } = useLoaderData<typeof loader>();
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
          <ul className="cards">
            {campaigns.map((campaign) => (
              <li key={campaign.slug}>
                <h3>
                  <Link to={`/c/${campaign.slug}`}>{campaign.title}</Link>
                </h3>
                {campaign.status === "open" ? null : (
                  <p className="muted">
                    {campaign.status === "paused" ? t("home.paused") : t("home.closed")}
                  </p>
                )}
                <p>{campaign.summary}</p>
              </li>
            ))}
          </ul>
        )}
      </main>
    </>
  );
}
