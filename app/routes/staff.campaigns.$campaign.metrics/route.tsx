import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { LettersPerPartner } from "~/components/letters-per-partner";
import { lettersPerSource } from "~/embed/embed.server";
import { timeZoneNames } from "~/lib/time-zones";
import { FunnelChart, LettersMap, LettersPerDayChart, LettersPerDayLegend } from "~/metrics/charts";
import { exportLinks } from "~/metrics/exports.server";
import { campaignMetrics } from "~/metrics/metrics.server";
import { defaultRangeDays, parseRangeForm } from "~/metrics/metrics-range";
import { backgroundPaths, worldMapShapes } from "~/positions/world-map.server";
import styles from "~/styles/metrics.css";
import { Downloads } from "./downloads";
import {
  BreakdownTable,
  DailyTable,
  FunnelTable,
  LeagueTable,
  MovementTable,
  StateTable,
} from "./metrics-tables";
import { RangeForm } from "./range-form";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.campaign.title} · ` : ""}Metrics · Démarche staff` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const campaign = await requireCampaign(db, params.campaign);
  const form = parseRangeForm(new URL(request.url).searchParams);
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    form,
    timeZones: timeZoneNames(),
    metrics: await campaignMetrics(db, campaign, form.range),
    partners: await lettersPerSource(db, campaign.id),
    shapes: worldMapShapes(),
    background: backgroundPaths(),
    downloads: exportLinks(campaign.slug, form.range, {
      personalData: roleAllows(user.role, "admin"),
    }),
    defaultRangeDays,
  };
}

/** The page's data as its parts receive it. */
export type MetricsPage = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Metrics() {
  const data = useLoaderData<typeof loader>();
  const { campaign, metrics } = data;
  const { range } = metrics;
  const base = `/staff/campaigns/${campaign.slug}`;
  const period = `${range.from} to ${range.to} (${range.timeZone})`;
  return (
    <>
      <p className="muted">
        <Link to="/staff">Dashboard</Link> › <Link to={base}>{campaign.title}</Link>
      </p>
      <h1>Metrics: {campaign.title}</h1>
      <p>
        Letters started from {period}, followed through to replies. Counts only: no supporter's data
        is shown.
      </p>
      <RangeForm data={data} />

      <Section id="funnel" title="Funnel">
        <FunnelChart
          steps={metrics.funnel}
          title={`Funnel of letters started from ${period}`}
          description={metrics.funnel.map((s) => `${s.label}: ${s.count}`).join(", ")}
        />
        <FunnelTable data={data} />
      </Section>

      <Section id="per-day" title="Letters per day">
        <figure className="chart-figure">
          <LettersPerDayChart
            days={metrics.daily}
            timeZone={range.timeZone}
            title={`Letters started and sent per day, ${period}`}
            description={`${metrics.daily.length} days; the table below gives each day's counts.`}
          />
          <figcaption>
            <LettersPerDayLegend />
          </figcaption>
        </figure>
        <DailyTable data={data} />
      </Section>

      <Section id="states" title="Letters per state">
        <LettersMap
          shapes={data.shapes}
          background={data.background}
          counts={Object.fromEntries(metrics.byState.map((s) => [s.key, s.counts.started]))}
          title={`World map of letters started per target state, ${period}`}
          description="Darker blue: more letters. The table below lists every state with letters."
        />
        <StateTable data={data} />
      </Section>

      <Section id="languages" title="Letters per language">
        <BreakdownTable caption="Letters per language" head="Language" rows={metrics.byLanguage} />
      </Section>
      <Section id="asks" title="Letters per ask">
        <BreakdownTable caption="Letters per ask" head="Ask" rows={metrics.byAsk} />
        <BreakdownTable
          caption="Letters per office written to"
          head="Office"
          rows={metrics.byTargetKind}
        />
      </Section>

      <Section id="partners" title="Letters per partner">
        <p>
          Letters written through the embed on partners' sites, since the campaign started, by
          source code (or by the framing site without one). Set up on{" "}
          <Link to={`${base}/embed`}>the Embed page</Link>.
        </p>
        <LettersPerPartner sources={data.partners} />
      </Section>

      <Section id="responsiveness" title="Responsiveness">
        <p>
          States that received letters started in the period, best answer rate first. A letter is
          answered when a reply report or a logged delegation response points to it; days are
          counted from the day it was sent.
        </p>
        <LeagueTable data={data} />
      </Section>

      <Section id="movement" title="Movement since the campaign started">
        <p className="notice">Correlation, not proof: a state may have moved for other reasons.</p>
        <MovementTable data={data} />
      </Section>

      <Section id="downloads" title="Downloads">
        <Downloads data={data} />
      </Section>
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="metrics-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}
