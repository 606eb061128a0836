import type { PublicAskPositions } from "~/positions/public-asks.server";
import type { Position } from "~/positions/stance";
import type { PublicStance } from "~/positions/tracker.server";
import { StanceMap, type StanceMapData } from "~/positions/world-map";
import { StanceText } from "./tally-summary";

/** The public page of one ask's map and table, at a stable URL. */
export function publicAskPath(campaignSlug: string, askSlug: string): string {
  return `/c/${campaignSlug}/asks/${askSlug}`;
}

/** An ask's public positions: the map, and beside it the table that says the same in text. */
export function PublicAskStances({ ask, map }: { ask: PublicAskPositions; map: StanceMapData }) {
  const stances = [...(ask.members ?? []), ...ask.others];
  const positions: Record<string, Position> = Object.fromEntries(
    stances.map((s) => [s.iso3, s.position]),
  );
  const listed = new Set(stances.map((s) => s.iso3));
  return (
    <div className="public-ask__stances">
      <StanceMap
        map={map}
        positions={positions}
        hrefFor={(iso3) => (listed.has(iso3) ? `#${ask.slug}-${iso3}` : `#${ask.slug}-unlisted`)}
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
  );
}

function StanceTable({ ask }: { ask: PublicAskPositions }) {
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
