import { Form, Link } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import type { AsksPageData } from "./route";

type ListedAsk = AsksPageData["asks"][number];

export function AskList({
  asks,
  canEdit,
  base,
}: {
  asks: ListedAsk[];
  canEdit: boolean;
  base: string;
}) {
  if (asks.length === 0) return <p>This campaign has no asks yet.</p>;
  return (
    <ol className="ask-list">
      {asks.map((ask, index) => (
        <li key={ask.slug} className="ask-list__item">
          <h2>
            {ask.title}
            {ask.retired ? <span className="muted"> (retired)</span> : null}
          </h2>
          <p>{ask.ruleLine}</p>
          <p className="muted">
            {ask.decidesOn ? `Decided on ${ask.decidesOn}. ` : "No decision date: counted today. "}
            {historyInWords(ask.history)}
          </p>
          {canEdit ? (
            <AskButtons
              ask={ask}
              base={base}
              first={index === 0}
              last={index === asks.length - 1}
            />
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function historyInWords(history: ListedAsk["history"]): string {
  const { positions, letters, responses } = history;
  return `${positions} position${positions === 1 ? "" : "s"}, ${letters} letter${letters === 1 ? "" : "s"}, ${responses} response${responses === 1 ? "" : "s"}.`;
}

function AskButtons({
  ask,
  base,
  first,
  last,
}: {
  ask: ListedAsk;
  base: string;
  first: boolean;
  last: boolean;
}) {
  const hasHistory = ask.history.positions + ask.history.letters + ask.history.responses > 0;
  const button = (intent: string, label: string, disabled = false) => (
    <button
      type="submit"
      name="intent"
      value={intent}
      disabled={disabled}
      aria-label={`${label}: ${ask.title}`}
    >
      {label}
    </button>
  );
  return (
    <Form method="post" className="actions">
      <CsrfInput />
      <input type="hidden" name="ask" value={ask.slug} />
      <Link to={`${base}/asks?edit=${ask.slug}#ask-form`} aria-label={`Edit: ${ask.title}`}>
        Edit
      </Link>
      {button("up", "Move up", first)}
      {button("down", "Move down", last)}
      {ask.retired ? button("restore", "Restore") : button("retire", "Retire")}
      {hasHistory ? null : button("delete", "Delete")}
    </Form>
  );
}
