import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import type { Actor } from "~/audit/audit-log.server";
import { assertCsrf } from "~/auth/csrf.server";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { CsrfInput } from "~/components/csrf-input";
import { Fact } from "~/components/fact";
import { Field } from "~/components/field";
import { SelectField } from "~/components/form-fields";
import { MultilineText } from "~/components/multiline-text";
import { StanceLabel } from "~/components/stance-label";
import { contactKindLabels } from "~/contacts/contact-kinds";
import { bouncedLetters, dismissBounce, NotBouncedError } from "~/letters/bounce-review.server";
import { duplicateParagraphs } from "~/letters/duplicate-paragraphs.server";
import { letterFilterQuerySchema, loadLetterStatus } from "~/letters/letter-status.server";
import type { LetterStatus } from "~/letters/letters.server";
import {
  type PendingStatus,
  type SuppressionCandidate,
  SuppressionNotAllowedError,
  suppressionSchema,
  suppressLetters,
} from "~/letters/suppression.server";
import { type Database, database } from "~/lib/db.server";
import type { FieldErrors } from "~/lib/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Letters · ${data.campaign.title} · ` : ""}Démarche staff` },
];

const statusLabels: Record<LetterStatus, string> = {
  awaiting_confirmation: "Awaiting confirmation",
  awaiting_contact: "Awaiting contact",
  queued: "Queued",
  sent: "Sent",
  failed: "Failed",
  bounced: "Bounced",
  suppressed: "Suppressed",
};
const statuses = Object.keys(statusLabels) as LetterStatus[];
const pendingOrder: PendingStatus[] = ["queued", "awaiting_contact", "awaiting_confirmation"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = database();
  const user = await requireStaff(db, request, "viewer");
  const campaign = await requireCampaign(database(), params.campaign);
  const search = new URL(request.url).searchParams;
  const query = letterFilterQuerySchema.parse(Object.fromEntries(search));
  const isAdmin = roleAllows(user.role, "admin");
  // Letter text and supporters' addresses are personal data: admins only.
  if (query.letter !== undefined && !isAdmin) {
    throw new Response("A letter's text and its supporter need the admin role.", { status: 403 });
  }
  const status = await loadLetterStatus(db, campaign, query, { withPersonalData: isAdmin });
  if (query.letter !== undefined && !status.detail) {
    throw new Response("There is no such letter in this campaign.", { status: 404 });
  }
  return {
    campaign: { slug: campaign.slug, title: campaign.title, closed: campaign.status === "closed" },
    asks: campaign.asks.map(({ slug, title }) => ({ slug, title })),
    canEdit: roleAllows(user.role, "editor"),
    isAdmin,
    notice: suppressionNotice(search, campaign.asks, status.states),
    // The paragraphs are supporters' own words: only admins see them.
    duplicates: (await duplicateParagraphs(db, campaign.id)).map((group) => ({
      ...group,
      sample: isAdmin ? group.sample : null,
    })),
    bounces: await bouncedLetters(db, campaign.id),
    ...status,
  };
}

/** The outcome of the last suppression, from the address the action redirected to. */
function suppressionNotice(
  search: URLSearchParams,
  asks: { slug: string; title: string }[],
  states: { iso3: string; name: string }[],
) {
  const done = search.get("done");
  if (done === "delivered") return "The bounce was undone: the letter counts as delivered again.";
  if (done !== "stop" && done !== "thank") return null;
  const count = Number(search.get("count")) || 0;
  const skipped = Number(search.get("skipped")) || 0;
  const ask = asks.find((a) => a.slug === search.get("on"))?.title ?? "the ask";
  const state = states.find((s) => s.iso3 === search.get("in"))?.name ?? search.get("in");
  const where = `to ${state ?? "the state"} on “${ask}”`;
  const letters = `${count} pending letter${count === 1 ? "" : "s"}`;
  if (done === "stop") return `Stopped ${letters} ${where}.`;
  const kept = skipped
    ? ` ${skipped} kept their text: the supporter's data has been deleted, so they cannot be signed.`
    : "";
  return `Rewrote ${letters} ${where} as thank-you letters; they keep their status.${kept}`;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = database();
  const user = await requireStaff(db, request, "editor");
  const form = await request.formData();
  await assertCsrf(request, form);
  const campaign = await requireCampaign(db, params.campaign);
  if (form.get("intent") === "dismiss-bounce") {
    return dismissBounceAction(db, staffActor(user), campaign, form.get("letter"));
  }
  const askSlug = String(form.get("ask") ?? "");
  const stateIso3 = String(form.get("state") ?? "");
  const target = `${askSlug}:${stateIso3}`;
  const ask = campaign.asks.find((a) => a.slug === askSlug);
  const parsed = suppressionSchema.safeParse({
    askId: ask?.id ?? 0,
    stateIso3,
    mode: form.get("mode"),
    reason: String(form.get("reason") ?? ""),
  });
  if (!parsed.success || !ask) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error?.issues ?? []) errors[String(issue.path[0])] ??= issue.message;
    if (!ask) errors.form = "Choose an ask of this campaign";
    return data({ target, errors, reason: String(form.get("reason") ?? "") }, { status: 400 });
  }
  try {
    const result = await suppressLetters(db, staffActor(user), parsed.data);
    // Post/redirect/get: a reload does not repeat it.
    const query = new URLSearchParams({
      done: result.mode,
      count: String(result.affected),
      skipped: String(result.skipped),
      in: stateIso3,
      on: ask.slug,
    });
    return redirect(`/staff/campaigns/${campaign.slug}/letters?${query}#suppression`);
  } catch (error) {
    if (!(error instanceof SuppressionNotAllowedError)) throw error;
    const errors: FieldErrors = { form: error.message };
    return data({ target, errors, reason: parsed.data.reason }, { status: 409 });
  }
}

