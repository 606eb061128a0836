import { formatCount } from "~/metrics/charts";

/** One of the report's tables: a row per ask or month, with its people and letters. */
export function WritersAndLetters({
  id,
  heading,
  rowHeader,
  rows,
}: {
  id: string;
  heading: string;
  rowHeader: string;
  rows: { key: string; label: string; writers: number; letters: number }[];
}) {
  const headingId = `${id}-heading`;
  return (
    <>
      <h2 id={headingId}>{heading}</h2>
      <table className="metrics-table" aria-labelledby={headingId}>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            <th scope="col" className="num">
              People
            </th>
            <th scope="col" className="num">
              Letters
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td className="num">{formatCount(row.writers)}</td>
              <td className="num">{formatCount(row.letters)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
