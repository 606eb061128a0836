import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { openAsks } from "~/campaigns/asks.server";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { SiteHeader } from "~/components/site-header";
import { StanceText, TallySummary } from "~/components/tally-summary";
import { database } from "~/lib/db.server";
import type { Position } from "~/positions/stance";
import { tallyFigures } from "~/positions/tracker";
import { loadPublicStances, type PublicStance } from "~/positions/tracker.server";
import { StanceMap, StanceMapDefs } from "~/positions/world-map";
import { backgroundPaths, worldMapShapes } from "~/positions/world-map.server";
import positionStyles from "~/styles/positions.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: positionStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.campaign.title} · Démarche` : "Campaign not found · Démarche" },
];

const councilNames = { hrc: "Human Rights Council", unsc: "Security Council" } as const;

export async function loader({ params }: LoaderFunctionArgs) {
  const db = database();
  const campaign = await getCampaignWithAsks(db, params.campaign ?? "");
  if (!campaign || campaign.status === "draft") {
    throw new Response("There is no campaign at this address.", { status: 404 });
  }
  // Public observations only: an internal one must not show here, not even in a count.
  const stances = await loadPublicStances(db, openAsks(campaign.asks));
  const names = new Map(
    stances
      .flatMap(({ members, others }) => [...(members ?? []), ...others])
      .map((s) => [s.iso3, s.name]),
  );
  return {
    campaign: {
      slug: campaign.slug,
      title: campaign.title,
      summary: campaign.summary,
      takesLetters: campaign.status === "active",
    },
    // The map geometry is the same for every ask: sent and drawn once, referenced by each map.
    map: { shapes: worldMapShapes(), background: backgroundPaths() },
    asks: stances.map(({ ask, tally, members, others, noInformation }) => ({
      slug: ask.slug,
      title: ask.title,
      description: ask.description,
      council:
        ask.bodyCode === "hrc" || ask.bodyCode === "unsc" ? councilNames[ask.bodyCode] : null,
      figures: tallyFigures(tally, names, { swing: false }),
      members,
      others,
      noInformation,
    })),
  };
}

type PublicAsk = ReturnType<typeof useLoaderData<typeof loader>>["asks"][number];

export default function CampaignPage() {
  const { campaign, map, asks } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page">
        <StanceMapDefs shapes={map.shapes} background={map.background} />
        <h1>{campaign.title}</h1>
        <p>{campaign.summary}</p>
        {campaign.takesLetters ? (
          <p>
            <a className="button" href={`/c/${campaign.slug}/write`}>
              Write to your government
            </a>
          </p>
        ) : null}
        <h2>What we ask</h2>
        {asks.map((ask) => {
          const stances = [...(ask.members ?? []), ...ask.others];
          const positions: Record<string, Position> = Object.fromEntries(
            stances.map((s) => [s.iso3, s.position]),
          );
          const listed = new Set(stances.map((s) => s.iso3));
          return (
            <article key={ask.slug} id={ask.slug} className="public-ask">
              <TallySummary title={ask.title} description={ask.description} figures={ask.figures} />
              <div className="public-ask__stances">
                <StanceMap
                  shapes={map.shapes}
                  positions={positions}
                  hrefFor={(iso3) =>
                    listed.has(iso3) ? `#${ask.slug}-${iso3}` : `#${ask.slug}-unlisted`
                  }
                  title={`Public positions on: ${ask.title}`}
                  caption={
                    ask.council
                      ? `The table lists the ${ask.council}'s members and any other state with a public position.`
                      : "The table lists every state with a public position."
                  }
                  skipTo={`${ask.slug}-table`}
                />
                <StanceTable ask={ask} />
              </div>
            </article>
          );
        })}
      </main>
    </>
  );
}

function StanceTable({ ask }: { ask: PublicAsk }) {
  const hasRows = (ask.members?.length ?? 0) + ask.others.length > 0;
  return (
    <section
      id={`${ask.slug}-table`}
      className="public-ask__table"
      aria-label={`Positions on “${ask.title}”`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the list scrolls; keyboard users must reach it.
      tabIndex={0}
    >
      {hasRows ? (
        <table>
          <caption>Public positions on “{ask.title}”</caption>
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Position</th>
            </tr>
          </thead>
          {ask.members ? (
            <StanceRows
              askSlug={ask.slug}
              heading={`${ask.council} members (${ask.members.length})`}
              stances={ask.members}
            />
          ) : null}
          {ask.others.length > 0 ? (
            <StanceRows
              askSlug={ask.slug}
              heading={
                ask.members
                  ? `Other states with a public position (not members, so not counted)`
                  : `States with a public position (${ask.others.length})`
              }
              stances={ask.others}
            />
          ) : null}
        </table>
      ) : null}
      <p id={`${ask.slug}-unlisted`}>
        {ask.members
          ? "States not listed have no public position on this ask."
          : `${ask.noInformation} UN member states: no information.`}
      </p>
    </section>
  );
}

function StanceRows({
  askSlug,
  heading,
  stances,
}: {
  askSlug: string;
  heading: string;
  stances: PublicStance[];
}) {
  return (
    <tbody>
      <tr>
        <th scope="rowgroup" colSpan={2}>
          {heading}
        </th>
      </tr>
      {stances.map((state) => (
        <tr key={state.iso3} id={`${askSlug}-${state.iso3}`}>
          <th scope="row">{state.name}</th>
          <td>
            <StanceText position={state.position} />
          </td>
        </tr>
      ))}
    </tbody>
  );
}
