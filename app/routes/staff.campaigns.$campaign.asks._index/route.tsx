import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
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
import { type FieldErrors, formFields, parseForm } from "~/lib/form";
import { describeRule } from "~/positions/rule-descriptions";
import type { Ask } from "~/positions/tally.server";
import styles from "~/styles/positions.css";
import { AskForm } from "./ask-form";
import { AskList } from "./ask-list";

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

/** The page's data as its parts receive it. */
export type AsksPageData = ReturnType<typeof useLoaderData<typeof loader>>;

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
