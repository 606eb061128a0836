import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { requireStaff } from "~/auth/session.server";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { positionCsvColumns } from "~/positions/position-csv.server";

const exampleRow = {
  state: "GBR",
  stance: "supports",
  observed_on: "2026-01-20",
  source_url: "https://www.example.org/statement",
  evidence: "Statement to the Security Council, replace with your own evidence",
  visibility: "internal",
} satisfies Record<(typeof positionCsvColumns)[number], string>;

/** A template for the positions import: the header and one example row to overwrite. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireStaff(db, request, "viewer");
  const campaign = await requireCampaign(db, params.campaign);
  const csv = stringify([exampleRow], { header: true, columns: [...positionCsvColumns] });
  // The byte-order mark makes Excel read the file as UTF-8; the importer ignores it.
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="positions-${campaign.slug}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
