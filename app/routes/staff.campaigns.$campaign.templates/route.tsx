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
  useFetcher,
  useLoaderData,
  useLocation,
} from "@remix-run/react";
import { type RefObject, useCallback, useEffect, useRef } from "react";
import { assertCsrf } from "~/auth/csrf.server";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { CsrfInput } from "~/components/csrf-input";
import { LabelledControl } from "~/components/form-fields";
import { letterTextAttributes } from "~/components/letter-language-note";
import { MultilineText } from "~/components/multiline-text";
import { StanceLabel } from "~/components/stance-label";
import { contactKindLabels } from "~/contacts/contact-kinds";
import { type LetterLanguage, letterLanguages } from "~/letters/letter-form";
import { letterLanguageStaffNames } from "~/letters/letter-language";
import type { TemplateError } from "~/letters/letter-template";
import type { LetterTemplateField } from "~/letters/letter-templates.server";
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
} from "~/letters/template-editor.server";
import { languageOverview } from "~/letters/template-review";
import { database } from "~/lib/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Letter templates · ${data.campaign.title} · ` : ""}Démarche staff` },
];

const languageNames: Record<string, string> = letterLanguageStaffNames;
const fieldNames: Record<LetterTemplateField, string> = {
  subject: "Subject",
  body: "Letter",
  openings: "Openings",
  closings: "Closings",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = database();
  const user = await requireStaff(db, request, "editor");
  const campaign = await requireCampaign(database(), params.campaign);
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

export async function action({ request, params }: ActionFunctionArgs) {
  const db = database();
  const user = await requireStaff(db, request, "editor");
  const form = await request.formData();
  await assertCsrf(request, form);
  const campaign = await requireCampaign(database(), params.campaign);
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
  const sent = await sendTemplateTest(db, staffActor(user), { ...input, to: user.email });
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

/** Posts the form as a preview to this route's action, at most every 400 ms while typing. */
function useLivePreview(formRef: RefObject<HTMLFormElement | null>, formKey: string) {
  const fetcher = useFetcher<typeof action>();
  const submit = useRef(fetcher.submit);
  submit.current = fetcher.submit;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const schedule = useCallback(
    (delay = 400) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        if (!formRef.current) return;
        const body = new FormData(formRef.current);
        body.set("intent", "preview");
        submit.current(body, { method: "post" });
      }, delay);
    },
    [formRef],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new form (formKey) needs a new preview.
  useEffect(() => {
    schedule(0);
    return () => clearTimeout(timer.current);
  }, [schedule, formKey]);
  return { fetcher, schedule };
}

function Notices({ notice, message }: { notice: string | null; message: string | null }) {
  return (
    <>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {message ? (
        <p className="notice error" role="alert">
          {message}
        </p>
      ) : null}
    </>
  );
}

