import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/api-tokens.server";
import { roleAllows } from "~/auth/roles";
import { staffActor } from "~/auth/staff-actor";
import { apiJsonError, parseQuery, requireApiCampaign } from "~/lib/api.server";
import {
  exportKinds,
  exportQuerySchema,
  exportResponse,
  parseExportFile,
} from "~/metrics/exports.server";

/**
 * `GET /api/v1/campaigns/{campaign}/export/{kind}.{csv|json}`: the staff
 * exports for scripts, streamed. `personal=1` needs an admin's token.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireApiUser(db, request, "viewer");
  const file = parseExportFile(params.file);
  if (!file) {
    throw apiJsonError(404, `Export one of ${exportKinds.join(", ")} as .csv or .json`);
  }
  const campaign = await requireApiCampaign(db, params.campaign);
  const query = parseQuery(request, exportQuerySchema);
  if (query.personal && !roleAllows(user.role, "admin")) {
    throw apiJsonError(403, "Exporting personal data needs the admin role");
  }
  return exportResponse(db, {
    campaign,
    file,
    query,
    actor: staffActor(user),
    signal: request.signal,
  });
}
