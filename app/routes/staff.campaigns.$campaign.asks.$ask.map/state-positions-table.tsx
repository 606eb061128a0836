import { Link } from "@remix-run/react";
import { StanceLabel } from "~/components/stance-label";
import type { Position, RegionalGroup } from "~/positions/stance";

export interface StatePositionRow {
  iso3: string;
  name: string;
  regionalGroup: RegionalGroup | null;
  /** A permanent member of the Security Council, whose vote against is a veto. */
  permanent: boolean;
  position: Position;
  /** Null when nothing has been observed yet. */
  observedOn: string | null;
}

/** One row per state with its position in words: the text alternative of the stance map. */
export function StatePositionsTable({
  id,
  caption,
  rows,
  hrefFor,
}: {
  id?: string;
  caption: string;
  rows: readonly StatePositionRow[];
  hrefFor: (iso3: string) => string;
}) {
  return (
    // tabIndex lets the map's "Skip the map" link move focus here, not only scroll.
    <table id={id} className="state-positions" tabIndex={id ? -1 : undefined}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">State</th>
          <th scope="col">Regional group</th>
          <th scope="col">Position</th>
          <th scope="col">Observed on</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.iso3}>
            <th scope="row">
              <Link to={hrefFor(row.iso3)}>{row.name}</Link>
              {row.permanent ? <span className="muted"> (permanent member)</span> : null}
            </th>
            <td>{row.regionalGroup ?? <span className="muted">None</span>}</td>
            <td>
              <StanceLabel position={row.position} />
            </td>
            <td>
              {row.observedOn ? (
                <time dateTime={row.observedOn}>{row.observedOn}</time>
              ) : (
                <span className="muted">Never</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
