import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { getAsk } from "~/campaigns/asks.server";
import { LabelledControl } from "~/components/form-fields";
import type { DbOrTx } from "~/lib/db.server";
import type { MemberPosition } from "~/positions/decision-rules";
import { type Ask, tallyAsks, tallyDate } from "~/positions/tally.server";
import { StanceMap } from "~/positions/world-map";
import { stanceMapData } from "~/positions/world-map-asset.server";
import type { BodyCode } from "~/reference/membership.server";
import styles from "~/styles/positions.css";
import { type StatePositionRow, StatePositionsTable } from "./state-positions-table";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Map: ${data.ask.title} · Démarche staff` : "Ask not found · Démarche staff" },
];

const bodyNames: Record<BodyCode, string> = {
  hrc: "Human Rights Council",
  unsc: "Security Council",
  unga: "General Assembly",
};

const asOfDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-23")
  .refine((day) => {
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  }, "This is not a calendar date");

const tableId = "ask-positions";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const found = await getAsk(db, params.campaign ?? "", params.ask ?? "");
  if (!found) throw new Response("This campaign has no such ask.", { status: 404 });
  const requested = new URL(request.url).searchParams.get("asOf")?.trim() || undefined;
  const filter = asOfDay.optional().safeParse(requested);
  const asOf = tallyDate(found.ask, filter.success ? filter.data : undefined);
  const { campaign, ask } = found;
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    ask: { slug: ask.slug, title: ask.title, body: ask.bodyCode ? bodyNames[ask.bodyCode] : null },
    asOf,
    asOfInput: filter.success ? asOf : (requested ?? ""),
    asOfError: filter.success ? undefined : filter.error.issues[0]?.message,
    ...(await askPositionsOn(db, ask, asOf)),
    map: stanceMapData(),
    canImport: roleAllows(user.role, "editor"),
  };
}

/**
 * Staff see internal observations too. The deciding body's members on the day are listed (every
 * member state when no council decides); other states appear only if they have a position.
 */
async function askPositionsOn(db: DbOrTx, ask: Ask, asOf: string) {
  const [tally] = await tallyAsks(db, [ask], { audience: "staff", asOf });
  if (!tally) throw new Error(`ask ${ask.slug} was not tallied`);
  const row = (state: MemberPosition): StatePositionRow => ({
    ...state,
    observedOn: state.observedOn ?? null,
  });
  const observed = (state: MemberPosition) => state.observedOn !== undefined;
  return {
    summary: tally.summary,
    members: tally.members.map(row),
    others: tally.nonMembers.filter(observed).map(row),
    positions: Object.fromEntries(
      [...tally.members, ...tally.nonMembers].filter(observed).map((s) => [s.iso3, s.position]),
    ),
  };
}

export default function AskMap() {
  const page = useLoaderData<typeof loader>();
  const { campaign, ask, asOf } = page;
  const stateHref = (iso3: string) => `/staff/campaigns/${campaign.slug}/states/${iso3}`;
  const membersCaption = ask.body
    ? `Members of the ${ask.body} on ${asOf} (${page.members.length})`
    : `UN member states (${page.members.length})`;
  return (
    <>
      <p className="muted">
        <Link to="/staff">Dashboard</Link> › {campaign.title}
      </p>
      <h1>{ask.title}</h1>
      <p className="tally-sentence">
        <span className="muted">On {asOf}:</span> {page.summary}
      </p>
      <p className="notice">
        Staff view: the map, the tally and the table include internal observations, which the public
        never sees.
      </p>
      <Form method="get" className="as-of-form">
        <LabelledControl
          id="asOf"
          label="Show positions and membership as of"
          hint="Defaults to the ask's decision date, or today when it has none."
          error={page.asOfError}
        >
          {(control) => (
            <div className="as-of-form__row">
              <input name="asOf" type="date" defaultValue={page.asOfInput} {...control} />
              <button type="submit" className="secondary">
                Show
              </button>
            </div>
          )}
        </LabelledControl>
      </Form>
      {page.canImport ? (
        <p>
          <Link to={`/staff/campaigns/${campaign.slug}/import?ask=${ask.slug}`}>
            Import positions on this ask from a CSV file
          </Link>
        </p>
      ) : null}
      <div className="ask-map">
        <div className="ask-map__figure">
          <StanceMap
            map={page.map}
            positions={page.positions}
            hrefFor={stateHref}
            title={`World map of positions on “${ask.title}” as of ${asOf}`}
            caption={`Each state's latest position on or before ${asOf}, as listed beside the map.`}
            skipTo={tableId}
          />
        </div>
        <div className="ask-map__tables">
          <StatePositionsTable
            id={tableId}
            caption={membersCaption}
            rows={page.members}
            hrefFor={stateHref}
          />
          {page.others.length > 0 ? (
            <StatePositionsTable
              caption={`Other states with a position: not counted (${page.others.length})`}
              rows={page.others}
              hrefFor={stateHref}
            />
          ) : null}
        </div>
      </div>
    </>
  );
}