const letterIdSchema = z.coerce.number().int().positive();

async function dismissBounceAction(
  db: Database,
  actor: Actor,
  campaign: { id: number; slug: string },
  letter: FormDataEntryValue | null,
) {
  const letterId = letterIdSchema.safeParse(letter);
  if (!letterId.success) {
    return data(
      { target: "bounces", errors: { form: "Choose a bounced letter" }, reason: "" },
      { status: 400 },
    );
  }
  try {
    await dismissBounce(db, actor, { campaignId: campaign.id, letterId: letterId.data });
  } catch (error) {
    if (!(error instanceof NotBouncedError)) throw error;
    return data(
      { target: "bounces", errors: { form: error.message }, reason: "" },
      { status: 409 },
    );
  }
  return redirect(`/staff/campaigns/${campaign.slug}/letters?done=delivered#bounces`);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function LettersPage() {
  const page = useLoaderData<typeof loader>();
  const base = `/staff/campaigns/${page.campaign.slug}`;
  return (
    <>
      <p className="actions">
        <Link to={base}>← {page.campaign.title}: tracker</Link>
        {page.canEdit ? <Link to={`${base}/templates`}>Letter templates</Link> : null}
      </p>
      <h1>Letters</h1>
      {page.notice ? (
        <p className="notice" role="status">
          {page.notice}
        </p>
      ) : null}
      {page.detail ? <LetterDetail detail={page.detail} /> : null}
      <Suppression page={page} />
      <BouncedLetters page={page} />
      <Counts page={page} />
      <DuplicateParagraphs page={page} />
      <LatestLetters page={page} />
    </>
  );
}

function DuplicateParagraphs({ page }: { page: PageData }) {
  return (
    <section aria-labelledby="duplicates-heading">
      <h2 id="duplicates-heading">The same personal paragraph from several supporters</h2>
      <p>
        Supporters' own paragraphs that three or more of them sent with the same words (case,
        punctuation and spacing aside): a copied text or a coordinated submission. Nothing is
        blocked; this is for you to judge.
      </p>
      {page.duplicates.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Supporters</th>
              <th scope="col">Letters</th>
              <th scope="col">States</th>
              {page.isAdmin ? <th scope="col">Paragraph (start)</th> : null}
            </tr>
          </thead>
          <tbody>
            {page.duplicates.map((group) => (
              <tr key={group.states.join() + group.letters + (group.sample ?? "")}>
                <td>{group.supporters}</td>
                <td>{group.letters}</td>
                <td>{group.states.join(", ")}</td>
                {page.isAdmin ? <td>{group.sample}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Suppression({ page }: { page: PageData }) {
  const result = useActionData<typeof action>();
  return (
    <section id="suppression" aria-labelledby="suppression-heading">
      <h2 id="suppression-heading">
        {page.campaign.closed
          ? "Pending letters of a closed campaign"
          : "Pending letters to states that now support"}
      </h2>
      <p>
        Letters still queued, awaiting a contact or awaiting confirmation may no longer be needed:
        stop them, or switch them to a thank-you (the current template’s supporting wording, with
        each supporter’s own paragraph kept). Both are recorded in the audit log.
      </p>
      {page.candidates.length === 0 ? (
        <p className="muted">No state that supports an ask has letters waiting on it.</p>
      ) : (
        <ul className="cards">
          {page.candidates.map((candidate) => {
            const key = `${candidate.askSlug}:${candidate.stateIso3}`;
            return (
              <li key={key}>
                <CandidateCard
                  candidate={candidate}
                  canEdit={page.canEdit}
                  result={result?.target === key ? result : null}
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function CandidateCard({
  candidate,
  canEdit,
  result,
}: {
  candidate: SuppressionCandidate;
  canEdit: boolean;
  result: { errors: FieldErrors; reason: string } | null;
}) {
  const id = `${candidate.askSlug}-${candidate.stateIso3}`;
  const headingId = `candidate-${id}`;
  const errors = result?.errors ?? {};
  return (
    <>
      <h3 id={headingId}>
        {candidate.stateName}: {candidate.askTitle}
      </h3>
      <p>
        Current stance: <StanceLabel position={candidate.stance ?? "no_information"} />
        {candidate.stance !== candidate.publicStance ? (
          <>
            {" "}
            (public: <StanceLabel position={candidate.publicStance ?? "no_information"} />)
          </>
        ) : null}
      </p>
      <p>
        <strong>{candidate.total}</strong> pending:{" "}
        {pendingOrder
          .filter((status) => candidate.pending[status] > 0)
          .map((status) => `${candidate.pending[status]} ${statusLabels[status].toLowerCase()}`)
          .join(", ")}
        .
      </p>
      {canEdit ? (
        <Form method="post" noValidate aria-labelledby={headingId}>
          <CsrfInput />
          <input type="hidden" name="ask" value={candidate.askSlug} />
          <input type="hidden" name="state" value={candidate.stateIso3} />
          {errors.form ? (
            <p className="field-error" role="alert">
              {errors.form}
            </p>
          ) : null}
          <Field
            id={`reason-${id}`}
            name="reason"
            label="Reason (required to stop them)"
            maxLength={200}
            defaultValue={result?.reason}
            error={errors.reason}
          />
          <p className="actions">
            {candidate.canStop ? (
              <button type="submit" name="mode" value="stop" className="danger">
                Stop them ({candidate.total})
              </button>
            ) : null}
            {candidate.canThank ? (
              <button type="submit" name="mode" value="thank" className="secondary">
                Switch to a thank-you ({candidate.total})
              </button>
            ) : (
              <span className="muted">
                A thank-you needs a public supporting stance: the letter would reveal it.
              </span>
            )}
          </p>
        </Form>
      ) : null}
    </>
  );
}

function BouncedLetters({ page }: { page: PageData }) {
  const result = useActionData<typeof action>();
  const error = result?.target === "bounces" ? result.errors.form : undefined;
  return (
    <section id="bounces" aria-labelledby="bounces-heading">
      <h2 id="bounces-heading">Bounced letters</h2>
      <p>
        A delivery report marks a letter bounced as soon as it arrives. Anyone who has seen a
        letter's return address could forge one: if a report looks wrong (the ministry confirms
        receipt, or the report is not from its mail server), undo it. Undoing is recorded in the
        audit log.
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {page.bounces.length === 0 ? (
        <p className="muted">No letter of this campaign has bounced.</p>
      ) : (
        <table>
          <caption>The latest {page.bounces.length} bounced letters</caption>
          <thead>
            <tr>
              <th scope="col">Letter</th>
              <th scope="col">To</th>
              <th scope="col">Sent</th>
              <th scope="col">Delivery report</th>
              {page.canEdit ? <th scope="col">Review</th> : null}
            </tr>
          </thead>
          <tbody>
            {page.bounces.map((bounce) => (
              <tr key={bounce.id}>
                <td>#{bounce.id}</td>
                <td>
                  {bounce.stateName}, {contactKindLabels[bounce.targetKind]}
                </td>
                <td>
                  {bounce.sentAt ? (
                    <time dateTime={bounce.sentAt}>
                      {bounce.sentAt.slice(0, 16).replace("T", " ")} UTC
                    </time>
                  ) : (
                    "—"
                  )}
                </td>
                <td>{bounce.report ?? "—"}</td>
                {page.canEdit ? (
                  <td>
                    <Form method="post" aria-label={`Undo the bounce of letter ${bounce.id}`}>
                      <CsrfInput />
                      <input type="hidden" name="intent" value="dismiss-bounce" />
                      <input type="hidden" name="letter" value={bounce.id} />
                      <button type="submit" className="secondary">
                        Delivered after all
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Counts({ page }: { page: PageData }) {
  const { search } = useLocation();
  const { counts, filter } = page;
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading">Letters by status</h2>
      <Form key={search} method="get" className="filters" aria-label="Filter letters">
        <SelectField id="filter-status" name="status" label="Status" defaultValue={filter.status}>
          <option value="">Any status</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {statusLabels[status]}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-state" name="state" label="State" defaultValue={filter.state}>
          <option value="">Any state</option>
          {page.states.map((state) => (
            <option key={state.iso3} value={state.iso3}>
              {state.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-ask" name="ask" label="Ask" defaultValue={filter.ask}>
          <option value="">Any ask</option>
          {page.asks.map((ask) => (
            <option key={ask.slug} value={ask.slug}>
              {ask.title}
            </option>
          ))}
        </SelectField>
        <div className="filters__buttons">
          <button type="submit">Show letters</button> <Link to="?">Clear filters</Link>
        </div>
      </Form>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard. */}
      <section className="table-scroll" aria-label="Letters by state and status" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">State</th>
              {statuses.map((status) => (
                <th key={status} scope="col">
                  {statusLabels[status]}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">All states</th>
              {statuses.map((status) => (
                <td key={status} data-status={status}>
                  {counts.overall[status]}
                </td>
              ))}
              <td>{counts.total}</td>
            </tr>
            {counts.byState.map((state) => (
              <tr key={state.iso3}>
                <th scope="row">{state.name}</th>
                {statuses.map((status) => (
                  <td key={status}>{state.counts[status]}</td>
                ))}
                <td>{state.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

function LatestLetters({ page }: { page: PageData }) {
  const { search } = useLocation();
  const detailHref = (id: number) => {
    const query = new URLSearchParams(search);
    query.set("letter", String(id));
    return `?${query}`;
  };
  return (
    <section aria-labelledby="latest-heading">
      <h2 id="latest-heading">Latest letters</h2>
      {page.latest.length === 0 ? (
        <p>No letters match.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        <section className="table-scroll" aria-labelledby="latest-heading" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Letter</th>
                <th scope="col">State</th>
                <th scope="col">Ask</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col">Created (UTC)</th>
                <th scope="col">Sent (UTC)</th>
                <th scope="col">Failure reason</th>
              </tr>
            </thead>
            <tbody>
              {page.latest.map((letter) => (
                <tr key={letter.id}>
                  <td>
                    {page.isAdmin ? (
                      <Link to={detailHref(letter.id)}>
                        <span className="visually-hidden">Letter </span>
                        {letter.id}
                      </Link>
                    ) : (
                      letter.id
                    )}
                  </td>
                  <td>{letter.stateName}</td>
                  <td>{letter.askTitle}</td>
                  <td>{contactKindLabels[letter.targetKind]}</td>
                  <td>{statusLabels[letter.status]}</td>
                  <td>{utc(letter.createdAt)}</td>
                  <td>{letter.sentAt ? utc(letter.sentAt) : ""}</td>
                  <td>{letter.failureReason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

function utc(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

type Detail = NonNullable<PageData["detail"]>;

/** Admins only: the letter as written, and who wrote it. */
function LetterDetail({ detail }: { detail: Detail }) {
  const { search } = useLocation();
  const back = new URLSearchParams(search);
  back.delete("letter");
  return (
    <section aria-labelledby="detail-heading" className="notice">
      <h2 id="detail-heading">
        Letter {detail.id}: {detail.stateName}, {contactKindLabels[detail.targetKind]}
      </h2>
      <p className="muted">Personal data: shown to admins only.</p>
      <dl className="facts">
        <Fact term="Supporter">
          {detail.supporter
            ? `${detail.supporter.name ?? ""} <${detail.supporter.email ?? "no address"}>`
            : "Deleted at the supporter's request"}
        </Fact>
        <Fact term="City">{detail.supporter?.city || "None given"}</Fact>
        <Fact term="Status">{statusLabels[detail.status]}</Fact>
        <Fact term="Ask">{detail.askTitle}</Fact>
        <Fact term="Addressed to">{detail.contactName ?? "No verified contact yet"}</Fact>
        <Fact term="Language">{detail.language}</Fact>
      </dl>
      <p>
        <strong>Subject:</strong> {detail.subject}
      </p>
      {detail.body ? (
        <blockquote>
          <MultilineText text={detail.body} />
        </blockquote>
      ) : (
        <p className="muted">The text has been scrubbed after the retention period.</p>
      )}
      {detail.personalParagraph ? (
        <p>
          <strong>The supporter’s own paragraph:</strong> {detail.personalParagraph}
        </p>
      ) : null}
      <p>
        <Link to={`?${back}`}>Close the letter</Link>
      </p>
    </section>
  );
}
