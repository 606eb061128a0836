import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { openAsks } from "~/campaigns/asks.server";
import { requireCampaignAndState } from "~/campaigns/campaigns.server";
import { Fact } from "~/components/fact";
import { StanceLabel } from "~/components/stance-label";
import type { Database } from "~/lib/db.server";
import { type FieldErrors, formFields, parseForm } from "~/lib/form";
import {
  FutureObservationError,
  positionEventSchema,
  recordPositionEvent,
  todayUtc,
} from "~/positions/positions.server";
import type { BodySeat } from "~/positions/tracker";
import { loadStateDossier } from "~/positions/tracker.server";
import { channelLabels, responseTimeline } from "~/responses/responses.server";
import { RecordObservation } from "./record-observation";
import { Timeline } from "./timeline";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.state.name} · ${data.campaign.title} · ` : ""}Démarche staff` },
];

async function campaignAndState(db: Database, params: LoaderFunctionArgs["params"]) {
  return requireCampaignAndState(db, params.campaign, params.state);
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireStaff(context.db, request, "viewer");
  const { campaign, state } = await campaignAndState(context.db, params);
  const [dossier, responses] = await Promise.all([
    loadStateDossier(context.db, campaign.id, campaign.asks, state.iso3),
    responseTimeline(context.db, {
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const form = await request.formData();
  await assertCsrf(request, form);
  const { campaign, state } = await campaignAndState(context.db, params);
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

/** The page's data as its parts receive it. */
export type StatePageData = ReturnType<typeof useLoaderData<typeof loader>>;

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
