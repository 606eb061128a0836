import { positions } from "~/positions/stance";

const example = `state,stance,observed_on,source_url,evidence,visibility
GBR,supports,2026-01-20,https://www.example.org/statement,,public
Denmark,leaning support,2026-01-22,,"Told us so in a meeting, 21 January",internal`;

/**
 * What the importer expects, beside the form, with a template to start from. The limits are
 * props: they live in position-csv.server.ts, with the parser, which the browser never gets.
 */
export function PositionCsvHelp({
  templateHref,
  maxEvidenceChars,
}: {
  templateHref: string;
  maxEvidenceChars: number;
}) {
  return (
    <aside className="help-box" aria-labelledby="csv-help-title">
      <h2 id="csv-help-title">What the CSV should look like</h2>
      <p>The first line names the columns; each further line is one observation.</p>
      <dl className="help-box__columns">
        <dt>state</dt>
        <dd>An ISO3 code such as GBR, or the English name. Required.</dd>
        <dt>stance</dt>
        <dd>
          One of {positions.join(", ")}; the labels (“Leaning support”, “Voted yes”) work too.
          Required.
        </dd>
        <dt>observed_on</dt>
        <dd>The day the position was observed, like 2026-01-23; not in the future. Required.</dd>
        <dt>source_url, evidence</dt>
        <dd>
          A web link, and the evidence in words (at most {maxEvidenceChars} characters). Each row
          needs at least one of the two.
        </dd>
        <dt>visibility</dt>
        <dd>public or internal; empty means internal.</dd>
      </dl>
      <figure className="help-box__example">
        <figcaption>Example:</figcaption>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: so keyboards can scroll it sideways. */}
        <pre tabIndex={0}>{example}</pre>
      </figure>
      <p>
        Save it as “CSV UTF-8” from your spreadsheet. Commas, semicolons or tabs all work.{" "}
        <a href={templateHref} download>
          Download a template CSV
        </a>
      </p>
    </aside>
  );
}
