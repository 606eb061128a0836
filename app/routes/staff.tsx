import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { SiteHeader } from "~/components/site-header";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaff(context.db, request, "viewer");
  return { user: { email: user.email, role: user.role } };
}

export default function StaffLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader staff={user} />
      <main id="main" className="page">
        <Outlet />
      </main>
    </>
  );
}
