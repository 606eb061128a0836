import { contactKindLabels } from "~/contacts/contact-kinds";
import type { TemplatesPageData } from "./route";
import { languageNames } from "./template-names";

type VersionRow = TemplatesPageData["versions"][number];

export function Versions({
  versions,
  inEffectId,
}: {
  versions: VersionRow[];
  inEffectId: number | null;
}) {
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">Saved versions</h2>
      {versions.length === 0 ? (
        <p>No version has been saved yet: every letter uses the shipped templates.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Ask</th>
              <th scope="col">Language</th>
              <th scope="col">Addressed to</th>
              <th scope="col">Version</th>
              <th scope="col">Saved by</th>
              <th scope="col">Saved (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.id}>
                <td>{version.askTitle ?? "All asks"}</td>
                <td>{languageNames[version.language] ?? version.language}</td>
                <td>{contactKindLabels[version.targetKind]}</td>
                <td>
                  {version.version}
                  {version.id === inEffectId ? " (in effect above)" : ""}
                </td>
                <td>{version.author ?? <span className="muted">Command line or system</span>}</td>
                <td>{version.createdAt.slice(0, 16).replace("T", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
