import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/api-tokens.server";
import { staffActor } from "~/auth/staff-actor";
import { askJson } from "~/campaigns/ask-json";
import { AskStateError, retireAsk } from "~/campaigns/asks.server";
import { apiJsonError, requireAsk, requireMethod } from "~/lib/api.server";

/**
 * POST: retire the ask. It leaves the public form and takes no new positions; its positions,
 * letters and responses stay in exports and reports. Retiring twice answers 409.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  requireMethod(request, "POST");
  const { db } = context;
  const user = await requireApiUser(db, request, "editor");
  const { campaign, ask } = await requireAsk(db, params.campaign, params.ask);
  try {
    const retired = await retireAsk(db, staffActor(user), ask.id);
    return Response.json({ campaign: campaign.slug, ...askJson(retired) });
  } catch (error) {
    if (error instanceof AskStateError) throw apiJsonError(409, error.message);
    throw error;
  }
}
