import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { assertCsrf } from "~/auth/csrf.server";
import { endStaffSession } from "~/auth/session.server";
import { database } from "~/lib/db.server";

export async function loader() {
  return redirect("/staff");
}

export async function action({ request }: ActionFunctionArgs) {
  await assertCsrf(request, await request.formData());
  const cookie = await endStaffSession(database(), request);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}
