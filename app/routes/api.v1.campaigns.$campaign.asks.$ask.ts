import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/api-tokens.server";
import { staffActor } from "~/auth/staff-actor";
import { askJson } from "~/campaigns/ask-json";
import { askChangesSchema, updateAsk } from "~/campaigns/asks.server";
import { parseOrThrow, readJsonBody, requireAsk, requireMethod } from "~/lib/api.server";

/** An ask's JSON is only a few short fields: anything larger is not one. */
const maxAskBodyBytes = 64 * 1024;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireApiUser(db, request, "viewer");
  const { campaign, ask } = await requireAsk(db, params.campaign, params.ask);
  return Response.json({ campaign: campaign.slug, ...askJson(ask) });
}

/** PATCH: change any of title, description, rule, decidesOn and importantQuestion. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  requireMethod(request, "PATCH");
  const { db } = context;
  const user = await requireApiUser(db, request, "editor");
  const { campaign, ask } = await requireAsk(db, params.campaign, params.ask);
  const changes = parseOrThrow(askChangesSchema, await readJsonBody(request, maxAskBodyBytes));
  const updated = await updateAsk(db, staffActor(user), ask.id, changes);
  return Response.json({ campaign: campaign.slug, ...askJson(updated) });
}
