import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { Field } from "~/components/field";
import { SelectField } from "~/components/form-fields";
import { LettersPerPartner } from "~/components/letters-per-partner";
import { lettersPerSource } from "~/embed/embed.server";
import { database } from "~/lib/db.server";
import { timeZoneNames } from "~/lib/time-zones";
import {
  FunnelChart,
  formatCount,
  formatShare,
  LettersMap,
  LettersPerDayChart,
  LettersPerDayLegend,
  shortDay,
} from "~/metrics/charts";
import { exportLinks } from "~/metrics/exports.server";
import {
  type Breakdown,
  campaignMetrics,
  defaultRangeDays,
  parseRangeForm,
  type StateMetrics,
} from "~/metrics/metrics.server";
import { stanceLabels } from "~/positions/stance";
import { backgroundPaths, worldMapShapes } from "~/positions/world-map.server";
import styles from "~/styles/metrics.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.campaign.title} · ` : ""}Metrics · Démarche staff` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = database();
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

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

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

function RangeForm({ data }: { data: LoaderData }) {
  const { form, timeZones } = data;
  const failed = Object.keys(form.errors).length > 0;
  return (
    <Form method="get" className="range-form">
      {failed ? (
        <p className="notice error" role="alert">
          The period could not be used, so the last {data.defaultRangeDays} days are shown.
        </p>
      ) : null}
      <div className="range-form__fields">
        {(["from", "to"] as const).map((name) => (
          <Field
            key={name}
            id={`range-${name}`}
            name={name}
            label={name === "from" ? "From" : "To"}
            type="date"
            // An invalid value is kept so it can be corrected; an empty one shows the default.
            defaultValue={form.values[name] || form.range[name]}
            error={form.errors[name]}
          />
        ))}
        <SelectField
          id="range-tz"
          name="tz"
          label="Time zone"
          defaultValue={form.values.tz}
          error={form.errors.tz}
        >
          {timeZones.includes(form.values.tz) ? null : <option>{form.values.tz}</option>}
          {timeZones.map((zone) => (
            <option key={zone}>{zone}</option>
          ))}
        </SelectField>
        <div className="range-form__buttons">
          <button type="submit">Show metrics</button>
        </div>
      </div>
      <p className="muted">
        Days run from midnight to midnight in the chosen time zone; days to answer are counted in
        UTC calendar days.
      </p>
    </Form>
  );
}

function Num({ children }: { children: ReactNode }) {
  return <td className="num">{children}</td>;
}

function FunnelTable({ data }: { data: LoaderData }) {
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

function DailyTable({ data }: { data: LoaderData }) {
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

function BreakdownTable({
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

function StateTable({ data }: { data: LoaderData }) {
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

function LeagueTable({ data }: { data: LoaderData }) {
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

function MovementTable({ data }: { data: LoaderData }) {
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

function Downloads({ data }: { data: LoaderData }) {
  const { links, personalData } = data.downloads;
  return (
    <>
      <p>Without supporters' personal data. CSV for Excel adds a byte-order mark.</p>
      <ul className="downloads">
        {links.map((link) => {
          const name = link.label.toLowerCase();
          return (
            <li key={link.kind}>
              {link.label} <span className="muted">({link.scope})</span>:{" "}
              <a href={link.csv} download>
                CSV<span className="visually-hidden"> of {name}</span>
              </a>{" "}
              ·{" "}
              <a href={link.excel} download>
                CSV for Excel<span className="visually-hidden"> of {name}</span>
              </a>{" "}
              ·{" "}
              <a href={link.json} download>
                JSON<span className="visually-hidden"> of {name}</span>
              </a>
            </li>
          );
        })}
      </ul>
      {personalData ? (
        <p>
          <a href={personalData} download>
            Letters with supporters' personal data (CSV)
          </a>{" "}
          <span className="muted">
            Admins only: names, e-mail addresses, cities and personal paragraphs. Each download is
            recorded in the audit log.
          </span>
        </p>
      ) : null}
    </>
  );
}
