import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { assertCsrf } from "~/auth/csrf.server";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { TextAreaField } from "~/components/form-fields";
import { contactCellsSchema } from "~/contacts/contact-csv.server";
import { type ContactKind, contactKindLabels, contactKinds } from "~/contacts/contact-kinds";
import {
  deleteContact,
  listContacts,
  type StateContact,
  saveContactRow,
} from "~/contacts/contacts.server";
import { releaseLettersAwaitingContact } from "~/letters/letters.server";
import type { Database } from "~/lib/db.server";
import { type FieldErrors, parseForm } from "~/lib/form";
import { todayUtc } from "~/positions/positions.server";
import { stateResolverFromSeed } from "~/states/state-resolver";
import { getStateByIso3 } from "~/states/states.server";
import styles from "~/styles/contacts.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.state.name} contacts · ` : ""}Démarche staff` },
];

async function requireState(db: Database, iso3: string | undefined) {
  const state = await getStateByIso3(db, iso3 ?? "");
  if (!state) throw new Response("There is no such state.", { status: 404 });
  return state;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireStaff(db, request, "editor");
  const state = await requireState(db, params.state);
  const contacts = await listContacts(db, { stateIso3: state.iso3 });
  const search = new URL(request.url).searchParams;
  return {
    state: { iso3: state.iso3, name: state.name },
    offices: contactKinds.map((kind) => {
      const contact = contacts.find((c) => c.kind === kind);
      return { kind, label: contactKindLabels[kind], contact: contact ? shown(contact) : null };
    }),
    today: todayUtc(),
    notice: notice(search),
  };
}

function shown(contact: StateContact) {
  // Named like the CSV columns, as the form's fields are.
  const values: Record<string, string> = {
    name: contact.name,
    email: contact.emails.join("\n"),
    salutation: Object.entries(contact.salutations)
      .map(([language, text]) => `${language}: ${text}`)
      .join("\n"),
    language: contact.language,
    time_zone: contact.timeZone ?? "",
    postal_address: contact.postalAddress ?? "",
    verified_on: contact.verifiedOn ?? "",
  };
  return {
    id: contact.id,
    isDemo: contact.isDemo,
    verifiedBy: contact.verifiedBy,
    verifiedOn: contact.verifiedOn,
    updatedAt: contact.updatedAt.toISOString(),
    values,
  };
}

function notice(search: URLSearchParams): string | null {
  const kind = z.enum(contactKinds).safeParse(search.get("saved") ?? search.get("deleted"));
  if (!kind.success) return null;
  const office = contactKindLabels[kind.data];
  return search.has("saved") ? `Saved: ${office}.` : `Deleted: ${office}.`;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const form = await request.formData();
  await assertCsrf(request, form);
  const state = await requireState(db, params.state);
  const actor = staffActor(user);
  if (form.get("intent") === "delete") {
    const { contactId, kind } = deletion(form);
    if (!(await deleteContact(db, actor, contactId))) {
      throw new Response("This contact was already deleted.", { status: 404 });
    }
    return redirect(`/staff/contacts/${state.iso3}?deleted=${kind}`);
  }
  form.set("state", state.iso3);
  const schema = contactCellsSchema({ resolveState: stateResolverFromSeed(), today: todayUtc() });
  const parsed = parseForm(schema, form);
  if (!parsed.ok) {
    const kind = String(form.get("kind"));
    return data({ kind, errors: parsed.errors, values: parsed.values }, 400);
  }
  await saveContactRow(db, actor, parsed.data, {
    onContactAvailable: releaseLettersAwaitingContact,
  });
  // Post/redirect/get: a reload does not save twice.
  return redirect(`/staff/contacts/${state.iso3}?saved=${parsed.data.kind}`);
}

function deletion(form: FormData) {
  const schema = z.object({ contactId: z.coerce.number().int(), kind: z.enum(contactKinds) });
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new Response("Unknown contact", { status: 400 });
  return parsed.data;
}

