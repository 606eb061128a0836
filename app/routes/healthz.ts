import type { LoaderFunctionArgs } from "@remix-run/node";
import { checkDatabase } from "~/lib/health.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const ok = await checkDatabase(context.db);
  return Response.json(
    { status: ok ? "ok" : "unavailable", database: ok ? "ok" : "unreachable" },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
