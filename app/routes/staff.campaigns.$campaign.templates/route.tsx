import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import {
  Form,
  Link,
  type ShouldRevalidateFunction,
  useActionData,
  useLoaderData,
  useLocation,
} from "@remix-run/react";
import { useRef } from "react";
import { assertCsrf } from "~/auth/csrf.server";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { CsrfInput } from "~/components/csrf-input";
import { letterLanguages } from "~/letters/letter-form";
import {
  type LetterPreview,
  loadTemplateEditor,
  parseTemplateSubmission,
  previewTemplateDraft,
  saveTemplateDraft,
  sendTemplateTest,
  type TemplateFieldErrors,
  type TemplateIntent,
  type TemplateScope,
  templateScopeFromQuery,
} from "~/templates/template-editor.server";
import { languageOverview } from "~/templates/template-review";
import { Languages } from "./languages";
import { Notices } from "./notices";
import { PreviewLanguageForm, PreviewPanel } from "./preview-panel";
import { InEffect, ScopeForm } from "./scope";
import { TemplateField } from "./template-field";
import { useLivePreview } from "./use-live-preview";
import { Versions } from "./versions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Letter templates · ${data.campaign.title} · ` : ""}Démarche staff` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const campaign = await requireCampaign(db, params.campaign);
  const search = new URL(request.url).searchParams;
  const { scope, stateIso3 } = templateScopeFromQuery(campaign, search);
  const editor = await loadTemplateEditor(db, campaign, scope);
  const saved = Number(search.get("saved"));
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    asks: campaign.asks.map(({ slug, title }) => ({ slug, title })),
    scope: scopeValues(scope),
    state: stateIso3 ?? editor.states[0]?.iso3 ?? "",
    ...editor,
    languages: languageOverview(letterLanguages, {
      offered: campaign.languages,
      targetKind: scope.targetKind,
      versions: editor.versions,
    }),
    me: user.email,
    notice: saved > 0 ? `Saved version ${saved}. New letters use it from now on.` : null,
  };
}

function scopeValues(scope: TemplateScope) {
  return { ask: scope.ask?.slug ?? "", language: scope.language, targetKind: scope.targetKind };
}

interface EditorResult {
  intent: TemplateIntent | null;
  values: Record<string, string>;
  fields: TemplateFieldErrors;
  message: string | null;
  notice: string | null;
  preview: Extract<LetterPreview, { ok: true }> | null;
}

