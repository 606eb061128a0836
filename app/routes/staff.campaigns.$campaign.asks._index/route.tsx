import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import type { FormEvent } from "react";
import { assertCsrf } from "~/auth/csrf.server";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { type AskPreview, askPreview } from "~/campaigns/ask-preview.server";
import { askEditFormSchema, askFormSchema, askPreviewFormSchema } from "~/campaigns/ask-schema";
import {
  AskInUseError,
  AskStateError,
  askHistoryCounts,
  createAsk,
  DuplicateAskError,
  deleteAsk,
  moveAsk,
  restoreAsk,
  retireAsk,
  updateAsk,
} from "~/campaigns/asks.server";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FieldError, TextAreaField } from "~/components/form-fields";
import { StanceLabel } from "~/components/stance-label";
import { TallySummary } from "~/components/tally-summary";
import { type FieldErrors, formFields, parseForm } from "~/lib/form";
import { describeRule, ruleLabels } from "~/positions/rule-descriptions";
import { type DecisionRule, decisionRules } from "~/positions/stance";
import type { Ask } from "~/positions/tally.server";
import styles from "~/styles/positions.css";
import type { loader as previewLoader } from "../staff.campaigns.$campaign.asks.preview/route";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.campaign.title} · ` : ""}Asks · Démarche staff` },
];

const notices: Record<string, string> = {
  added: "Added the ask",
  saved: "Saved the ask",
  moved: "Moved the ask",
  retired: "Retired the ask: it is off the public form and takes no new positions",
  restored: "Restored the ask",
  deleted: "Deleted the ask",
};

function formValuesOf(ask: Ask | null): Record<string, string> {
  return {
    slug: ask?.slug ?? "",
    title: ask?.title ?? "",
    description: ask?.description ?? "",
    rule: ask?.decisionRule ?? "hrc_special_session",
    decidesOn: ask?.decisionDate ?? "",
    importantQuestion: ask?.importantQuestion ? "on" : "",
  };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const campaign = await requireCampaign(db, params.campaign);
  const search = new URL(request.url).searchParams;
  const canEdit = roleAllows(user.role, "editor");
  const editing = canEdit
    ? (campaign.asks.find((a) => a.slug === search.get("edit")) ?? null)
    : null;
  const histories = await Promise.all(campaign.asks.map((ask) => askHistoryCounts(db, ask.id)));
  const done = notices[search.get("done") ?? ""];
  return {
    canEdit,
    campaign: { slug: campaign.slug, title: campaign.title },
    asks: campaign.asks.map((ask, index) => ({
      slug: ask.slug,
      title: ask.title,
      ruleLine: describeRule(ask.decisionRule, { importantQuestion: ask.importantQuestion }),
      decidesOn: ask.decisionDate,
      retired: ask.retiredAt !== null,
      history: histories[index] ?? { positions: 0, letters: 0, responses: 0 },
    })),
    editing: editing ? { slug: editing.slug, title: editing.title } : null,
    values: formValuesOf(editing),
    preview: canEdit
      ? await askPreview(db, campaign.id, editing, {
          rule: editing?.decisionRule ?? "hrc_special_session",
          decidesOn: editing?.decisionDate ?? null,
          importantQuestion: editing?.importantQuestion ?? false,
        })
      : null,
    notice: done ? `${done} “${search.get("ask") ?? ""}”.` : null,
  };
}

