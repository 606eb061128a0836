import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { SiteHeader } from "~/components/site-header";
import { database } from "~/lib/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.campaign.title} · Démarche` : "Campaign not found · Démarche" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await getCampaignWithAsks(database(), params.campaign ?? "");
  if (!campaign || campaign.status === "draft") {
    throw new Response("There is no campaign at this address.", { status: 404 });
  }
  return {
    campaign: {
      slug: campaign.slug,
      title: campaign.title,
      summary: campaign.summary,
      asks: campaign.asks.map(({ slug, title, description }) => ({ slug, title, description })),
    },
  };
}

export default function CampaignPage() {
  const { campaign } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page">
        <h1>{campaign.title}</h1>
        <p>{campaign.summary}</p>
        <h2>What we ask</h2>
        <ol>
          {campaign.asks.map((ask) => (
            <li key={ask.slug} id={ask.slug}>
              <h3>{ask.title}</h3>
              <p>{ask.description}</p>
            </li>
          ))}
        </ol>
      </main>
    </>
  );
}
