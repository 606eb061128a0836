import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { assertCsrf } from "~/auth/csrf.server";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import {
  CheckboxGroup,
  SelectField,
  TextAreaField,
  VisibilityChoice,
} from "~/components/form-fields";
import { MultilineText } from "~/components/multiline-text";
import { PositionChangeOptions } from "~/components/position-change-options";
import type { FieldErrors } from "~/lib/form";
import { todayUtc } from "~/positions/positions.server";
import { stanceLabels } from "~/positions/stance";
import {
  channelLabels,
  listResponses,
  logResponse,
  parseResponseForm,
  type ResponseFormValues,
  ResponseInputError,
  responseChannels,
  responseFormValues,
  responseSchema,
} from "~/responses/responses.server";
import { listStates } from "~/states/states.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Responses · ${data.campaign.title} · ` : ""}Démarche staff` },
];

// Built when called: `.server` modules are empty in the browser bundle, so no module-level
// code may use their values.
function parseFilters(search: URLSearchParams) {
  return z
    .object({
      state: z.string().trim().toUpperCase().length(3).optional().catch(undefined),
      ask: z.string().optional().catch(undefined),
      channel: z.enum(responseChannels).optional().catch(undefined),
    })
    .parse(Object.fromEntries(search));
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const campaign = await requireCampaign(db, params.campaign);
  const search = new URL(request.url).searchParams;
  const filters = parseFilters(search);
  const ask = campaign.asks.find((a) => a.slug === filters.ask);
  const [responses, states] = await Promise.all([
    listResponses(db, {
      campaignId: campaign.id,
      stateIso3: filters.state,
      askId: ask?.id,
      channel: filters.channel,
    }),
    listStates(db),
  ]);
  const logged = responses.find((r) => String(r.id) === search.get("logged"));
  return {
    canEdit: roleAllows(user.role, "editor"),
    campaign: { slug: campaign.slug, title: campaign.title },
    asks: campaign.asks.map((a) => ({ id: a.id, slug: a.slug, title: a.title })),
    states: states.map((s) => ({ iso3: s.iso3, name: s.name })),
    channels: responseChannels.map((value) => ({ value, label: channelLabels[value] })),
    filters: { state: filters.state ?? "", ask: ask?.slug ?? "", channel: filters.channel ?? "" },
    responses: responses.map(({ recordedAt, channel, ...response }) => ({
      ...response,
      channelLabel: channelLabels[channel],
      recordedAt: recordedAt.toISOString(),
    })),
    today: todayUtc(),
    notice: logged ? `Logged the response from ${logged.stateName}.` : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const form = await request.formData();
  await assertCsrf(request, form);
  const campaign = await requireCampaign(db, params.campaign);
  const values = responseFormValues(form);
  const parsed = parseResponseForm(responseSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  try {
    const { responseId } = await logResponse(db, staffActor(user), campaign.id, parsed.data);
    // Post/redirect/get: a reload does not log the response twice.
    return redirect(`/staff/campaigns/${campaign.slug}/responses?logged=${responseId}`);
  } catch (error) {
    if (!(error instanceof ResponseInputError)) throw error;
    const errors: FieldErrors = { [error.field]: error.message };
    return data({ errors, values }, { status: 400 });
  }
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ResponsesPage() {
  const page = useLoaderData<typeof loader>();
  const base = `/staff/campaigns/${page.campaign.slug}`;
  return (
    <>
      <p>
        <Link to={base}>← {page.campaign.title}: tracker</Link>
      </p>
      <h1>Responses from states</h1>
      {page.canEdit ? (
        <p className="actions">
          <Link to={`${base}/review`}>Review queue: replies reported by supporters</Link>
        </p>
      ) : null}
      {page.notice ? (
        <p className="notice" role="status">
          {page.notice}
        </p>
      ) : null}
      <Filters page={page} />
      <ResponseList page={page} />
      {page.canEdit ? <LogResponseForm page={page} /> : null}
    </>
  );
}

function Filters({ page }: { page: PageData }) {
  const { search } = useLocation();
  const action = `/staff/campaigns/${page.campaign.slug}/responses`;
  return (
    <Form key={search} method="get" action={action} className="filters">
      <SelectField
        id="filter-state"
        name="state"
        label="Filter by state"
        defaultValue={page.filters.state}
      >
        <option value="">All states</option>
        <StateOptions states={page.states} />
      </SelectField>
      <SelectField id="filter-ask" name="ask" label="Filter by ask" defaultValue={page.filters.ask}>
        <option value="">All asks</option>
        {page.asks.map((ask) => (
          <option key={ask.slug} value={ask.slug}>
            {ask.title}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="filter-channel"
        name="channel"
        label="Filter by channel"
        defaultValue={page.filters.channel}
      >
        <option value="">All channels</option>
        {page.channels.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </SelectField>
      <div className="filters__buttons">
        <button type="submit">Show responses</button> <Link to={action}>Clear filters</Link>
      </div>
    </Form>
  );
}

function ResponseList({ page }: { page: PageData }) {
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

function ResponseRow({ response }: { response: PageData["responses"][number] }) {
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

function LogResponseForm({ page }: { page: PageData }) {
  const result = useActionData<typeof action>();
  // A new key after each navigation (e.g. the redirect after logging) empties the form.
  const { key } = useLocation();
  const errors: FieldErrors = result?.errors ?? {};
  const values: ResponseFormValues = result?.values ?? { fields: {}, askIds: [] };
  const v = values.fields;
  const error = (name: string) => errors[name];
  return (
    <section aria-labelledby="log-heading">
      <h2 id="log-heading">Log a response</h2>
      {Object.keys(errors).length > 0 ? (
        <p className="notice error" role="alert">
          The response was not logged: correct the fields marked below.
        </p>
      ) : null}
      <Form key={key} method="post" noValidate className="observation-form">
        <CsrfInput />
        <SelectField
          id="stateIso3"
          name="stateIso3"
          label="State"
          error={error("stateIso3")}
          defaultValue={v.stateIso3 ?? page.filters.state}
        >
          <option value="">Choose…</option>
          <StateOptions states={page.states} />
        </SelectField>
        <CheckboxGroup
          legend="Asks answered"
          name="askIds"
          options={page.asks.map((ask) => ({ value: ask.id, label: ask.title }))}
          checked={values.askIds}
          error={error("askIds")}
          errorId="askIds-error"
          describeError
        />
        <SelectField
          id="channel"
          name="channel"
          label="Channel"
          error={error("channel")}
          defaultValue={v.channel ?? ""}
        >
          <option value="">Choose…</option>
          {page.channels.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </SelectField>
        <Field
          name="receivedOn"
          label="Date received"
          type="date"
          required
          max={page.today}
          defaultValue={v.receivedOn ?? page.today}
          error={error("receivedOn")}
        />
        <Field
          name="responder"
          label="Responder (office or person, optional)"
          defaultValue={v.responder}
          error={error("responder")}
        />
        <TextAreaField
          name="summary"
          label="Summary"
          rows={4}
          defaultValue={v.summary}
          error={error("summary")}
        />
        <TextAreaField
          name="fullText"
          label="Full text (optional)"
          rows={8}
          defaultValue={v.fullText}
          error={error("fullText")}
        />
        <VisibilityChoice value={v.visibility} error={error("visibility")} />
        <PositionChange
          asks={page.asks}
          values={v}
          errors={errors}
          hint="Records an observation on the state's timeline, sourced by this response."
        />
        <p>
          <button type="submit">Log response</button>
        </p>
      </Form>
    </section>
  );
}

function StateOptions({ states }: { states: PageData["states"] }) {
  return (
    <>
      {states.map((s) => (
        <option key={s.iso3} value={s.iso3}>
          {s.name}
        </option>
      ))}
    </>
  );
}

function PositionChange({
  asks,
  values,
  errors,
  hint,
}: {
  asks: { id: number; title: string }[];
  values: Record<string, string>;
  errors: FieldErrors;
  hint: string;
}) {
  return (
    <fieldset className="choices" aria-describedby="change-hint">
      <legend>Position change (optional)</legend>
      <p id="change-hint" className="muted">
        {hint}
      </p>
      <SelectField
        id="changePosition"
        name="changePosition"
        label="New position"
        error={errors.changePosition}
        defaultValue={values.changePosition ?? ""}
      >
        <PositionChangeOptions />
      </SelectField>
      <SelectField
        id="changeAskId"
        name="changeAskId"
        label="On the ask"
        error={errors.changeAskId}
        defaultValue={values.changeAskId ?? ""}
      >
        {asks.map((ask) => (
          <option key={ask.id} value={ask.id}>
            {ask.title}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="changeConfidence"
        name="changeConfidence"
        label="Confidence"
        error={errors.changeConfidence}
        defaultValue={values.changeConfidence ?? "medium"}
      >
        <option value="low">Low</option>
        <option value="medium">Medium</option>
        <option value="high">High</option>
      </SelectField>
    </fieldset>
  );
}
