import type { SourceFigures } from "~/embed/embed.server";
import { formatCount } from "~/metrics/charts";

/** Letters and confirmations per embed source: on the metrics page and the Embed page. */
export function LettersPerPartner({ sources }: { sources: readonly SourceFigures[] }) {
  if (sources.length === 0) return <p>No letter has come through an embed yet.</p>;
  return (
    <table>
      <caption>Letters per partner</caption>
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Letters</th>
          <th scope="col">Confirmed</th>
        </tr>
      </thead>
      <tbody>
        {sources.map((row) => (
          <tr key={`${row.code}:${row.origin}`}>
            <th scope="row">{row.code ?? row.origin ?? "Unknown site"}</th>
            <td>{formatCount(row.letters)}</td>
            <td>{formatCount(row.confirmed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
