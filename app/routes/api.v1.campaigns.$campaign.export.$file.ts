import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/api-tokens.server";
import { roleAllows } from "~/auth/roles";
import { staffActor } from "~/auth/staff-actor";
import { apiJsonError, parseQuery, requireCampaign } from "~/lib/api.server";
import { database } from "~/lib/db.server";
import {
  exportFilename,
  exportHeaders,
  exportKinds,
  exportQuerySchema,
  exportStream,
  parseExportFile,
  sqlClient,
} from "~/metrics/exports.server";

/**
 * `GET /api/v1/campaigns/{campaign}/export/{kind}.{csv|json}`: the staff
 * exports for scripts, streamed. `personal=1` needs an admin's token.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = database();
  const user = await requireApiUser(db, request, "viewer");
  const file = parseExportFile(params.file);
  if (!file) {
    throw apiJsonError(404, `Export one of ${exportKinds.join(", ")} as .csv or .json`);
  }
  const campaign = await requireCampaign(db, params.campaign);
  const { personal, bom, from, to, tz } = parseQuery(request, exportQuerySchema);
  if (personal && !roleAllows(user.role, "admin")) {
    throw apiJsonError(403, "Exporting personal data needs the admin role");
  }
  const stream = await exportStream(
    { sql: sqlClient(db) },
    {
      campaignId: campaign.id,
      ...file,
      bom,
      includePersonalData: personal,
      actor: staffActor(user),
      from,
      to,
      timeZone: tz,
      signal: request.signal,
    },
  );
  const filename = exportFilename(campaign.slug, file.kind, file.format, {
    // Only letters carry personal data.
    personal: personal && file.kind === "letters",
  });
  return new Response(stream, { headers: exportHeaders(filename, file.format) });
}
