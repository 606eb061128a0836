import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { statusLabels } from "~/campaigns/campaign-lifecycle";
import { listPublicCampaigns } from "~/campaigns/campaigns.server";
import { SiteHeader } from "~/components/site-header";
import { database } from "~/lib/db.server";

export const meta: MetaFunction = () => [
  { title: "Démarche: write to your government" },
  {
    name: "description",
    content: "Ask your country's foreign ministry to act at the United Nations.",
  },
];

export async function loader() {
  return { campaigns: await listPublicCampaigns(database()) };
}

export default function Home() {
  const { campaigns } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page">
        <h1>Write to your government</h1>
        <p>
          Ask your country's foreign ministry to act at the United Nations: a personal letter, in
          your language, that really reaches them.
        </p>
        <h2>Campaigns</h2>
        {campaigns.length === 0 ? (
          <p>There is no open campaign at the moment.</p>
        ) : (
          <ul className="cards">
            {campaigns.map((campaign) => (
              <li key={campaign.slug}>
                <h3>
                  <Link to={`/c/${campaign.slug}`}>{campaign.title}</Link>
                </h3>
                {campaign.status === "open" ? null : (
                  <p className="muted">
                    {campaign.status === "paused"
                      ? "Letters are paused"
                      : `${statusLabels[campaign.status]}: see how it ended`}
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
