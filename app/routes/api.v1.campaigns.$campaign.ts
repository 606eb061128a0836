import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/api-tokens.server";
import { staffActor } from "~/auth/staff-actor";
import {
  campaignJson,
  maxCampaignBodyBytes,
  refusalResponse,
} from "~/campaigns/campaign-api.server";
import { updateCampaign } from "~/campaigns/campaign-authoring.server";
import { campaignChangesApiSchema } from "~/campaigns/campaign-fields";
import { parseOrThrow, readJsonBody, requireApiCampaign, requireMethod } from "~/lib/api.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireApiUser(db, request, "viewer");
  return Response.json(campaignJson(await requireApiCampaign(db, params.campaign)));
}

/** Changes any of the campaign's fields, its status included, in one audited transaction. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  requireMethod(request, "PATCH");
  const { db } = context;
  const user = await requireApiUser(db, request, "editor");
  const campaign = await requireApiCampaign(db, params.campaign);
  const changes = parseOrThrow(
    campaignChangesApiSchema,
    await readJsonBody(request, maxCampaignBodyBytes),
  );
  try {
    return Response.json(
      campaignJson(await updateCampaign(db, staffActor(user), campaign.id, changes)),
    );
  } catch (error) {
    throw refusalResponse(error);
  }
}
