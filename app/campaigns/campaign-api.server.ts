import type { campaigns } from "#db/schema";
import { apiJsonError } from "~/lib/api.server";
import { CampaignRefusedError } from "./campaign-authoring.server";

/** A campaign's fields with a 20,000-character public text fit well inside this. */
export const maxCampaignBodyBytes = 128 * 1024;
/** A campaign as the API returns it: the same field names a client sends. */
export function campaignJson(c: typeof campaigns.$inferSelect) {
  return {
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    publicText: c.publicText,
    status: c.status,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    languages: c.languages,
    defaultLanguage: c.defaultLanguage,
    isDemo: c.isDemo,
    statusChangedAt: c.statusChangedAt.toISOString(),
  };
}

/** A refused change as the API reports it: the message, and the field it is about. */
export function refusalResponse(error: unknown): unknown {
  if (!(error instanceof CampaignRefusedError)) return error;
  return apiJsonError(error.httpStatus, error.message, {
    issues: [{ path: [error.field], message: error.message }],
  });
}
