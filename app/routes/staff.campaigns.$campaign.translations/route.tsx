import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { askFieldName } from "~/campaigns/campaign-translation";
import {
  saveCampaignTranslation,
  translationOverview,
} from "~/campaigns/campaign-translations.server";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { translationFormSchema, translationLanguage } from "~/campaigns/translation-fields";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorSummary } from "~/components/error-summary";
import { LabelledControl } from "~/components/form-fields";
import { languageNameIn, publicLanguages, textDirection } from "~/i18n/languages";
import { parseForm } from "~/lib/form";

export const meta = () => [{ title: "Campaign translations · Démarche staff" }];

/** The language in the address, else the first public language the campaign is not written in. */
function chosenLanguage(request: Request, defaultLanguage: string) {
  const asked = new URL(request.url).searchParams.get("language");
  const fallback = publicLanguages.find((l) => l !== defaultLanguage) ?? "fr";
  const parsed = translationLanguage.safeParse(asked ?? fallback);
  if (!parsed.success || parsed.data === defaultLanguage)
    throw new Response("Choose a language other than the campaign's own.", { status: 404 });
  return parsed.data;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const c = await requireCampaign(db, params.campaign);
  const language = chosenLanguage(request, c.defaultLanguage);
  const openAsks = { ...c, asks: c.asks.filter((ask) => ask.retiredAt === null) };
  const { own, translation, progress } = translationOverview(openAsks, language);
  return {
    campaign: { slug: c.slug, title: c.title, defaultLanguage: c.defaultLanguage },
    canEdit: roleAllows(user.role, "editor"),
    language,
    own,
    values: {
      title: translation.title,
      summary: translation.summary,
      publicText: translation.publicText,
      ...Object.fromEntries(
        translation.asks.flatMap((ask) => [
          [askFieldName(ask.askId, "title"), ask.title],
          [askFieldName(ask.askId, "description"), ask.description],
        ]),
      ),
    } as Record<string, string>,
    progress: progress.map((p) => ({ ...p, name: languageNameIn("en", p.language) })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const campaign = await requireCampaign(db, params.campaign);
  const language = chosenLanguage(request, campaign.defaultLanguage);
  const form = await request.formData();
  await assertCsrf(request, form);
  const askIds = campaign.asks.filter((ask) => ask.retiredAt === null).map((ask) => ask.id);
  const parsed = parseForm(translationFormSchema(askIds), form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await saveCampaignTranslation(db, staffActor(user), campaign, language, parsed.data);
  return redirect(`/staff/campaigns/${campaign.slug}/translations?language=${language}&saved=1`);
}

export default function CampaignTranslations() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const values = result?.values ?? loaded.values;
  const errors: Record<string, string> = result?.errors ?? {};
  const base = `/staff/campaigns/${loaded.campaign.slug}`;
  const own = loaded.campaign.defaultLanguage;
  const name = (language: string) => languageNameIn("en", language);
  const field = (
    props: Omit<SideBySideProps, "language" | "ownLanguage" | "values" | "errors" | "readOnly">,
  ) => (
    <SideBySide
      {...props}
      language={loaded.language}
      ownLanguage={own}
      values={values}
      errors={errors}
      readOnly={!loaded.canEdit}
    />
  );
  return (
    <>
      <p className="actions">
        <Link to={base}>← {loaded.campaign.title}: tracker</Link>
        <Link to={`${base}/edit`}>Campaign details</Link>
      </p>
      <h1>Translations of the campaign's texts</h1>
      <p>
        The campaign is written in {name(own)}. A text left empty here is shown to{" "}
        {name(loaded.language)} readers in {name(own)}, with a short note. Empty every field and
        save to remove the language.
      </p>
      <nav aria-label="Languages">
        <ul className="actions">
          {loaded.progress.map((p) => (
            <li key={p.language}>
              <Link
                to={`?language=${p.language}`}
                aria-current={p.language === loaded.language ? "page" : undefined}
              >
                {p.name}
              </Link>{" "}
              ({p.done} of {p.total} texts)
            </li>
          ))}
        </ul>
      </nav>
      {params.get("saved") && !result ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      <ErrorSummary
        key={JSON.stringify(errors)}
        items={Object.entries(errors).map(([field, message]) => ({ href: `#${field}`, message }))}
      />
      <Form method="post" noValidate className="translations">
        <CsrfInput />
        <h2>Campaign</h2>
        {field({ name: "title", label: "Title", own: loaded.own.title })}
        {field({ name: "summary", label: "Summary", own: loaded.own.summary, rows: 4 })}
        {field({ name: "publicText", label: "Public text", own: loaded.own.publicText, rows: 10 })}
        {loaded.own.asks.map((ask) => (
          <section key={ask.askId}>
            <h2>Ask: {ask.title}</h2>
            {field({ name: askFieldName(ask.askId, "title"), label: "Title", own: ask.title })}
            {field({
              name: askFieldName(ask.askId, "description"),
              label: "Description",
              own: ask.description,
              rows: 4,
            })}
          </section>
        ))}
        {loaded.canEdit ? (
          <p>
            <button type="submit">Save the {name(loaded.language)} texts</button>
          </p>
        ) : (
          <p className="muted">Viewers read the translations; editors write them.</p>
        )}
      </Form>
    </>
  );
}

interface SideBySideProps {
  name: string;
  label: string;
  own: string;
  rows?: number;
  language: string;
  ownLanguage: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  readOnly: boolean;
}

/** The campaign's own text beside the translation's input, each marked with its language. */
function SideBySide({
  name,
  label,
  own,
  rows,
  language,
  ownLanguage,
  values,
  errors,
  readOnly,
}: SideBySideProps) {
  const input = {
    name,
    className: "side-by-side__input",
    defaultValue: values[name] ?? "",
    lang: language,
    dir: textDirection(language),
    readOnly,
  };
  return (
    <div className="side-by-side">
      <div>
        <p className="muted">
          {label} ({languageNameIn("en", ownLanguage)})
        </p>
        <p lang={ownLanguage} dir={textDirection(ownLanguage)} className="side-by-side__own">
          {own || <span className="muted">(empty)</span>}
        </p>
      </div>
      <LabelledControl
        id={name}
        label={`${label} (${languageNameIn("en", language)})`}
        error={errors[name]}
      >
        {(control) =>
          rows ? (
            <textarea rows={rows} {...input} {...control} />
          ) : (
            <input {...input} {...control} />
          )
        }
      </LabelledControl>
    </div>
  );
}
