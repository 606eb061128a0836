import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { statusLabels } from "~/campaigns/campaign-lifecycle";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { CampaignStatusForm } from "~/components/campaign-status-form";
import { StanceLabel } from "~/components/stance-label";
import { TallySummary } from "~/components/tally-summary";
import { positions, regionalGroups, stanceLabels } from "~/positions/stance";
import {
  applyTrackerQuery,
  type BodySeat,
  bodyFilterLabels,
  bodyFilters,
  describeTrackerQuery,
  parseTrackerQuery,
  tallyFigures,
} from "~/positions/tracker";
import { loadTracker } from "~/positions/tracker.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.campaign.title} · ` : ""}Tracker · Démarche staff` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const campaign = await requireCampaign(db, params.campaign);
  const query = parseTrackerQuery(new URL(request.url).searchParams);
  const tracker = await loadTracker(db, campaign.asks);
  const names = new Map(tracker.rows.map((row) => [row.iso3, row.name]));
  return {
    canEdit: roleAllows(user.role, "editor"),
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    asks: campaign.asks.map(({ slug, title }) => ({ slug, title })),
    tallies: tracker.tallies.map((tally) => ({
      askSlug: tally.askSlug,
      asOf: tally.asOf,
      figures: tallyFigures(tally, names, { swing: true }),
    })),
    days: tracker.days,
    query,
    total: tracker.rows.length,
    rows: applyTrackerQuery(tracker.rows, query),
  };
}

export default function Tracker() {
  const { canEdit, campaign, asks, tallies, days, query, total, rows } =
    useLoaderData<typeof loader>();
  const base = `/staff/campaigns/${campaign.slug}`;
  const stateHref = (iso3: string) => `${base}/states/${iso3}`;
  const askTitles = Object.fromEntries(asks.map((ask) => [ask.slug, ask.title]));
  const filters = describeTrackerQuery(query, askTitles);
  // Remount the filter form on every new query so "Clear filters" also resets the selects.
  const { search } = useLocation();
  const created = new URLSearchParams(search).has("created");
  return (
    <>
      <h1>{campaign.title}</h1>
      {created ? (
        <p className="notice" role="status">
          The campaign was created as a draft. Preview its page, then open it when it is ready.
        </p>
      ) : null}
      {canEdit ? (
        <CampaignStatusForm slug={campaign.slug} status={campaign.status} />
      ) : (
        <p>Status: {statusLabels[campaign.status]}</p>
      )}
      <p className="actions">
        <Link to={`/c/${campaign.slug}`}>
          {campaign.status === "draft" ? "Preview the public page" : "Public campaign page"}
        </Link>
        {canEdit ? <Link to={`${base}/edit`}>Details and status</Link> : null}
        <Link to={`${base}/asks`}>Asks</Link>
        <Link to={`${base}/translations`}>Translations</Link>
        {canEdit ? <Link to={`${base}/import`}>Import positions from a CSV file</Link> : null}
        <Link to={`${base}/letters`}>Letters</Link>
        <Link to={`${base}/metrics`}>Metrics and exports</Link>
        <Link to={`${base}/embed`}>Embed</Link>
        <Link to={`${base}/responses`}>Responses</Link>
        {canEdit ? <Link to={`${base}/review`}>Review queue</Link> : null}
        {canEdit ? <Link to={`${base}/settings`}>Settings</Link> : null}
        {canEdit ? <Link to={`${base}/templates`}>Letter templates</Link> : null}
      </p>
      <h2>Tallies</h2>
      <div className="tally-grid">
        {tallies.map(({ askSlug, asOf, figures }) => {
          const title = askTitles[askSlug] ?? askSlug;
          return (
            <TallySummary
              key={askSlug}
              title={title}
              figures={figures}
              showSwing
              stateHref={stateHref}
            >
              <p className="muted">Members counted on {asOf}.</p>
              <p>
                <Link to={`${base}/asks/${askSlug}/map`}>
                  Map<span className="visually-hidden"> of positions on “{title}”</span>
                </Link>
              </p>
            </TallySummary>
          );
        })}
      </div>
      <h2 id="states">States</h2>
      <Form key={search} method="get" action={base} className="filters">
        <div>
          <label htmlFor="filter-group">Regional group</label>
          <select id="filter-group" name="group" defaultValue={query.group ?? ""}>
            <option value="">All groups</option>
            {regionalGroups.map((group) => (
              <option key={group}>{group}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-body">Membership</label>
          <select id="filter-body" name="body" defaultValue={query.body}>
            {bodyFilters.map((body) => (
              <option key={body} value={body}>
                {bodyFilterLabels[body]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-ask">Ask</label>
          <select id="filter-ask" name="ask" defaultValue={query.ask ?? asks[0]?.slug}>
            {asks.map((ask) => (
              <option key={ask.slug} value={ask.slug}>
                {ask.title}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-stance">Position on that ask</label>
          <select id="filter-stance" name="stance" defaultValue={query.stance ?? ""}>
            <option value="">Any position</option>
            {positions.map((position) => (
              <option key={position} value={position}>
                {stanceLabels[position]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-sort">Sort by</label>
          <select id="filter-sort" name="sort" defaultValue={query.sort}>
            <option value="name">Name</option>
            <option value="group">Regional group</option>
            {asks.map((ask) => (
              <option key={ask.slug} value={`ask:${ask.slug}`}>
                Position on “{ask.title}”
              </option>
            ))}
          </select>
        </div>
        <div className="filters__buttons">
          <button type="submit">Show states</button> <Link to={base}>Clear filters</Link>
        </div>
      </Form>
      <p role="status">
        Showing {rows.length} of {total} states
        {filters.length > 0 ? `: ${filters.join("; ")}` : ""}.
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard. */}
      <section className="table-scroll" aria-labelledby="states" tabIndex={0}>
        <table className="tracker-table">
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Group</th>
              <th scope="col">HRC on {days.hrc}</th>
              <th scope="col">Security Council on {days.unsc}</th>
              {asks.map((ask) => (
                <th key={ask.slug} scope="col">
                  {ask.title}
                </th>
              ))}
              <th scope="col">Last observed</th>
              <th scope="col">Responses</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.iso3}>
                <th scope="row">
                  <Link to={stateHref(row.iso3)}>{row.name}</Link>
                  {row.unStatus === "observer" ? <span className="muted"> (observer)</span> : null}
                </th>
                <td>{row.regionalGroup ?? <span className="muted">None</span>}</td>
                <td>
                  <SeatText seat={row.hrc} />
                </td>
                <td>
                  <SeatText seat={row.unsc} />
                </td>
                {asks.map((ask) => (
                  <td key={ask.slug}>
                    <StanceLabel position={row.positions[ask.slug]?.position ?? "no_information"} />
                  </td>
                ))}
                <td>{row.lastObservedOn ?? <span className="muted">Never</span>}</td>
                <td>
                  {row.responses > 0 ? (
                    <Link to={`${base}/responses?state=${row.iso3}`}>{row.responses}</Link>
                  ) : (
                    <span className="muted">0</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function SeatText({ seat }: { seat: BodySeat | null }) {
  if (!seat) return <span className="muted">No</span>;
  if (seat.permanent) return <>Permanent</>;
  return <>{seat.endsOn ? `Yes, to ${seat.endsOn}` : "Yes"}</>;
}