export default function StateContacts() {
  const { state, offices, today, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/staff/contacts">← All contacts</Link>
      </p>
      <h1>Contacts of {state.name}</h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <div className="contact-offices">
        {offices.map((office) => {
          const failed = result?.kind === office.kind ? result : null;
          return (
            <OfficeForm
              key={`${office.kind} ${office.contact?.updatedAt ?? "new"}`}
              office={office}
              today={today}
              errors={failed?.errors ?? {}}
              values={failed?.values ?? office.contact?.values ?? { language: "en" }}
            />
          );
        })}
      </div>
    </>
  );
}

interface Office {
  kind: ContactKind;
  label: string;
  contact: {
    id: number;
    isDemo: boolean;
    verifiedBy: string | null;
    verifiedOn: string | null;
  } | null;
}

function OfficeForm({
  office,
  today,
  errors,
  values,
}: {
  office: Office;
  today: string;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const { kind, contact } = office;
  const id = (field: string) => `${kind}-${field}`;
  return (
    <section className="contact-office" aria-labelledby={id("title")}>
      <h2 id={id("title")}>{office.label}</h2>
      <Verification contact={contact} />
      {errors.form || errors.kind ? (
        <p className="notice error" role="alert">
          {errors.form ?? errors.kind}
        </p>
      ) : null}
      <Form method="post" noValidate>
        <CsrfInput />
        <input type="hidden" name="kind" value={kind} />
        <Field
          id={id("name")}
          name="name"
          label="Name of the office"
          required
          defaultValue={values.name}
          error={errors.name}
        />
        <TextAreaField
          id={id("email")}
          name="email"
          label="E-mail addresses"
          hint="One per line, at most 5. Letters go to all of them."
          rows={3}
          defaultValue={values.email}
          error={errors.email}
        />
        <TextAreaField
          id={id("salutation")}
          name="salutation"
          label="Salutations"
          hint="One per line, each with its language: “en: Excellency”, “fr: Excellence”."
          rows={3}
          defaultValue={values.salutation}
          error={errors.salutation}
        />
        <Field
          id={id("language")}
          name="language"
          label="Language of the letters"
          hint="A code like en, fr or es."
          defaultValue={values.language}
          error={errors.language}
        />
        <Field
          id={id("time_zone")}
          name="time_zone"
          label="Time zone (optional)"
          hint="Like Europe/Zurich or America/New_York: letters are sent in office hours."
          defaultValue={values.time_zone}
          error={errors.time_zone}
        />
        <TextAreaField
          id={id("postal_address")}
          name="postal_address"
          label="Postal address (optional)"
          rows={3}
          defaultValue={values.postal_address}
          error={errors.postal_address}
        />
        <Field
          id={id("verified_on")}
          name="verified_on"
          label="Verified on"
          type="date"
          max={today}
          hint="The day someone checked these addresses against an official source."
          defaultValue={values.verified_on}
          error={errors.verified_on}
        />
        <Field
          id={id("verified_by")}
          name="verified_by"
          label="Verified by (optional)"
          hint="Leave empty to keep who verified it, or to record yourself when you change the date."
          defaultValue={values.verified_by}
          error={errors.verified_by}
        />
        <p>
          <button type="submit" name="intent" value="save">
            Save <span className="visually-hidden">{office.label}</span>
          </button>
        </p>
      </Form>
      {contact ? (
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="contactId" value={contact.id} />
          <input type="hidden" name="kind" value={kind} />
          <button type="submit" name="intent" value="delete" className="danger">
            Delete <span className="visually-hidden">{office.label}</span> contact
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function Verification({ contact }: { contact: Office["contact"] }) {
  if (!contact) {
    return (
      <p className="contact-status contact-status--missing">
        No contact: letters to this office wait until one is saved.
      </p>
    );
  }
  if (contact.isDemo) {
    return <p className="contact-status contact-status--demo">Demo data: example.org addresses.</p>;
  }
  if (!contact.verifiedOn) {
    return <p className="contact-status contact-status--unverified">Not verified yet.</p>;
  }
  return (
    <p className="contact-status contact-status--verified">
      Verified on <time dateTime={contact.verifiedOn}>{contact.verifiedOn}</time>
      {contact.verifiedBy ? ` by ${contact.verifiedBy}` : ""}.
    </p>
  );
}