type ActionResult = {
  values: Record<string, string>;
  errors: FieldErrors;
  preview: AskPreview | null;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const campaign = await requireCampaign(db, params.campaign);
  const form = await request.formData();
  await assertCsrf(request, form);
  const actor = staffActor(user);
  const target = campaign.asks.find((ask) => ask.slug === form.get("ask")) ?? null;
  const intent = String(form.get("intent") ?? "");
  const done = (what: string, slug: string) =>
    redirect(`/staff/campaigns/${campaign.slug}/asks?done=${what}&ask=${encodeURIComponent(slug)}`);
  const refused = (message: string, status: number) =>
    data<ActionResult>({ values: {}, errors: { form: message }, preview: null }, { status });

  if (intent === "preview") {
    const parsed = parseForm(askPreviewFormSchema, form);
    if (!parsed.ok) return invalid(form, parsed.errors);
    const preview = await askPreview(db, campaign.id, target, parsed.data);
    return data<ActionResult>({ values: formFields(form, ["intent"]), errors: {}, preview });
  }
  if (intent === "save" && target) {
    const parsed = parseForm(askEditFormSchema, form);
    if (!parsed.ok) return invalid(form, parsed.errors);
    await updateAsk(db, actor, target.id, parsed.data);
    return done("saved", target.slug);
  }
  if (intent === "save") {
    const parsed = parseForm(askFormSchema, form);
    if (!parsed.ok) return invalid(form, parsed.errors);
    try {
      const created = await createAsk(db, actor, campaign.id, parsed.data);
      return done("added", created.slug);
    } catch (error) {
      if (!(error instanceof DuplicateAskError)) throw error;
      return invalid(form, { slug: error.message }, 409);
    }
  }
  if (!target) return refused("This campaign has no such ask", 404);
  try {
    switch (intent) {
      case "up":
      case "down":
        await moveAsk(db, actor, target.id, intent);
        return done("moved", target.slug);
      case "retire":
        await retireAsk(db, actor, target.id);
        return done("retired", target.slug);
      case "restore":
        await restoreAsk(db, actor, target.id);
        return done("restored", target.slug);
      case "delete":
        await deleteAsk(db, actor, target.id);
        return done("deleted", target.slug);
      default:
        return refused("Unknown action", 400);
    }
  } catch (error) {
    if (error instanceof AskInUseError || error instanceof AskStateError)
      return refused(error.message, 409);
    throw error;
  }
}

/** The form comes back with the typing kept and each error at its field; nothing is stored. */
function invalid(form: FormData, errors: FieldErrors, status = 400) {
  return data<ActionResult>(
    { values: formFields(form, ["intent"]), errors, preview: null },
    { status },
  );
}

export default function AsksPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/staff/campaigns/${page.campaign.slug}`;
  const formError = result?.errors.form;
  return (
    <>
      <p className="actions">
        <Link to={base}>← {page.campaign.title}: tracker</Link>
      </p>
      <h1>Asks</h1>
      {page.notice && !result ? (
        <p className="notice" role="status">
          {page.notice}
        </p>
      ) : null}
      {formError ? (
        <p className="notice error" role="alert">
          {formError}
        </p>
      ) : null}
      <AskList asks={page.asks} canEdit={page.canEdit} base={base} />
      {page.canEdit ? <AskForm base={base} /> : null}
    </>
  );
}

type ListedAsk = ReturnType<typeof useLoaderData<typeof loader>>["asks"][number];

function AskList({ asks, canEdit, base }: { asks: ListedAsk[]; canEdit: boolean; base: string }) {
  if (asks.length === 0) return <p>This campaign has no asks yet.</p>;
  return (
    <ol className="ask-list">
      {asks.map((ask, index) => (
        <li key={ask.slug} className="ask-list__item">
          <h2>
            {ask.title}
            {ask.retired ? <span className="muted"> (retired)</span> : null}
          </h2>
          <p>{ask.ruleLine}</p>
          <p className="muted">
            {ask.decidesOn ? `Decided on ${ask.decidesOn}. ` : "No decision date: counted today. "}
            {historyInWords(ask.history)}
          </p>
          {canEdit ? (
            <AskButtons
              ask={ask}
              base={base}
              first={index === 0}
              last={index === asks.length - 1}
            />
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function historyInWords(history: ListedAsk["history"]): string {
  const { positions, letters, responses } = history;
  return `${positions} position${positions === 1 ? "" : "s"}, ${letters} letter${letters === 1 ? "" : "s"}, ${responses} response${responses === 1 ? "" : "s"}.`;
}

function AskButtons({
  ask,
  base,
  first,
  last,
}: {
  ask: ListedAsk;
  base: string;
  first: boolean;
  last: boolean;
}) {
  const hasHistory = ask.history.positions + ask.history.letters + ask.history.responses > 0;
  const button = (intent: string, label: string, disabled = false) => (
    <button
      type="submit"
      name="intent"
      value={intent}
      disabled={disabled}
      aria-label={`${label}: ${ask.title}`}
    >
      {label}
    </button>
  );
  return (
    <Form method="post" className="actions">
      <CsrfInput />
      <input type="hidden" name="ask" value={ask.slug} />
      <Link to={`${base}/asks?edit=${ask.slug}#ask-form`} aria-label={`Edit: ${ask.title}`}>
        Edit
      </Link>
      {button("up", "Move up", first)}
      {button("down", "Move down", last)}
      {ask.retired ? button("restore", "Restore") : button("retire", "Retire")}
      {hasHistory ? null : button("delete", "Delete")}
    </Form>
  );
}

