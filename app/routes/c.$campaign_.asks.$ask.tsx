import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getStaffUser } from "~/auth/session.server";
import { PublicAskStances } from "~/components/public-ask-stances";
import { SiteHeader } from "~/components/site-header";
import { TallySummary } from "~/components/tally-summary";
import { WriteCall } from "~/components/write-call";
import { database } from "~/lib/db.server";
import { publicCampaignAsks, publicSlug } from "~/positions/public-asks.server";
import { stanceMapData } from "~/positions/world-map-asset.server";
import positionStyles from "~/styles/positions.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: positionStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.ask.title} · ${data.campaign.title} · Démarche`
      : "Ask not found · Démarche",
  },
];

const notFound = () => new Response("This campaign has no such ask.", { status: 404 });

/** One ask's public map and table, at a stable URL the campaign page links to. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const campaignSlug = publicSlug.safeParse(params.campaign);
  const askSlug = publicSlug.safeParse(params.ask);
  if (!campaignSlug.success || !askSlug.success) throw notFound();
  const db = database();
  // A draft's asks are staff's to preview, as its campaign page is.
  const found = await publicCampaignAsks(db, campaignSlug.data, {
    onlyAsk: askSlug.data,
    canPreview: async () => (await getStaffUser(db, request)) !== null,
  });
  const ask = found?.asks[0];
  if (!found || !ask) throw notFound();
  return { campaign: found.campaign, ask, map: stanceMapData() };
}

export default function PublicAskPage() {
  const { campaign, ask, map } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page">
        <p>
          <a href={`/c/${campaign.slug}`}>{campaign.title}</a>
        </p>
        <h1>{ask.title}</h1>
        <WriteCall campaign={campaign} />
        <article id={ask.slug} className="public-ask">
          <TallySummary
            title="Where it stands"
            headingLevel={2}
            description={ask.description}
            figures={ask.figures}
          />
          <PublicAskStances ask={ask} map={map} />
        </article>
      </main>
    </>
  );
}
