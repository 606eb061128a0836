import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { requireCampaignAndState } from "~/campaigns/campaigns.server";
import { formatCount, monthLabel } from "~/metrics/charts";
import { dayIn, defaultTimeZone } from "~/metrics/metrics-range";
import { missionReport } from "~/metrics/mission-report.server";
import styles from "~/styles/metrics.css";
import { WritersAndLetters } from "./writers-and-letters";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.state.name}: letters on ${data.campaign.title} · Démarche staff`
      : "Report · Démarche staff",
  },
];

/** A printable report for one state's mission: aggregate counts only, no supporter's data. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireStaff(db, request, "viewer");
  const { campaign, state } = await requireCampaignAndState(db, params.campaign, params.state);
  return {
    campaign: { slug: campaign.slug, title: campaign.title, startsOn: campaign.startsOn },
    state: { iso3: state.iso3, name: state.name, officialName: state.officialName },
    report: await missionReport(db, campaign, state.iso3),
    generatedOn: dayIn(new Date(), defaultTimeZone),
    timeZone: defaultTimeZone,
  };
}

function people(count: number): string {
  return `${formatCount(count)} ${count === 1 ? "person" : "people"}`;
}

export default function MissionReport() {
  const { campaign, state, report, generatedOn, timeZone } = useLoaderData<typeof loader>();
  return (
    <article className="mission-report">
      <p className="muted no-print">
        <Link to="/staff">Dashboard</Link> ›{" "}
        <Link to={`/staff/campaigns/${campaign.slug}/metrics`}>Metrics: {campaign.title}</Link>
      </p>
      <header className="report-header">
        <h1>Letters to {state.name}</h1>
        <p>
          <strong>{campaign.title}</strong>
        </p>
        <p className="muted">
          {state.officialName ? `${state.officialName}. ` : ""}Campaign started on{" "}
          {campaign.startsOn}; report of {generatedOn} (days in {timeZone}).
        </p>
      </header>
      <p className="print-hint">
        To print this report or save it as a PDF, use your browser's Print command (Ctrl+P, or ⌘P on
        a Mac) and choose “Save as PDF” as the printer. Or{" "}
        <a href={`/staff/campaigns/${campaign.slug}/report/${state.iso3}.pdf`} download>
          download the report as a PDF
        </a>
        .
      </p>

      {report.letters === 0 ? (
        <p>No one has written to {state.name} on this campaign yet.</p>
      ) : (
        <>
          <p>
            {people(report.writers)} who gave {state.name} as their country wrote{" "}
            {formatCount(report.letters)} confirmed letter{report.letters === 1 ? "" : "s"} to its
            foreign ministry and missions to the United Nations between {report.firstDay} and{" "}
            {report.lastDay}.
          </p>
          <dl className="report-figures">
            <div>
              <dt>People who wrote</dt>
              <dd>{formatCount(report.writers)}</dd>
            </div>
            <div>
              <dt>Letters confirmed</dt>
              <dd>{formatCount(report.letters)}</dd>
            </div>
            <div>
              <dt>Letters delivered</dt>
              <dd>{formatCount(report.delivered)}</dd>
            </div>
            <div>
              <dt>Period</dt>
              <dd className="report-figures__period">
                {report.firstDay} to {report.lastDay}
              </dd>
            </div>
          </dl>

          <WritersAndLetters
            id="asks"
            heading="What they asked for"
            rowHeader="Ask"
            rows={report.byAsk.map((ask) => ({ key: ask.slug, label: ask.title, ...ask }))}
          />
          <WritersAndLetters
            id="months"
            heading="Month by month"
            rowHeader="Month"
            rows={report.byMonth.map((month) => ({
              key: month.month,
              label: monthLabel(month.month),
              ...month,
            }))}
          />
        </>
      )}
      <p className="muted">
        Counts of letters that their writers confirmed; a person writing to several offices on one
        ask is counted once. No one's name or message is included.
      </p>
    </article>
  );
}