function AskForm({ base }: { base: string }) {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const fetcher = useFetcher<typeof previewLoader>();
  const values = result?.values ?? page.values;
  const errors: FieldErrors = result?.errors ?? {};
  const preview = fetcher.data ? fetcher.data.preview : (result?.preview ?? page.preview);
  const previewError = fetcher.data ? fetcher.data.errors.decidesOn : undefined;
  const editing = page.editing;
  // With JavaScript the preview follows the rule, date and important-question box as they change.
  const refreshPreview = (event: FormEvent<HTMLFormElement>) => {
    const name = (event.target as HTMLInputElement).name;
    if (!["rule", "decidesOn", "importantQuestion"].includes(name)) return;
    const form = new FormData(event.currentTarget);
    const query = new URLSearchParams();
    for (const key of ["rule", "decidesOn", "importantQuestion", "ask"]) {
      const value = form.get(key);
      if (typeof value === "string") query.set(key, value);
    }
    fetcher.load(`${base}/asks/preview?${query}`);
  };
  return (
    <section id="ask-form" aria-labelledby="ask-form-heading">
      <h2 id="ask-form-heading">{editing ? `Edit “${editing.title}”` : "Add an ask"}</h2>
      <Form
        method="post"
        noValidate
        key={JSON.stringify(values)}
        onChange={refreshPreview}
        action={`${base}/asks${editing ? `?index&edit=${editing.slug}` : "?index"}`}
      >
        <CsrfInput />
        {editing ? <input type="hidden" name="ask" value={editing.slug} /> : null}
        {editing ? null : (
          <Field
            name="slug"
            label="Short name (in links and exports)"
            hint="Lower-case letters, digits and hyphens, e.g. unsc-meeting. It cannot change later."
            defaultValue={values.slug}
            error={errors.slug}
          />
        )}
        <Field name="title" label="Title" defaultValue={values.title} error={errors.title} />
        <TextAreaField
          name="description"
          label="Description (optional)"
          rows={3}
          defaultValue={values.description}
          error={errors.description}
        />
        <fieldset aria-describedby={errors.rule ? "rule-error" : undefined}>
          <legend>How it is decided</legend>
          {decisionRules.map((rule) => (
            <RuleChoice key={rule} rule={rule} checked={values.rule === rule} />
          ))}
          <FieldError id="rule-error" message={errors.rule} />
        </fieldset>
        <Field
          name="decidesOn"
          label="Decision date (optional)"
          type="date"
          hint="Members are counted on this day; without one, today."
          defaultValue={values.decidesOn}
          error={errors.decidesOn ?? previewError}
        />
        <label className="choice">
          <input
            type="checkbox"
            name="importantQuestion"
            defaultChecked={values.importantQuestion === "on"}
          />{" "}
          General Assembly: an important question (two thirds needed)
        </label>
        <p className="actions">
          <button type="submit" name="intent" value="preview">
            Preview
          </button>
          <button type="submit" name="intent" value="save">
            {editing ? "Save changes" : "Add ask"}
          </button>
          {editing ? <Link to={`${base}/asks`}>Cancel</Link> : null}
        </p>
      </Form>
      {preview ? <PreviewPanel preview={preview} /> : null}
    </section>
  );
}

function RuleChoice({ rule, checked }: { rule: DecisionRule; checked: boolean }) {
  const hintId = `rule-${rule}-hint`;
  return (
    <label className="choice">
      <input
        type="radio"
        name="rule"
        value={rule}
        defaultChecked={checked}
        aria-describedby={hintId}
      />{" "}
      {ruleLabels[rule]}
      <span id={hintId} className="muted">
        {" "}
        — {describeRule(rule)}
      </span>
    </label>
  );
}

function PreviewPanel({ preview }: { preview: AskPreview }) {
  return (
    <section className="ask-preview" aria-labelledby="ask-preview-heading" aria-live="polite">
      <h3 id="ask-preview-heading">Preview: {ruleLabels[preview.rule]}</h3>
      <TallySummary
        title="The tally it would give today"
        figures={preview.figures}
        headingLevel={3}
      />
      <p>
        {preview.members
          ? `Members on ${preview.asOf}: ${preview.memberCount}.`
          : `Counted among the ${preview.memberCount} UN member states on ${preview.asOf}.`}
      </p>
      {preview.members ? (
        <ul className="ask-preview__members">
          {preview.members.map((member) => (
            <li key={member.iso3}>
              {member.name}
              {member.permanent ? " (permanent)" : ""}: <StanceLabel position={member.position} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
