import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { partnerNewsListCsv } from "~/embed/embed.server";
import { sourceCodePattern } from "~/embed/embed-settings";

/**
 * `?source=code`: the names and e-mails of supporters who asked that partner
 * for news (ticked its consent line) and confirmed their letter; without a
 * code, every partner's, with the code in a column. Admins only, audited.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "admin");
  const campaign = await requireCampaign(db, params.campaign);
  const source = new URL(request.url).searchParams.get("source");
  if (source !== null && !sourceCodePattern.test(source)) {
    throw new Response("There is no such source code.", { status: 404 });
  }
  const csv = await partnerNewsListCsv(db, staffActor(user), {
    campaignId: campaign.id,
    code: source,
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${campaign.slug}-news-${source ?? "all-partners"}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
