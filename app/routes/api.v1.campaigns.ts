import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/api-tokens.server";
import { staffActor } from "~/auth/staff-actor";
import {
  campaignJson,
  maxCampaignBodyBytes,
  refusalResponse,
} from "~/campaigns/campaign-api.server";
import { createCampaign } from "~/campaigns/campaign-authoring.server";
import { newCampaignApiSchema } from "~/campaigns/campaign-fields";
import { listCampaigns } from "~/campaigns/campaigns.server";
import { letterLanguages } from "~/letters/letter-form";
import { parseOrThrow, readJsonBody, requireMethod } from "~/lib/api.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireApiUser(db, request, "viewer");
  const campaigns = await listCampaigns(db);
  return Response.json({ campaigns: campaigns.map(campaignJson) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireMethod(request, "POST");
  const { db } = context;
  const user = await requireApiUser(db, request, "editor");
  const input = parseOrThrow(
    newCampaignApiSchema,
    await readJsonBody(request, maxCampaignBodyBytes),
  );
  try {
    const campaign = await createCampaign(db, staffActor(user), {
      ...input,
      publicText: input.publicText ?? "",
      startsOn: input.startsOn ?? new Date().toISOString().slice(0, 10),
      endsOn: input.endsOn ?? null,
      languages: input.languages ?? [...letterLanguages],
    });
    return Response.json(campaignJson(campaign), { status: 201 });
  } catch (error) {
    throw refusalResponse(error);
  }
}
