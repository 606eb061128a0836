import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { exportContactsCsv } from "~/contacts/contact-import.server";
import { todayUtc } from "~/positions/positions.server";

/**
 * Every contact in the import's format: edit it in a spreadsheet and import it
 * again. Editors and admins only: it holds e-mails, postal addresses and the
 * staff who verified each contact.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireStaff(db, request, "editor");
  return new Response(await exportContactsCsv(db), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="contacts-${todayUtc()}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
