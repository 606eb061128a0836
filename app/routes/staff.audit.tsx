import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { listAuditEvents } from "~/audit/audit-log.server";
import { requireStaff } from "~/auth/session.server";

export const meta = () => [{ title: "Audit log · Démarche staff" }];

const pageSize = 100;
const querySchema = z.object({ page: z.coerce.number().int().min(1).catch(1) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireStaff(db, request, "admin");
  const { page } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const events = await listAuditEvents(db, { limit: pageSize + 1, offset: (page - 1) * pageSize });
  return { events: events.slice(0, pageSize), page, hasMore: events.length > pageSize };
}

export default function AuditLog() {
  const { events, page, hasMore } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Audit log</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">What</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td>{new Date(event.at).toISOString().slice(0, 19).replace("T", " ")}</td>
              <td>{event.actorEmail ?? event.actorLabel}</td>
              <td>{event.action}</td>
              <td>
                {event.entityType} {event.entityId}
              </td>
              <td>
                <code>{JSON.stringify(event.details)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav aria-label="Pages">
        {page > 1 ? <Link to={`?page=${page - 1}`}>Newer</Link> : null}{" "}
        {hasMore ? <Link to={`?page=${page + 1}`}>Older</Link> : null}
      </nav>
    </>
  );
}
