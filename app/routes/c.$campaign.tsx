import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PublicAskStances, publicAskPath } from "~/components/public-ask-stances";
import { SiteHeader } from "~/components/site-header";
import { TallySummary } from "~/components/tally-summary";
import { WriteCall } from "~/components/write-call";
import { database } from "~/lib/db.server";
import { askSummary, publicCampaignAsks, publicSlug } from "~/positions/public-asks.server";
import { stanceMapData } from "~/positions/world-map-asset.server";
import positionStyles from "~/styles/positions.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: positionStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.campaign.title} · Démarche` : "Campaign not found · Démarche" },
];

const notFound = () => new Response("There is no campaign at this address.", { status: 404 });

export async function loader({ params }: LoaderFunctionArgs) {
  const slug = publicSlug.safeParse(params.campaign);
  if (!slug.success) throw notFound();
  const found = await publicCampaignAsks(database(), slug.data);
  if (!found) throw notFound();
  const [first, ...rest] = found.asks;
  // One map and table on this page keeps it light on slow links; each ask has its own page.
  return {
    campaign: found.campaign,
    map: stanceMapData(),
    first: first ?? null,
    rest: rest.map(askSummary),
  };
}

export default function CampaignPage() {
  const { campaign, map, first, rest } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page">
        <h1>{campaign.title}</h1>
        <p>{campaign.summary}</p>
        <WriteCall campaign={campaign} />
        <h2>What we ask</h2>
        {first ? (
          <article id={first.slug} className="public-ask">
            <TallySummary
              title={first.title}
              description={first.description}
              figures={first.figures}
            >
              <AskPageLink campaignSlug={campaign.slug} ask={first} />
            </TallySummary>
            <PublicAskStances ask={first} map={map} />
          </article>
        ) : null}
        {rest.map((ask) => (
          <article key={ask.slug} id={ask.slug} className="public-ask">
            <TallySummary title={ask.title} description={ask.description} figures={ask.figures}>
              <AskPageLink campaignSlug={campaign.slug} ask={ask} />
            </TallySummary>
          </article>
        ))}
      </main>
    </>
  );
}

function AskPageLink({
  campaignSlug,
  ask,
}: {
  campaignSlug: string;
  ask: { slug: string; title: string };
}) {
  return (
    <p>
      <a href={publicAskPath(campaignSlug, ask.slug)}>
        Map and table of positions<span className="visually-hidden"> on “{ask.title}”</span>
      </a>
    </p>
  );
}
