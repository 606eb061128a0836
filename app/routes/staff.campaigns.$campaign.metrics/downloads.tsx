import type { MetricsPage } from "./route";

/** The exports of the period, each as CSV, CSV for Excel and JSON; personal data for admins only. */
export function Downloads({ data }: { data: MetricsPage }) {
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
