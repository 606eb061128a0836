import { Link, useLocation } from "@remix-run/react";
import { Fact } from "~/components/fact";
import { MultilineText } from "~/components/multiline-text";
import { contactKindLabels } from "~/contacts/contact-kinds";
import type { LettersPageData } from "./route";
import { statusLabels } from "./status-labels";

type Detail = NonNullable<LettersPageData["detail"]>;

/** Admins only: the letter as written, and who wrote it. */
export function LetterDetail({ detail }: { detail: Detail }) {
  const { search } = useLocation();
  const back = new URLSearchParams(search);
  back.delete("letter");
  return (
    <section aria-labelledby="detail-heading" className="notice">
      <h2 id="detail-heading">
        Letter {detail.id}: {detail.stateName}, {contactKindLabels[detail.targetKind]}
      </h2>
      <p className="muted">Personal data: shown to admins only.</p>
      <dl className="facts">
        <Fact term="Supporter">
          {detail.supporter
            ? `${detail.supporter.name ?? ""} <${detail.supporter.email ?? "no address"}>`
            : "Deleted at the supporter's request"}
        </Fact>
        <Fact term="City">{detail.supporter?.city || "None given"}</Fact>
        <Fact term="Status">{statusLabels[detail.status]}</Fact>
        <Fact term="Ask">{detail.askTitle}</Fact>
        <Fact term="Addressed to">{detail.contactName ?? "No verified contact yet"}</Fact>
        <Fact term="Language">{detail.language}</Fact>
      </dl>
      <p>
        <strong>Subject:</strong> {detail.subject}
      </p>
      {detail.body ? (
        <blockquote>
          <MultilineText text={detail.body} />
        </blockquote>
      ) : (
        <p className="muted">The text has been scrubbed after the retention period.</p>
      )}
      {detail.personalParagraph ? (
        <p>
          <strong>The supporter’s own paragraph:</strong> {detail.personalParagraph}
        </p>
      ) : null}
      <p>
        <Link to={`?${back}`}>Close the letter</Link>
      </p>
    </section>
  );
}
