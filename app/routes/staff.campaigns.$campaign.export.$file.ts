import type { LoaderFunctionArgs } from "@remix-run/node";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { database } from "~/lib/db.server";
import {
  exportFilename,
  exportHeaders,
  exportQuerySchema,
  exportStream,
  parseExportFile,
  sqlClient,
} from "~/metrics/exports.server";

/**
 * `/staff/campaigns/{campaign}/export/{kind}.{csv|json}?bom=1&from=…&to=…&tz=…`,
 * streamed. `personal=1` (letters, admins only) adds supporters' data and is audited.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = database();
  const user = await requireStaff(db, request, "viewer");
  const file = parseExportFile(params.file);
  const campaign = await getCampaignWithAsks(db, params.campaign ?? "");
  if (!campaign || !file) throw new Response("There is no such export.", { status: 404 });
  const query = exportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    throw new Response(query.error.issues.map((issue) => issue.message).join("\n"), {
      status: 400,
    });
  }
  const { personal, bom, from, to, tz } = query.data;
  if (personal && !roleAllows(user.role, "admin")) {
    throw new Response("Exporting personal data needs the admin role.", { status: 403 });
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
