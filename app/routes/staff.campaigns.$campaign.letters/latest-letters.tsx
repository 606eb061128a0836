import { Link, useLocation } from "@remix-run/react";
import { contactKindLabels } from "~/contacts/contact-kinds";
import type { LettersPageData } from "./route";
import { statusLabels, utc } from "./status-labels";

export function LatestLetters({ page }: { page: LettersPageData }) {
  const { search } = useLocation();
  const detailHref = (id: number) => {
    const query = new URLSearchParams(search);
    query.set("letter", String(id));
    return `?${query}`;
  };
  return (
    <section aria-labelledby="latest-heading">
      <h2 id="latest-heading">Latest letters</h2>
      {page.latest.length === 0 ? (
        <p>No letters match.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        <section className="table-scroll" aria-labelledby="latest-heading" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Letter</th>
                <th scope="col">State</th>
                <th scope="col">Ask</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col">Created (UTC)</th>
                <th scope="col">Sent (UTC)</th>
                <th scope="col">Failure reason</th>
              </tr>
            </thead>
            <tbody>
              {page.latest.map((letter) => (
                <tr key={letter.id}>
                  <td>
                    {page.isAdmin ? (
                      <Link to={detailHref(letter.id)}>
                        <span className="visually-hidden">Letter </span>
                        {letter.id}
                      </Link>
                    ) : (
                      letter.id
                    )}
                  </td>
                  <td>{letter.stateName}</td>
                  <td>{letter.askTitle}</td>
                  <td>{contactKindLabels[letter.targetKind]}</td>
                  <td>{statusLabels[letter.status]}</td>
                  <td>{utc(letter.createdAt)}</td>
                  <td>{letter.sentAt ? utc(letter.sentAt) : ""}</td>
                  <td>{letter.failureReason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
