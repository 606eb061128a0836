import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { statusLabels } from "~/campaigns/campaign-lifecycle";
import { listCampaigns } from "~/campaigns/campaigns.server";

export const meta = () => [{ title: "Dashboard · Démarche staff" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const campaigns = await listCampaigns(db);
  return {
    role: user.role,
    campaigns: campaigns.map(({ slug, title, status, startsOn, isDemo }) => ({
      slug,
      title,
      status,
      startsOn,
      isDemo,
    })),
  };
}

export default function Dashboard() {
  const { role, campaigns } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Dashboard</h1>
      <h2>Campaigns</h2>
      {roleAllows(role, "editor") ? (
        <p className="actions">
          <Link to="/staff/campaigns/new">New campaign</Link>
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Public page</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((campaign) => (
            <tr key={campaign.slug}>
              <td>
                <Link to={`/staff/campaigns/${campaign.slug}`}>{campaign.title}</Link>
                {campaign.isDemo ? <span className="muted"> (demo)</span> : null}
              </td>
              <td>
                {campaign.status === "draft" ? (
                  <Link to={`/c/${campaign.slug}`}>Preview (not public)</Link>
                ) : (
                  // The row gives the context; repeating the title would double every campaign link.
                  <Link to={`/c/${campaign.slug}`}>Public page</Link>
                )}
              </td>
              <td>{statusLabels[campaign.status]}</td>
              <td>{campaign.startsOn}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
