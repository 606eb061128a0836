import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { openAsks } from "~/campaigns/asks.server";
import { requireCampaignAndState } from "~/campaigns/campaigns.server";
import { CsrfInput } from "~/components/csrf-input";
import { Fact } from "~/components/fact";
import { Field } from "~/components/field";
import { SelectField, TextAreaField, VisibilityChoice } from "~/components/form-fields";
import { StanceLabel } from "~/components/stance-label";
import { database } from "~/lib/db.server";
import { type FieldErrors, formFields, parseForm } from "~/lib/form";
import {
  FutureObservationError,
  positionEventSchema,
  recordPositionEvent,
  todayUtc,
} from "~/positions/positions.server";
import { recordedVotes, stanceLabels, stances } from "~/positions/stance";
import type { BodySeat } from "~/positions/tracker";
import { loadStateDossier } from "~/positions/tracker.server";
import { channelLabels, responseTimeline } from "~/responses/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.state.name} · ${data.campaign.title} · ` : ""}Démarche staff` },
];

async function campaignAndState(params: LoaderFunctionArgs["params"]) {
  const db = database();
  return requireCampaignAndState(db, params.campaign, params.state);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(database(), request, "viewer");
  const { campaign, state } = await campaignAndState(params);
  const [dossier, responses] = await Promise.all([
    loadStateDossier(database(), campaign.id, campaign.asks, state.iso3),
    responseTimeline(database(), {
      campaignId: campaign.id,
      stateIso3: state.iso3,
      audience: "staff",
    }),
  ]);
  const search = new URL(request.url).searchParams;
  const recorded = campaign.asks.find((ask) => ask.slug === search.get("recorded"));
  return {
    canEdit: roleAllows(user.role, "editor"),
    campaign: { slug: campaign.slug, title: campaign.title },
    state: {
      iso3: state.iso3,
      name: state.name,
      regionalGroup: state.regionalGroup,
      unStatus: state.unStatus,
    },
    asks: campaign.asks.map((ask) => ({
      slug: ask.slug,
      title: ask.title,
      retired: ask.retiredAt !== null,
      current: dossier.current.get(ask.id) ?? null,
    })),
    timeline: dossier.timeline.map(({ recordedAt, askId: _, ...event }) => ({
      ...event,
      recordedAt: recordedAt.toISOString(),
    })),
    responses: responses.map((r) => ({
      id: r.id,
      receivedOn: r.receivedOn,
      askTitles: r.asks.map((a) => a.title),
      channelLabel: channelLabels[r.channel],
      responder: r.responder,
      summary: r.summary,
      hasFullText: r.fullText !== null,
      visibility: r.visibility,
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt.toISOString(),
    })),
    days: dossier.days,
    hrc: dossier.hrc,
    unsc: dossier.unsc,
    romeStatuteParty: dossier.romeStatuteParty,
    preselectedAsk: search.get("ask") ?? recorded?.slug ?? null,
    today: todayUtc(),
    notice: recorded ? `Recorded a new observation on “${recorded.title}”.` : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = database();
  const user = await requireStaff(db, request, "editor");
  const form = await request.formData();
  await assertCsrf(request, form);
  const { campaign, state } = await campaignAndState(params);
  const ask = openAsks(campaign.asks).find((a) => a.slug === form.get("ask"));
  form.set("stateIso3", state.iso3);
  const parsed = parseForm(positionEventSchema, form);
  if (!parsed.ok || !ask) {
    const errors: FieldErrors = parsed.ok ? {} : parsed.errors;
    if (!ask) errors.ask = "Choose an ask";
    return data({ errors, values: formFields(form) }, { status: 400 });
  }
  try {
    await recordPositionEvent(db, staffActor(user), ask.id, parsed.data);
  } catch (error) {
    if (!(error instanceof FutureObservationError)) throw error;
    return data(
      { errors: { observedOn: error.message } as FieldErrors, values: formFields(form) },
      { status: 400 },
    );
  }
  // Post/redirect/get: a reload does not record the observation twice.
  return redirect(
    `/staff/campaigns/${campaign.slug}/states/${state.iso3}?recorded=${encodeURIComponent(ask.slug)}`,
  );
}

export default function StatePage() {
  const page = useLoaderData<typeof loader>();
  const { campaign, state, asks, timeline, days } = page;
  return (
    <>
      <p>
        <Link to={`/staff/campaigns/${campaign.slug}`}>← {campaign.title}: tracker</Link>
      </p>
      <h1>{state.name}</h1>
      {page.notice ? (
        <p className="notice" role="status">
          {page.notice}
        </p>
      ) : null}
      <dl className="facts">
        <Fact term="Regional group">{state.regionalGroup ?? "None"}</Fact>
        <Fact term="UN status">
          {state.unStatus === "member" ? "Member state" : "Observer state"}
        </Fact>
        <Fact term={`Human Rights Council on ${days.hrc}`}>
          <SeatDescription seat={page.hrc} />
        </Fact>
        <Fact term={`Security Council on ${days.unsc}`}>
          <SeatDescription seat={page.unsc} />
        </Fact>
        <Fact term={`Rome Statute on ${days.today}`}>
          {page.romeStatuteParty ? "State party" : "Not a state party"}
        </Fact>
      </dl>
      <h2>Positions</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Ask</th>
            <th scope="col">Current position</th>
            <th scope="col">Observed</th>
          </tr>
        </thead>
        <tbody>
          {asks.map((ask) => (
            <tr key={ask.slug}>
              <th scope="row">{ask.title}</th>
              <td>
                <StanceLabel position={ask.current?.position ?? "no_information"} />
              </td>
              <td>{ask.current?.observedOn ?? <span className="muted">Never</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.canEdit ? (
        <RecordObservation
          asks={asks.filter((ask) => !ask.retired)}
          preselectedAsk={page.preselectedAsk}
          today={page.today}
        />
      ) : null}
      <h2 id="timeline">Timeline</h2>
      <p className="actions">
        <Link to={`/staff/campaigns/${campaign.slug}/responses?state=${state.iso3}`}>
          Responses from {state.name}
          {page.canEdit ? ": log a response" : ""}
        </Link>
      </p>
      {timeline.length === 0 && page.responses.length === 0 ? (
        <p>Nothing has been recorded for {state.name} on this campaign yet.</p>
      ) : (
        <Timeline
          events={timeline}
          responses={page.responses}
          responsesHref={`/staff/campaigns/${campaign.slug}/responses?state=${state.iso3}`}
        />
      )}
    </>
  );
}

function SeatDescription({ seat }: { seat: BodySeat | null }) {
  if (!seat) return <>Not a member</>;
  if (seat.permanent) return <>Permanent member</>;
  const term = [seat.startsOn, seat.endsOn].every(Boolean)
    ? `, term ${seat.startsOn} to ${seat.endsOn}`
    : "";
  return <>Elected member{term}</>;
}

type TimelineEntry = ReturnType<typeof useLoaderData<typeof loader>>["timeline"][number];
type ResponseEntry = ReturnType<typeof useLoaderData<typeof loader>>["responses"][number];

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

function Timeline({
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

function RecordObservation({
  asks,
  preselectedAsk,
  today,
}: {
  asks: { slug: string; title: string }[];
  preselectedAsk: string | null;
  today: string;
}) {
  const result = useActionData<typeof action>();
  // A new key after each navigation (e.g. the redirect after recording) empties the form.
  const { key } = useLocation();
  const errors: FieldErrors = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  return (
    <section aria-labelledby="record-heading">
      <h2 id="record-heading">Record an observation</h2>
      {Object.keys(errors).length > 0 ? (
        <p className="notice error" role="alert">
          The observation was not recorded: correct the fields marked below.
        </p>
      ) : null}
      <Form key={key} method="post" noValidate className="observation-form">
        <CsrfInput />
        <SelectField
          name="ask"
          label="Ask"
          error={errors.ask}
          defaultValue={values.ask ?? preselectedAsk ?? asks[0]?.slug}
        >
          {asks.map((ask) => (
            <option key={ask.slug} value={ask.slug}>
              {ask.title}
            </option>
          ))}
        </SelectField>
        <SelectField
          name="position"
          label="Position or recorded vote"
          error={errors.position}
          defaultValue={values.position ?? ""}
        >
          <option value="">Choose…</option>
          <optgroup label="Position">
            {stances.map((stance) => (
              <option key={stance} value={stance}>
                {stanceLabels[stance]}
              </option>
            ))}
          </optgroup>
          <optgroup label="Recorded vote">
            {recordedVotes
              .filter((vote) => vote !== "abstain")
              .map((vote) => (
                <option key={vote} value={vote}>
                  {stanceLabels[vote]}
                </option>
              ))}
          </optgroup>
        </SelectField>
        <Field
          name="observedOn"
          label="Date observed"
          type="date"
          required
          defaultValue={values.observedOn ?? today}
          error={errors.observedOn}
        />
        <Field
          name="sourceUrl"
          label="Source link"
          type="url"
          hint="A link, a document title or the evidence is required."
          defaultValue={values.sourceUrl}
          error={errors.sourceUrl}
        />
        <Field
          name="sourceTitle"
          label="Source title"
          defaultValue={values.sourceTitle}
          error={errors.sourceTitle}
        />
        <TextAreaField
          name="evidence"
          label="Evidence"
          rows={4}
          defaultValue={values.evidence}
          error={errors.evidence}
        />
        <SelectField
          name="confidence"
          label="Confidence"
          error={errors.confidence}
          defaultValue={values.confidence ?? "medium"}
        >
          <option value="low">Low</option>
          <option value="medium">Medium</option>
          <option value="high">High</option>
        </SelectField>
        <VisibilityChoice value={values.visibility} error={errors.visibility} />
        <p>
          <button type="submit">Record observation</button>
        </p>
      </Form>
    </section>
  );
}
