import { Link } from "@remix-run/react";
import { StanceLabel } from "~/components/stance-label";
import type { StatePageData } from "./route";

type TimelineEntry = StatePageData["timeline"][number];

type ResponseEntry = StatePageData["responses"][number];

/** Observations and responses in one list, newest first by their date. */
function mergeByDate(events: TimelineEntry[], responses: ResponseEntry[]) {
  const entries = [
    ...events.map((event) => ({ kind: "position" as const, day: event.observedOn, event })),
    ...responses.map((response) => ({
      kind: "response" as const,
      day: response.receivedOn,
      response,
    })),
  ];
  // Stable sort: on one day, an observation stays above the response it came from.
  return entries.sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
}

export function Timeline({
  events,
  responses,
  responsesHref,
}: {
  events: TimelineEntry[];
  responses: ResponseEntry[];
  responsesHref: string;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
    <section className="table-scroll" aria-labelledby="timeline" tabIndex={0}>
      <table className="timeline">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Entry</th>
            <th scope="col">Ask</th>
            <th scope="col">Position</th>
            <th scope="col">Source</th>
            <th scope="col">Evidence</th>
            <th scope="col">Confidence</th>
            <th scope="col">Visibility</th>
            <th scope="col">Recorded by</th>
          </tr>
        </thead>
        <tbody>
          {mergeByDate(events, responses).map((entry) =>
            entry.kind === "response" ? (
              <ResponseRow
                key={`r${entry.response.id}`}
                response={entry.response}
                href={responsesHref}
              />
            ) : (
              <PositionRow key={entry.event.id} event={entry.event} />
            ),
          )}
        </tbody>
      </table>
    </section>
  );
}

/** A delegation response on the timeline: labelled as such, its summary as the evidence. */
function ResponseRow({ response, href }: { response: ResponseEntry; href: string }) {
  return (
    <tr className="timeline__response">
      <td>{response.receivedOn}</td>
      <td>
        <strong>Response</strong>
      </td>
      <td>{response.askTitles.join("; ")}</td>
      <td>
        <span className="muted">—</span>
      </td>
      <td>
        {response.channelLabel}
        {response.responder ? ` from ${response.responder}` : ""}
      </td>
      <td>
        <blockquote>{response.summary}</blockquote>
        {response.hasFullText ? (
          <Link to={`${href}#response-${response.id}`}>
            Full text
            <span className="visually-hidden"> of the response of {response.receivedOn}</span>
          </Link>
        ) : null}
      </td>
      <td />
      <td>
        <span className={`badge badge--${response.visibility}`}>
          {response.visibility === "public" ? "Public" : "Internal"}
        </span>
      </td>
      <td>
        {response.recordedBy ?? <span className="muted">Import or system</span>}
        <br />
        <span className="muted">{response.recordedAt.slice(0, 16).replace("T", " ")} UTC</span>
      </td>
    </tr>
  );
}

function PositionRow({ event }: { event: TimelineEntry }) {
  return (
    <tr>
      <td>{event.observedOn}</td>
      <td>Position</td>
      <td>{event.askTitle}</td>
      <td>
        <StanceLabel position={event.position} />
      </td>
      <td>
        <Source url={event.sourceUrl} title={event.sourceTitle} />
      </td>
      <td>{event.evidence ? <blockquote>{event.evidence}</blockquote> : null}</td>
      <td>{event.confidence}</td>
      <td>
        <span className={`badge badge--${event.visibility}`}>
          {event.visibility === "public" ? "Public" : "Internal"}
        </span>
      </td>
      <td>
        {event.recordedBy ?? <span className="muted">Import or system</span>}
        <br />
        <span className="muted">{event.recordedAt.slice(0, 16).replace("T", " ")} UTC</span>
      </td>
    </tr>
  );
}

function Source({ url, title }: { url: string | null; title: string | null }) {
  // Only http(s) links become links: older or imported rows are not trusted to be safe URLs.
  if (url && /^https?:\/\//i.test(url)) {
    return (
      <a href={url} rel="noreferrer noopener">
        {title ?? url}
      </a>
    );
  }
  return <>{title ?? url ?? ""}</>;
}