function ScopeForm({
  asks,
  scope,
}: {
  asks: { slug: string; title: string }[];
  scope: { ask: string; language: string; targetKind: string };
}) {
  return (
    <Form method="get" className="filters" aria-label="Choose the template">
      <div>
        <label htmlFor="scope-ask">Ask</label>
        <select id="scope-ask" name="ask" defaultValue={scope.ask}>
          <option value="">All asks (campaign-wide)</option>
          {asks.map((ask) => (
            <option key={ask.slug} value={ask.slug}>
              {ask.title}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="scope-language">Language</label>
        <select id="scope-language" name="language" defaultValue={scope.language}>
          {letterLanguages.map((language) => (
            <option key={language} value={language}>
              {languageNames[language] ?? language}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="scope-target">Addressed to</label>
        <select id="scope-target" name="targetKind" defaultValue={scope.targetKind}>
          {Object.entries(contactKindLabels).map(([kind, name]) => (
            <option key={kind} value={kind}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__buttons">
        <button type="submit">Open this template</button>
      </div>
    </Form>
  );
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

function InEffect({ page }: { page: PageData }) {
  const askTitle = page.asks.find((ask) => ask.slug === page.scope.ask)?.title;
  const version = page.inEffect;
  return (
    <p>
      Editing the template for <strong>{askTitle ? `“${askTitle}”` : "all asks"}</strong>,{" "}
      {languageNames[page.scope.language] ?? page.scope.language},{" "}
      {contactKindLabels[page.scope.targetKind]}. The text below is the one in effect:{" "}
      {version
        ? `version ${version.version}${version.askTitle ? "" : " (campaign-wide)"}.`
        : "the shipped template."}{" "}
      Saving stores a new version for this choice.
    </p>
  );
}

function TemplateField({
  language,
  name,
  rows,
  hint,
  defaultValue,
  errors,
}: {
  language: LetterLanguage;
  name: LetterTemplateField;
  rows: number;
  hint: string;
  defaultValue: string;
  errors: TemplateError[] | undefined;
}) {
  return (
    <LabelledControl
      id={name}
      label={fieldNames[name]}
      hint={hint}
      error={errors?.map((error) => (
        <p key={`${error.line}:${error.column}:${error.message}`}>{describeError(error)}</p>
      ))}
    >
      {(control) => (
        <textarea
          name={name}
          rows={rows}
          defaultValue={defaultValue}
          {...letterTextAttributes(language)}
          {...control}
        />
      )}
    </LabelledControl>
  );
}

function describeError(error: TemplateError): string {
  return `Line ${error.line}, column ${error.column}: ${error.message}`;
}

type PreviewSource = {
  fields: TemplateFieldErrors;
  message: string | null;
  preview: Extract<LetterPreview, { ok: true }> | null;
};

function PreviewPanel({ result, pending }: { result: PreviewSource | null; pending: boolean }) {
  const preview = result?.preview ?? null;
  const problems = result ? previewProblems(result) : [];
  return (
    <section id="preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      <p role="status" className="muted">
        {pending
          ? "Updating the preview…"
          : preview
            ? `As a sample supporter from ${preview.stateName} would send it today.`
            : "Press “Preview” to see the letter."}
      </p>
      {problems.length > 0 ? (
        <div className="notice error">
          <p>The letter cannot be rendered yet:</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview ? (
        <>
          <dl className="facts">
            <div>
              <dt>To</dt>
              <dd>
                {preview.targetName}
                {preview.hasContact ? "" : " (no verified contact yet: the letter would wait)"}
              </dd>
            </div>
            <div>
              <dt>Public stance on “{preview.askTitle}”</dt>
              <dd>
                <StanceLabel position={preview.stance} />
              </dd>
            </div>
          </dl>
          <p>
            <strong>Subject:</strong>{" "}
            <span id="preview-subject" {...letterTextAttributes(preview.language)}>
              {preview.subject}
            </span>
          </p>
          <div id="preview-body" {...letterTextAttributes(preview.language)}>
            <MultilineText text={preview.body} />
          </div>
        </>
      ) : null}
    </section>
  );
}

function previewProblems(result: PreviewSource): string[] {
  const problems = Object.entries(result.fields).flatMap(([field, errors]) =>
    (errors ?? []).map(
      (error) => `${fieldNames[field as LetterTemplateField]}: ${describeError(error)}`,
    ),
  );
  return result.message ? [result.message, ...problems] : problems;
}

/**
 * Opens the template in effect in another language for the same ask, office
 * and state: with JavaScript its preview renders at once, without it on "Preview".
 */
function PreviewLanguageForm({
  scope,
  state,
}: {
  scope: { ask: string; language: string; targetKind: string };
  state: string;
}) {
  return (
    <Form method="get" className="filters" aria-label="Preview in another language">
      <input type="hidden" name="ask" value={scope.ask} />
      <input type="hidden" name="targetKind" value={scope.targetKind} />
      <input type="hidden" name="state" value={state} />
      <div>
        <label htmlFor="preview-language">Preview the letter in</label>
        <select id="preview-language" name="language" defaultValue={scope.language}>
          {letterLanguages.map((language) => (
            <option key={language} value={language}>
              {languageNames[language] ?? language}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__buttons">
        <button type="submit" className="secondary">
          Show this language
        </button>
      </div>
    </Form>
  );
}

/** Every letter language of the campaign side by side, for the office chosen above. */
function Languages({ page }: { page: PageData }) {
  const target = contactKindLabels[page.scope.targetKind];
  const link = (language: string) =>
    `?${new URLSearchParams({ ask: "", language, targetKind: page.scope.targetKind, state: page.state })}`;
  return (
    <section aria-labelledby="languages-heading">
      <h2 id="languages-heading">Languages</h2>
      <p className="muted">
        Addressed to: {target}. Which template each language uses, campaign-wide. Shipped texts are
        listed with their review status (templates/README.md); a campaign version overrides the
        shipped one for this campaign only.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Language</th>
            <th scope="col">Offered to supporters</th>
            <th scope="col">Template in effect</th>
            <th scope="col">Ask-specific versions</th>
            <th scope="col">Shipped text</th>
          </tr>
        </thead>
        <tbody>
          {page.languages.map((row) => (
            <tr key={row.language}>
              <th scope="row">
                <Link to={link(row.language)}>{languageNames[row.language] ?? row.language}</Link>
              </th>
              <td>{row.offered ? "Yes" : "No"}</td>
              <td>
                {row.campaignVersion === null
                  ? "Shipped file"
                  : `Campaign override, version ${row.campaignVersion}`}
              </td>
              <td>{row.askVersions}</td>
              <td>{row.reviewStatus}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type VersionRow = PageData["versions"][number];

function Versions({ versions, inEffectId }: { versions: VersionRow[]; inEffectId: number | null }) {
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">Saved versions</h2>
      {versions.length === 0 ? (
        <p>No version has been saved yet: every letter uses the shipped templates.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Ask</th>
              <th scope="col">Language</th>
              <th scope="col">Addressed to</th>
              <th scope="col">Version</th>
              <th scope="col">Saved by</th>
              <th scope="col">Saved (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.id}>
                <td>{version.askTitle ?? "All asks"}</td>
                <td>{languageNames[version.language] ?? version.language}</td>
                <td>{contactKindLabels[version.targetKind]}</td>
                <td>
                  {version.version}
                  {version.id === inEffectId ? " (in effect above)" : ""}
                </td>
                <td>{version.author ?? <span className="muted">Command line or system</span>}</td>
                <td>{version.createdAt.slice(0, 16).replace("T", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
