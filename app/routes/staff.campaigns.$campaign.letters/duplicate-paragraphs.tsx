import type { LettersPageData } from "./route";

export function DuplicateParagraphs({ page }: { page: LettersPageData }) {
  return (
    <section aria-labelledby="duplicates-heading">
      <h2 id="duplicates-heading">The same personal paragraph from several supporters</h2>
      <p>
        Supporters' own paragraphs that three or more of them sent with the same words (case,
        punctuation and spacing aside): a copied text or a coordinated submission. Nothing is
        blocked; this is for you to judge.
      </p>
      {page.duplicates.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Supporters</th>
              <th scope="col">Letters</th>
              <th scope="col">States</th>
              {page.isAdmin ? <th scope="col">Paragraph (start)</th> : null}
            </tr>
          </thead>
          <tbody>
            {page.duplicates.map((group) => (
              <tr key={group.states.join() + group.letters + (group.sample ?? "")}>
                <td>{group.supporters}</td>
                <td>{group.letters}</td>
                <td>{group.states.join(", ")}</td>
                {page.isAdmin ? <td>{group.sample}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
