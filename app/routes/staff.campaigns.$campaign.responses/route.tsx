import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { assertCsrf } from "~/auth/csrf.server";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { requireCampaign } from "~/campaigns/campaigns.server";
import type { FieldErrors } from "~/lib/form";
import { todayUtc } from "~/positions/positions.server";
import {
  channelLabels,
  listResponses,
  logResponse,
  parseResponseForm,
  ResponseInputError,
  responseChannels,
  responseFormValues,
  responseSchema,
} from "~/responses/responses.server";
import { listStates } from "~/states/states.server";
import { Filters } from "./filters";
import { LogResponseForm } from "./log-response-form";
import { ResponseList } from "./response-list";

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

/** The page's data as its parts receive it. */
export type ResponsesPageData = ReturnType<typeof useLoaderData<typeof loader>>;

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
