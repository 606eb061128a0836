import { MultilineText } from "~/components/multiline-text";
import { stanceLabels } from "~/positions/stance";
import type { ResponsesPageData } from "./route";

export function ResponseList({ page }: { page: ResponsesPageData }) {
  if (page.responses.length === 0) return <p role="status">No responses match.</p>;
  return (
    <>
      <p role="status">
        {page.responses.length} response{page.responses.length === 1 ? "" : "s"}.
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard. */}
      <section className="table-scroll" aria-label="Responses" tabIndex={0}>
        <table className="timeline">
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">State</th>
              <th scope="col">Asks</th>
              <th scope="col">Channel</th>
              <th scope="col">Responder</th>
              <th scope="col">Summary</th>
              <th scope="col">Position change</th>
              <th scope="col">Visibility</th>
              <th scope="col">Recorded by</th>
            </tr>
          </thead>
          <tbody>
            {page.responses.map((response) => (
              <ResponseRow key={response.id} response={response} />
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function ResponseRow({ response }: { response: ResponsesPageData["responses"][number] }) {
  return (
    <tr id={`response-${response.id}`}>
      <td>{response.receivedOn}</td>
      <td>{response.stateName}</td>
      <td>{response.asks.map((a) => a.title).join("; ")}</td>
      <td>{response.channelLabel}</td>
      <td>{response.responder ?? <span className="muted">Not given</span>}</td>
      <td>
        <blockquote>{response.summary}</blockquote>
        {response.fullText ? (
          <details>
            <summary>Full text</summary>
            <MultilineText text={response.fullText} />
          </details>
        ) : null}
        {response.letterId ? (
          <span className="muted">Reported from a supporter's letter</span>
        ) : null}
      </td>
      <td>
        {response.positionChanges.map((c) => (
          <div key={c.askId}>
            {c.askTitle}: {stanceLabels[c.position]}
          </div>
        ))}
      </td>
      <td>
        <span className={`badge badge--${response.visibility}`}>
          {response.visibility === "public" ? "Public" : "Internal"}
        </span>
      </td>
      <td>
        {response.recordedBy ?? <span className="muted">System</span>}
        <br />
        <span className="muted">{response.recordedAt.slice(0, 16).replace("T", " ")} UTC</span>
      </td>
    </tr>
  );
}
