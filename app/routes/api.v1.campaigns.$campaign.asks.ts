import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/api-tokens.server";
import { staffActor } from "~/auth/staff-actor";
import { askJson } from "~/campaigns/ask-json";
import { createAsk, DuplicateAskError, newAskSchema } from "~/campaigns/asks.server";
import {
  apiJsonError,
  parseOrThrow,
  readJsonBody,
  requireApiCampaign,
  requireMethod,
} from "~/lib/api.server";

/** An ask's JSON is only a few short fields: anything larger is not one. */
const maxAskBodyBytes = 64 * 1024;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireApiUser(db, request, "viewer");
  const campaign = await requireApiCampaign(db, params.campaign);
  return Response.json({ campaign: campaign.slug, asks: campaign.asks.map(askJson) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireMethod(request, "POST");
  const { db } = context;
  const user = await requireApiUser(db, request, "editor");
  const campaign = await requireApiCampaign(db, params.campaign);
  const input = parseOrThrow(newAskSchema, await readJsonBody(request, maxAskBodyBytes));
  try {
    const ask = await createAsk(db, staffActor(user), campaign.id, input);
    return Response.json(askJson(ask), { status: 201 });
  } catch (error) {
    if (error instanceof DuplicateAskError) throw apiJsonError(409, error.message);
    throw error;
  }
}
