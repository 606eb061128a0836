import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/api-tokens.server";

/** Who this token acts as: a quick check that a token works. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireApiUser(context.db, request, "viewer");
  return Response.json({ id: user.id, email: user.email, role: user.role });
}
