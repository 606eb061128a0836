import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/api-tokens.server";
import { listCampaigns } from "~/campaigns/campaigns.server";
import { database } from "~/lib/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const db = database();
  await requireApiUser(db, request, "viewer");
  const campaigns = await listCampaigns(db);
  return Response.json({
    campaigns: campaigns.map(({ slug, title, status, startsOn }) => ({
      slug,
      title,
      status,
      startsOn,
    })),
  });
}
