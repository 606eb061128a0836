import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { askPreview } from "~/campaigns/ask-preview.server";
import { askPreviewFormSchema } from "~/campaigns/ask-schema";
import { requireCampaign } from "~/campaigns/campaigns.server";

/**
 * The ask form's live preview (fetched as the rule or date changes): `?rule=&decidesOn=&
 * importantQuestion=on&ask=<slug>`. Without JavaScript the form's Preview button does the same.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireStaff(db, request, "viewer");
  const campaign = await requireCampaign(db, params.campaign);
  const search = new URL(request.url).searchParams;
  const parsed = askPreviewFormSchema.safeParse(Object.fromEntries(search));
  if (!parsed.success) {
    const errors: Record<string, string> = Object.fromEntries(
      parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]),
    );
    return { preview: null, errors };
  }
  const existing = campaign.asks.find((ask) => ask.slug === search.get("ask")) ?? null;
  const preview = await askPreview(db, campaign.id, existing, parsed.data);
  return { preview, errors: {} as Record<string, string> };
}
