import type { LoaderFunctionArgs } from "@remix-run/node";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { getCampaignWithAsks } from "~/campaigns/campaigns.server";
import { exportQuerySchema, exportResponse, parseExportFile } from "~/metrics/exports.server";

/**
 * `/staff/campaigns/{campaign}/export/{kind}.{csv|json}?bom=1&from=…&to=…&tz=…`,
 * streamed. `personal=1` (letters, admins only) adds supporters' data and is audited.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const file = parseExportFile(params.file);
  const campaign = await getCampaignWithAsks(db, params.campaign ?? "");
  if (!campaign || !file) throw new Response("There is no such export.", { status: 404 });
  const parsed = exportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    throw new Response(parsed.error.issues.map((issue) => issue.message).join("\n"), {
      status: 400,
    });
  }
  const query = parsed.data;
  if (query.personal && !roleAllows(user.role, "admin")) {
    throw new Response("Exporting personal data needs the admin role.", { status: 403 });
  }
  return exportResponse(db, {
    campaign,
    file,
    query,
    actor: staffActor(user),
    signal: request.signal,
  });
}
