import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/auth/session.server";
import { devOutboxMessage, listDevOutbox } from "~/delivery/dev-outbox.server";

export const meta = () => [{ title: "Development outbox · Démarche staff" }];

const querySchema = z.object({
  id: z.coerce.number().int().positive().optional().catch(undefined),
});

/** Admins only: the outbox holds supporters' letters and addresses. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireStaff(db, request, "admin");
  const { id } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    smtpConfigured: Boolean(context.config.SMTP_URL),
    messages: await listDevOutbox(db),
    selected: id ? await devOutboxMessage(db, id) : null,
  };
}

export default function DevOutbox() {
  const { smtpConfigured, messages, selected } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Development outbox</h1>
      <p className="notice">
        {smtpConfigured
          ? "SMTP_URL is set: mail goes to the SMTP server. This outbox only shows what was kept before."
          : "Development mode: SMTP_URL is not set, so no e-mail leaves this machine. Everything Démarche would have sent is kept here."}
      </p>
      {selected ? (
        <section aria-labelledby="message-heading">
          <h2 id="message-heading">{selected.subject}</h2>
          <p>
            To {selected.envelopeTo.join(", ")} · <Link to="/staff/outbox">Back to the list</Link>
          </p>
          <pre className="raw-mail">{selected.raw}</pre>
        </section>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">To</th>
            <th scope="col">Subject</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => (
            <tr key={message.id}>
              <td>{new Date(message.createdAt).toISOString().slice(0, 19).replace("T", " ")}</td>
              <td>{message.envelopeTo.join(", ")}</td>
              <td>
                <Link to={`?id=${message.id}`}>{message.subject || "(no subject)"}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
