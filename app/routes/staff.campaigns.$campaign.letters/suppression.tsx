import { Form, useActionData } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { StanceLabel } from "~/components/stance-label";
import type { SuppressionCandidate } from "~/letters/suppression.server";
import type { FieldErrors } from "~/lib/form";
import type { action, LettersPageData } from "./route";
import { pendingOrder, statusLabels } from "./status-labels";

export function Suppression({ page }: { page: LettersPageData }) {
  const result = useActionData<typeof action>();
  return (
    <section id="suppression" aria-labelledby="suppression-heading">
      <h2 id="suppression-heading">
        {page.campaign.closed
          ? "Pending letters of a closed campaign"
          : "Pending letters to states that now support"}
      </h2>
      <p>
        Letters still queued, awaiting a contact or awaiting confirmation may no longer be needed:
        stop them, or switch them to a thank-you (the current template’s supporting wording, with
        each supporter’s own paragraph kept). Both are recorded in the audit log.
      </p>
      {page.candidates.length === 0 ? (
        <p className="muted">No state that supports an ask has letters waiting on it.</p>
      ) : (
        <ul className="cards">
          {page.candidates.map((candidate) => {
            const key = `${candidate.askSlug}:${candidate.stateIso3}`;
            return (
              <li key={key}>
                <CandidateCard
                  candidate={candidate}
                  canEdit={page.canEdit}
                  result={result?.target === key ? result : null}
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function CandidateCard({
  candidate,
  canEdit,
  result,
}: {
  candidate: SuppressionCandidate;
  canEdit: boolean;
  result: { errors: FieldErrors; reason: string } | null;
}) {
  const id = `${candidate.askSlug}-${candidate.stateIso3}`;
  const headingId = `candidate-${id}`;
  const errors = result?.errors ?? {};
  return (
    <>
      <h3 id={headingId}>
        {candidate.stateName}: {candidate.askTitle}
      </h3>
      <p>
        Current stance: <StanceLabel position={candidate.stance ?? "no_information"} />
        {candidate.stance !== candidate.publicStance ? (
          <>
            {" "}
            (public: <StanceLabel position={candidate.publicStance ?? "no_information"} />)
          </>
        ) : null}
      </p>
      <p>
        <strong>{candidate.total}</strong> pending:{" "}
        {pendingOrder
          .filter((status) => candidate.pending[status] > 0)
          .map((status) => `${candidate.pending[status]} ${statusLabels[status].toLowerCase()}`)
          .join(", ")}
        .
      </p>
      {canEdit ? (
        <Form method="post" noValidate aria-labelledby={headingId}>
          <CsrfInput />
          <input type="hidden" name="ask" value={candidate.askSlug} />
          <input type="hidden" name="state" value={candidate.stateIso3} />
          {errors.form ? (
            <p className="field-error" role="alert">
              {errors.form}
            </p>
          ) : null}
          <Field
            id={`reason-${id}`}
            name="reason"
            label="Reason (required to stop them)"
            maxLength={200}
            defaultValue={result?.reason}
            error={errors.reason}
          />
          <p className="actions">
            {candidate.canStop ? (
              <button type="submit" name="mode" value="stop" className="danger">
                Stop them ({candidate.total})
              </button>
            ) : null}
            {candidate.canThank ? (
              <button type="submit" name="mode" value="thank" className="secondary">
                Switch to a thank-you ({candidate.total})
              </button>
            ) : (
              <span className="muted">
                A thank-you needs a public supporting stance: the letter would reveal it.
              </span>
            )}
          </p>
        </Form>
      ) : null}
    </>
  );
}
