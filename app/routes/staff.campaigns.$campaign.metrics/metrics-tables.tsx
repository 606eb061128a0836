import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatCount, formatShare, shortDay } from "~/metrics/charts";
import type { Breakdown, StateMetrics } from "~/metrics/metrics.server";
import { stanceLabels } from "~/positions/stance";
import type { MetricsPage } from "./route";

// The tables beside each chart: the same figures, readable without the picture.

function Num({ children }: { children: ReactNode }) {
  return <td className="num">{children}</td>;
}

export function FunnelTable({ data }: { data: MetricsPage }) {
  const { funnel, totals } = data.metrics;
  const labels = Object.fromEntries(funnel.map((s) => [s.key, s.label.toLowerCase()]));
  return (
    <table className="metrics-table">
      <caption>Funnel of the letters started in the period</caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col" className="num">
            Letters
          </th>
          <th scope="col" className="num">
            Share of started
          </th>
          <th scope="col" className="num">
            Share of the step before
          </th>
        </tr>
      </thead>
      <tbody>
        {funnel.map((step) => (
          <tr key={step.key}>
            <th scope="row">
              {step.label}
              {step.key === "replied" ? (
                <span className="muted">
                  {" "}
                  ({formatCount(totals.repliedBySupporter)} told by supporters,{" "}
                  {formatCount(totals.repliedByEmail)} caught by the reply address)
                </span>
              ) : null}
            </th>
            <Num>{formatCount(step.count)}</Num>
            <Num>{formatShare(step.ofStarted)}</Num>
            <Num>
              {step.previous ? (
                <>
                  {formatShare(step.ofPrevious)}
                  <span className="muted"> of {labels[step.previous]}</span>
                </>
              ) : (
                "–"
              )}
            </Num>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DailyTable({ data }: { data: MetricsPage }) {
  return (
    <section
      className="table-scroll table-scroll--tall"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
      tabIndex={0}
      aria-labelledby="daily-caption"
    >
      <table className="metrics-table">
        <caption id="daily-caption">Letters per day (bounces count on the day sent)</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col" className="num">
              Started
            </th>
            <th scope="col" className="num">
              Confirmed
            </th>
            <th scope="col" className="num">
              Sent
            </th>
            <th scope="col" className="num">
              Bounced
            </th>
            <th scope="col" className="num">
              Replied
            </th>
          </tr>
        </thead>
        <tbody>
          {data.metrics.daily.map((day) => (
            <tr key={day.date}>
              <th scope="row">
                <time dateTime={day.date}>{shortDay(day.date)}</time>{" "}
                <span className="muted">{day.date.slice(0, 4)}</span>
              </th>
              <Num>{formatCount(day.started)}</Num>
              <Num>{formatCount(day.confirmed)}</Num>
              <Num>{formatCount(day.sent)}</Num>
              <Num>{formatCount(day.bounced)}</Num>
              <Num>{formatCount(day.replied)}</Num>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const funnelHeads = ["Started", "Confirmed", "Sent", "Delivered", "Bounced", "Replied"] as const;

function FunnelHeads() {
  return (
    <>
      {funnelHeads.map((head) => (
        <th key={head} scope="col" className="num">
          {head}
        </th>
      ))}
    </>
  );
}

function FunnelCells({ row }: { row: Breakdown }) {
  const { counts } = row;
  return (
    <>
      <Num>{formatCount(counts.started)}</Num>
      <Num>{formatCount(counts.confirmed)}</Num>
      <Num>{formatCount(counts.sent)}</Num>
      <Num>{formatCount(counts.delivered)}</Num>
      <Num>{formatCount(counts.bounced)}</Num>
      <Num>{formatCount(counts.replied)}</Num>
    </>
  );
}

export function BreakdownTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string;
  rows: readonly Breakdown[];
}) {
  if (rows.length === 0) return <p className="muted">{caption}: no letters in this period.</p>;
  return (
    <table className="metrics-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <FunnelHeads />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            <FunnelCells row={row} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function reportHref(slug: string, iso3: string) {
  return `/staff/campaigns/${slug}/report/${iso3}`;
}

export function StateTable({ data }: { data: MetricsPage }) {
  const rows = data.metrics.byState;
  if (rows.length === 0) return <p className="muted">No letters in this period.</p>;
  return (
    <section
      className="table-scroll table-scroll--tall"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
      tabIndex={0}
      aria-labelledby="state-caption"
    >
      <table className="metrics-table">
        <caption id="state-caption">Letters per target state</caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            <FunnelHeads />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">
                <Link to={reportHref(data.campaign.slug, row.key)}>{row.label}</Link>
              </th>
              <FunnelCells row={row} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function days(value: number | null): string {
  if (value === null) return "–";
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export function LeagueTable({ data }: { data: MetricsPage }) {
  const rows: readonly StateMetrics[] = data.metrics.responsiveness;
  if (rows.length === 0) return <p className="muted">No letter was delivered in this period.</p>;
  return (
    <table className="metrics-table">
      <caption>Responsiveness per state</caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            Rank
          </th>
          <th scope="col">State</th>
          <th scope="col" className="num">
            Letters received
          </th>
          <th scope="col" className="num">
            Answered
          </th>
          <th scope="col" className="num">
            Answer rate
          </th>
          <th scope="col" className="num">
            Median days to answer
          </th>
          <th scope="col" className="num">
            Responses logged
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={row.key}>
            <Num>{index + 1}</Num>
            <th scope="row">
              <Link to={reportHref(data.campaign.slug, row.key)}>{row.label}</Link>
            </th>
            <Num>{formatCount(row.counts.delivered)}</Num>
            <Num>{formatCount(row.answered)}</Num>
            <Num>{formatShare(row.answerRate)}</Num>
            <Num>{days(row.medianDaysToAnswer)}</Num>
            <Num>{formatCount(row.responses)}</Num>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MovementTable({ data }: { data: MetricsPage }) {
  const rows = data.metrics.movement;
  if (rows.length === 0) {
    return <p className="muted">No state's position has changed since the campaign started.</p>;
  }
  return (
    <table className="metrics-table">
      <caption>Positions that changed since the campaign started (internal ones included)</caption>
      <thead>
        <tr>
          <th scope="col">State</th>
          <th scope="col">Ask</th>
          <th scope="col">Before</th>
          <th scope="col">Now</th>
          <th scope="col">First changed on</th>
          <th scope="col" className="num">
            Letters delivered before the change
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.askSlug}-${row.iso3}`}>
            <th scope="row">
              <Link to={`/staff/campaigns/${data.campaign.slug}/states/${row.iso3}`}>
                {row.name}
              </Link>
            </th>
            <td>{row.askTitle}</td>
            <td>{stanceLabels[row.before]}</td>
            <td>{stanceLabels[row.now]}</td>
            <td>{row.changedOn}</td>
            <Num>{formatCount(row.lettersBefore)}</Num>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
