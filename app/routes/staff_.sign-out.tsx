import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { assertCsrf } from "~/auth/csrf.server";
import { endStaffSession } from "~/auth/session.server";

export async function loader() {
  return redirect("/staff");
}

export async function action({ request, context }: ActionFunctionArgs) {
  await assertCsrf(request, await request.formData());
  const cookie = await endStaffSession(context.db, request);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}
