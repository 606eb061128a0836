import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { contactKindLabels, contactKinds } from "~/contacts/contact-kinds";
import {
  type ContactSummary,
  listContactCoverage,
  type StateCoverage,
} from "~/contacts/contacts.server";
import styles from "~/styles/contacts.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta = () => [{ title: "Contacts · Démarche staff" }];

/** `?kind=geneva&missing=1`; an unknown kind shows every office. */
function coverageFilter(request: Request) {
  const query = z.object({
    kind: z.enum(contactKinds).optional().catch(undefined),
    missing: z
      .string()
      .optional()
      .transform((value) => value === "1"),
  });
  return query.parse(Object.fromEntries(new URL(request.url).searchParams));
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const filter = coverageFilter(request);
  const states = await listContactCoverage(db, { kind: filter.kind, missingOnly: filter.missing });
  const canEdit = roleAllows(user.role, "editor");
  return {
    // Viewers see who is covered, not which staff member vouched for it.
    states: canEdit ? states : states.map(withoutVerifiers),
    filter: { kind: filter.kind ?? null, missing: filter.missing },
    kinds: contactKinds.map((kind) => ({ kind, label: contactKindLabels[kind] })),
    canEdit,
  };
}

function withoutVerifiers(state: StateCoverage): StateCoverage {
  const contacts = Object.fromEntries(
    Object.entries(state.contacts).map(([kind, c]) => [kind, c && { ...c, verifiedBy: null }]),
  ) as StateCoverage["contacts"];
  return { ...state, contacts };
}

export default function Contacts() {
  const { states, filter, kinds, canEdit } = useLoaderData<typeof loader>();
  const shown = filter.kind ? kinds.filter((k) => k.kind === filter.kind) : kinds;
  return (
    <>
      <h1>Contacts</h1>
      <p>
        Letters go to each state's foreign ministry and its permanent missions to the UN. Where a
        state has no contact, its letters wait until one is added.
      </p>
      <p className="contacts-actions">
        {canEdit ? (
          <>
            <Link to="/staff/contacts/import">Import a CSV</Link>
            <a href="/staff/contacts.csv" download>
              Download all contacts (CSV)
            </a>
          </>
        ) : null}
      </p>
      <Form method="get" className="contacts-filter">
        <label htmlFor="kind">Office</label>
        <select id="kind" name="kind" defaultValue={filter.kind ?? ""}>
          <option value="">All offices</option>
          {kinds.map(({ kind, label }) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
        <label className="contacts-filter__check">
          <input type="checkbox" name="missing" value="1" defaultChecked={filter.missing} /> Only
          states without a verified contact
        </label>
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      <table className="contacts-table">
        <caption>
          {states.length} {states.length === 1 ? "state" : "states"}
        </caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            {shown.map(({ kind, label }) => (
              <th key={kind} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {states.map((state) => (
            <tr key={state.iso3}>
              <th scope="row">
                {canEdit ? (
                  <Link to={`/staff/contacts/${state.iso3}`}>{state.name}</Link>
                ) : (
                  state.name
                )}{" "}
                <span className="muted">({state.iso3})</span>
                {state.missingVerified ? (
                  <span className="contact-status contact-status--missing">
                    No verified contact
                  </span>
                ) : null}
              </th>
              {shown.map(({ kind }) => (
                <td key={kind}>
                  <ContactCell contact={state.contacts[kind]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const statusLabels: Record<ContactSummary["status"], string> = {
  verified: "Verified",
  unverified: "Not verified",
  demo: "Demo data",
};

function ContactCell({ contact }: { contact: ContactSummary | null }) {
  if (!contact) return <span className="contact-status contact-status--missing">None</span>;
  return (
    <>
      {contact.name}
      <br />
      <span className={`contact-status contact-status--${contact.status}`}>
        {statusLabels[contact.status]}
      </span>{" "}
      {contact.verifiedOn ? (
        <span className="muted">
          on <time dateTime={contact.verifiedOn}>{contact.verifiedOn}</time>
          {contact.verifiedBy ? ` by ${contact.verifiedBy}` : ""}
        </span>
      ) : null}
    </>
  );
}
