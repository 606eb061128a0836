import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/api-tokens.server";
import { database } from "~/lib/db.server";

/** Who this token acts as: a quick check that a token works. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireApiUser(database(), request, "viewer");
  return Response.json({ id: user.id, email: user.email, role: user.role });
}
