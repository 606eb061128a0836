import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getStaffUser } from "~/auth/session.server";
import { PublicAskStances, publicAskPath } from "~/components/public-ask-stances";
import { PublicText } from "~/components/public-text";
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

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = publicSlug.safeParse(params.campaign);
  if (!slug.success) throw notFound();
  const db = database();
  // A draft is staff's to preview; to everyone else it does not exist.
  const canPreview = async () => (await getStaffUser(db, request)) !== null;
  const found = await publicCampaignAsks(db, slug.data, { canPreview });
  if (!found) throw notFound();
  const [first, ...rest] = found.asks;
  // One map and table on this page keeps it light on slow links; each ask has its own page.
  return {
    campaign: found.campaign,
    preview: found.campaign.status === "draft",
    map: stanceMapData(),
    first: first ?? null,
    rest: rest.map(askSummary),
  };
}

export default function CampaignPage() {
  const { campaign, preview, map, first, rest } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page">
        {preview ? (
          <p className="notice preview-banner" role="status">
            <strong>Preview:</strong> this campaign is a draft. Only signed-in staff see this page;
            the public gets “not found” until it is opened.
          </p>
        ) : null}
        <h1>{campaign.title}</h1>
        <p>{campaign.summary}</p>
        <PublicText paragraphs={campaign.publicText} />
        {campaign.status === "paused" ? (
          <p className="notice" role="status">
            Letters are paused for this campaign: you cannot write one at the moment. Please come
            back later.
          </p>
        ) : null}
        {campaign.status === "closed" ? (
          <p className="notice" role="status">
            This campaign is closed and no longer takes letters. Supporters sent{" "}
            {campaign.lettersSent?.toLocaleString("en")} letters; below is where each ask ended.
          </p>
        ) : null}
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
