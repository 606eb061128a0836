import { Form, useActionData } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { contactKindLabels } from "~/contacts/contact-kinds";
import type { action, LettersPageData } from "./route";

export function BouncedLetters({ page }: { page: LettersPageData }) {
  const result = useActionData<typeof action>();
  const error = result?.target === "bounces" ? result.errors.form : undefined;
  return (
    <section id="bounces" aria-labelledby="bounces-heading">
      <h2 id="bounces-heading">Bounced letters</h2>
      <p>
        A delivery report marks a letter bounced as soon as it arrives. Anyone who has seen a
        letter's return address could forge one: if a report looks wrong (the ministry confirms
        receipt, or the report is not from its mail server), undo it. Undoing is recorded in the
        audit log.
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {page.bounces.length === 0 ? (
        <p className="muted">No letter of this campaign has bounced.</p>
      ) : (
        <table>
          <caption>The latest {page.bounces.length} bounced letters</caption>
          <thead>
            <tr>
              <th scope="col">Letter</th>
              <th scope="col">To</th>
              <th scope="col">Sent</th>
              <th scope="col">Delivery report</th>
              {page.canEdit ? <th scope="col">Review</th> : null}
            </tr>
          </thead>
          <tbody>
            {page.bounces.map((bounce) => (
              <tr key={bounce.id}>
                <td>#{bounce.id}</td>
                <td>
                  {bounce.stateName}, {contactKindLabels[bounce.targetKind]}
                </td>
                <td>
                  {bounce.sentAt ? (
                    <time dateTime={bounce.sentAt}>
                      {bounce.sentAt.slice(0, 16).replace("T", " ")} UTC
                    </time>
                  ) : (
                    "—"
                  )}
                </td>
                <td>{bounce.report ?? "—"}</td>
                {page.canEdit ? (
                  <td>
                    <Form method="post" aria-label={`Undo the bounce of letter ${bounce.id}`}>
                      <CsrfInput />
                      <input type="hidden" name="intent" value="dismiss-bounce" />
                      <input type="hidden" name="letter" value={bounce.id} />
                      <button type="submit" className="secondary">
                        Delivered after all
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
