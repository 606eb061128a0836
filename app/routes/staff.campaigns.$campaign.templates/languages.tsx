import { Link } from "@remix-run/react";
import { contactKindLabels } from "~/contacts/contact-kinds";
import type { TemplatesPageData } from "./route";
import { languageNames } from "./template-names";

/** Every letter language of the campaign side by side, for the office chosen above. */
export function Languages({ page }: { page: TemplatesPageData }) {
  const target = contactKindLabels[page.scope.targetKind];
  const link = (language: string) =>
    `?${new URLSearchParams({ ask: "", language, targetKind: page.scope.targetKind, state: page.state })}`;
  return (
    <section aria-labelledby="languages-heading">
      <h2 id="languages-heading">Languages</h2>
      <p className="muted">
        Addressed to: {target}. Which template each language uses, campaign-wide. Shipped texts are
        listed with their review status (templates/README.md); a campaign version overrides the
        shipped one for this campaign only.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Language</th>
            <th scope="col">Offered to supporters</th>
            <th scope="col">Template in effect</th>
            <th scope="col">Ask-specific versions</th>
            <th scope="col">Shipped text</th>
          </tr>
        </thead>
        <tbody>
          {page.languages.map((row) => (
            <tr key={row.language}>
              <th scope="row">
                <Link to={link(row.language)}>{languageNames[row.language] ?? row.language}</Link>
              </th>
              <td>{row.offered ? "Yes" : "No"}</td>
              <td>
                {row.campaignVersion === null
                  ? "Shipped file"
                  : `Campaign override, version ${row.campaignVersion}`}
              </td>
              <td>{row.askVersions}</td>
              <td>{row.reviewStatus}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