function editorResult(values: Record<string, string>, result: Partial<EditorResult>) {
  return {
    intent: null,
    fields: {},
    message: null,
    notice: null,
    preview: null,
    values,
    ...result,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const form = await request.formData();
  await assertCsrf(request, form);
  const campaign = await requireCampaign(db, params.campaign);
  const parsed = parseTemplateSubmission(campaign, form);
  if (!parsed.ok) {
    return data(editorResult(parsed.values, { message: parsed.message }), { status: 400 });
  }
  const { intent, scope, stateIso3, draft, values } = parsed.submission;
  const input = { campaign, scope, stateIso3, draft };
  if (intent === "preview") {
    // 200 even with errors: the live preview reports them, it has not failed.
    const preview = await previewTemplateDraft(db, input);
    return editorResult(values, preview.ok ? { intent, preview } : { intent, ...preview });
  }
  if (intent === "save") {
    const saved = await saveTemplateDraft(db, staffActor(user), input);
    if (!saved.ok) return data(editorResult(values, { intent, ...saved }), { status: 400 });
    // Post/redirect/get: a reload does not store another version.
    const query = new URLSearchParams({ ...scopeValues(scope), state: stateIso3 ?? "" });
    query.set("saved", String(saved.version));
    return redirect(`/staff/campaigns/${campaign.slug}/templates?${query}`);
  }
  const sent = await sendTemplateTest(
    db,
    staffActor(user),
    { ...input, to: user.email },
    { smtpUrl: context.config.SMTP_URL, mailFrom: context.config.MAIL_FROM },
  );
  if (sent.kind === "invalid") {
    return data(editorResult(values, { intent, ...sent.preview }), { status: 400 });
  }
  if (sent.kind === "failed") {
    const message = `The test could not be sent: ${sent.reason}`;
    return data(editorResult(values, { intent, message }), { status: 502 });
  }
  const notice = `Sent a test to ${sent.to} with the subject “${sent.subject}”.`;
  return editorResult(values, { intent, notice });
}

/** A live preview changes nothing: the page's data need not be reloaded after it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  formData,
  defaultShouldRevalidate,
}) => (formData?.get("intent") === "preview" ? false : defaultShouldRevalidate);

export default function TemplateEditor() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { search } = useLocation();
  const formRef = useRef<HTMLFormElement>(null);
  // A new scope or a new saved version refills the form from the template in effect.
  const formKey = `${search}|${page.inEffect?.id ?? "file"}`;
  const { fetcher, schedule } = useLivePreview(formRef, formKey);
  const values: Record<string, string> = result?.values ?? {};
  const fields: TemplateFieldErrors = result?.fields ?? {};
  const live = fetcher.data ?? (result?.intent === "preview" ? result : null);
  const base = `/staff/campaigns/${page.campaign.slug}`;
  return (
    <>
      <p className="actions">
        <Link to={base}>← {page.campaign.title}: tracker</Link>
        <Link to={`${base}/letters`}>Letters</Link>
      </p>
      <h1>Letter templates</h1>
      {/* After an action, its outcome replaces the notice of the last save. */}
      <Notices notice={result ? result.notice : page.notice} message={result?.message ?? null} />
      <ScopeForm key={search} asks={page.asks} scope={page.scope} />
      <InEffect page={page} />
      <Form
        key={formKey}
        ref={formRef}
        method="post"
        noValidate
        onChange={() => schedule()}
        aria-label="Edit the template"
      >
        <CsrfInput />
        <input type="hidden" name="ask" value={page.scope.ask} />
        <input type="hidden" name="language" value={page.scope.language} />
        <input type="hidden" name="targetKind" value={page.scope.targetKind} />
        <TemplateField
          language={page.scope.language}
          name="subject"
          rows={2}
          hint="One line. Handlebars variables and helpers as in templates/README.md."
          defaultValue={values.subject ?? page.draft.subject}
          errors={fields.subject}
        />
        <TemplateField
          language={page.scope.language}
          name="body"
          rows={24}
          hint="Plain text. {{#ifSupports state.stance}}…{{else}}…{{/ifSupports}} thanks a supporting state."
          defaultValue={values.body ?? page.draft.body}
          errors={fields.body}
        />
        <TemplateField
          language={page.scope.language}
          name="openings"
          rows={6}
          hint="One per line, plain text: each letter gets one for {{opening}}. Empty: the shipped ones."
          defaultValue={values.openings ?? page.draft.openings}
          errors={fields.openings}
        />
        <TemplateField
          language={page.scope.language}
          name="closings"
          rows={6}
          hint="One per line, plain text: each letter gets one for {{closing}}. Empty: the shipped ones."
          defaultValue={values.closings ?? page.draft.closings}
          errors={fields.closings}
        />
        <label htmlFor="state">Preview for a supporter from</label>
        <select id="state" name="state" defaultValue={values.state ?? page.state}>
          {page.states.map((state) => (
            <option key={state.iso3} value={state.iso3}>
              {state.name}
            </option>
          ))}
        </select>
        <p className="actions">
          <button
            type="submit"
            name="intent"
            value="preview"
            className="secondary"
            onClick={(event) => {
              // With JavaScript the preview updates in place; without, the form posts.
              event.preventDefault();
              schedule(0);
            }}
          >
            Preview
          </button>
          <button type="submit" name="intent" value="save">
            Save new version
          </button>
          <button type="submit" name="intent" value="send-test" className="secondary">
            Send a test to me
          </button>
        </p>
        <p className="muted">The test goes to {page.me} only, with “[TEST]” before the subject.</p>
      </Form>
      <PreviewPanel result={live} pending={fetcher.state !== "idle"} />
      <PreviewLanguageForm scope={page.scope} state={values.state ?? page.state} />
      <Languages page={page} />
      <Versions versions={page.versions} inEffectId={page.inEffect?.id ?? null} />
    </>
  );
}

/** The page's data as its parts receive it. */
export type TemplatesPageData = ReturnType<typeof useLoaderData<typeof loader>>;
