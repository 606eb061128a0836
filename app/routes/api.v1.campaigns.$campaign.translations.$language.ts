import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/api-tokens.server";
import { staffActor } from "~/auth/staff-actor";
import { maxCampaignBodyBytes } from "~/campaigns/campaign-api.server";
import { saveCampaignTranslation } from "~/campaigns/campaign-translations.server";
import {
  requireTranslationLanguage,
  translationFromBody,
  translationJson,
} from "~/campaigns/translation-api.server";
import { translationApiSchema } from "~/campaigns/translation-fields";
import { parseOrThrow, readJsonBody, requireApiCampaign, requireMethod } from "~/lib/api.server";

/** One language's texts of the campaign and its open asks (empty where not translated). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireApiUser(db, request, "viewer");
  const campaign = await requireApiCampaign(db, params.campaign);
  const language = requireTranslationLanguage(campaign, params.language);
  return Response.json(translationJson(campaign, language, campaign.translations[language]));
}

/** Replaces the language's texts, audited, in one transaction; all empty removes the language. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  requireMethod(request, "PUT");
  const { db } = context;
  const user = await requireApiUser(db, request, "editor");
  const campaign = await requireApiCampaign(db, params.campaign);
  const language = requireTranslationLanguage(campaign, params.language);
  const body = parseOrThrow(
    translationApiSchema,
    await readJsonBody(request, maxCampaignBodyBytes),
  );
  const texts = translationFromBody(campaign, body);
  await saveCampaignTranslation(db, staffActor(user), campaign, language, texts);
  return Response.json(translationJson(campaign, language, texts));
}
