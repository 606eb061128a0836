import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { CsrfInput } from "~/components/csrf-input";
import { TextAreaField } from "~/components/form-fields";
import { LettersPerPartner } from "~/components/letters-per-partner";
import { embedSettings, lettersPerSource, saveEmbedSettings } from "~/embed/embed.server";
import {
  embedSettingsFormValues,
  embedSettingsSchema,
  maxOrigins,
  maxSources,
} from "~/embed/embed-settings";
import { iframeSnippet, linkSnippet } from "~/embed/embed-snippets";
import { defaultPublicLanguage, isPublicLanguage, publicLanguages } from "~/i18n/languages";
import { parseForm } from "~/lib/form";

export const meta = () => [{ title: "Embed on partners' sites · Démarche staff" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const campaign = await requireCampaign(db, params.campaign);
  const [settings, sources] = await Promise.all([
    embedSettings(db, campaign.id),
    lettersPerSource(db, campaign.id),
  ]);
  const search = new URL(request.url).searchParams;
  const lang = search.get("lang");
  const options = {
    appOrigin: context.config.APP_URL?.replace(/\/$/, "") ?? new URL(request.url).origin,
    campaign: { slug: campaign.slug, title: campaign.title },
    lang: isPublicLanguage(lang) ? lang : defaultPublicLanguage,
    ask: campaign.asks.find((a) => a.slug === search.get("ask"))?.slug,
    source: settings.sources.find((s) => s.code === search.get("source"))?.code,
  };
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    canEdit: roleAllows(user.role, "editor"),
    isAdmin: roleAllows(user.role, "admin"),
    asks: campaign.asks.filter((a) => !a.retiredAt).map(({ slug, title }) => ({ slug, title })),
    options: { lang: options.lang, ask: options.ask ?? "", source: options.source ?? "" },
    snippets: {
      iframe: iframeSnippet(options),
      link: linkSnippet({ ...options, label: "Write to your government" }),
    },
    settings,
    values: embedSettingsFormValues(settings),
    sources,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const campaign = await requireCampaign(db, params.campaign);
  const form = await request.formData();
  await assertCsrf(request, form);
  const parsed = parseForm(embedSettingsSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await saveEmbedSettings(db, staffActor(user), campaign.id, parsed.data);
  return redirect(`/staff/campaigns/${campaign.slug}/embed?saved=1`);
}

export default function CampaignEmbed() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const values = result?.values ?? loaded.values;
  const errors: Record<string, string> = result?.errors ?? {};
  const base = `/staff/campaigns/${loaded.campaign.slug}`;
  return (
    <>
      <p className="actions">
        <Link to={base}>← {loaded.campaign.title}: tracker</Link>
      </p>
      <h1>Embed on partners' sites</h1>
      <p>
        Partners paste the frame below into their page: the letter form and the first ask's tally
        (or the ask chosen), in the language chosen. Letters, confirmations and metrics stay here;
        each letter records the partner's source code, or the partner site it was framed on.
        {loaded.campaign.status === "draft"
          ? " The embed shows nothing until the campaign opens."
          : ""}
      </p>

      <h2>Snippets</h2>
      <Form method="get" className="inline-form">
        <label htmlFor="lang">Language</label>
        <select id="lang" name="lang" defaultValue={loaded.options.lang}>
          {publicLanguages.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
        <label htmlFor="ask">Tally of</label>
        <select id="ask" name="ask" defaultValue={loaded.options.ask}>
          <option value="">The first ask</option>
          {loaded.asks.map((ask) => (
            <option key={ask.slug} value={ask.slug}>
              {ask.title}
            </option>
          ))}
        </select>
        <label htmlFor="source">Source</label>
        <select id="source" name="source" defaultValue={loaded.options.source}>
          <option value="">None (the partner's site is recorded)</option>
          {loaded.settings.sources.map((source) => (
            <option key={source.code} value={source.code}>
              {source.code}: {source.partnerName}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          Update the snippets
        </button>
      </Form>
      <label htmlFor="snippet-iframe">
        The frame, resizing itself (works at a fixed height without JavaScript)
      </label>
      <textarea id="snippet-iframe" readOnly rows={4} value={loaded.snippets.iframe} />
      <label htmlFor="snippet-link">For sites that allow no frames: a link</label>
      <textarea id="snippet-link" readOnly rows={2} value={loaded.snippets.link} />

      <h2>Letters per partner</h2>
      <LettersPerPartner sources={loaded.sources} />

      {loaded.isAdmin && loaded.settings.sources.some((s) => s.consentText) ? (
        <>
          <h3>News lists (personal data)</h3>
          <p>
            Names and e-mails of the supporters who ticked a partner's consent line and confirmed
            their letter, for that partner only. Each download is written to the audit log.
          </p>
          <ul>
            {loaded.settings.sources
              .filter((s) => s.consentText)
              .map((s) => (
                <li key={s.code}>
                  <a href={`${base}/embed.news.csv?source=${s.code}`} download>
                    {s.partnerName}'s news list (CSV)
                  </a>
                </li>
              ))}
          </ul>
        </>
      ) : null}

      <h2>Allowed sites and sources</h2>
      {params.get("saved") && !result ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      {loaded.canEdit ? (
        <Form method="post" noValidate>
          <CsrfInput />
          <TextAreaField
            name="origins"
            label="Sites allowed to frame the embed"
            hint={
              <>
                One origin a line, like https://www.amnesty.fr (https only; http for localhost). At
                most {maxOrigins}. Any other site gets a blank frame.
              </>
            }
            rows={5}
            defaultValue={values.origins}
            error={errors.origins}
          />
          <TextAreaField
            name="sources"
            label="Source codes"
            hint={
              <>
                One a line: <code>code | Partner name | consent text</code>. The code (lowercase
                letters, digits, hyphens, up to 40) goes in the snippet as <code>?source=</code>.
                The consent text is optional: when set, the embed shows it as a checkbox ("Send me
                news from …"). At most {maxSources}.
              </>
            }
            rows={6}
            defaultValue={values.sources}
            error={errors.sources}
          />
          <p>
            <button type="submit">Save sites and sources</button>
          </p>
        </Form>
      ) : (
        <>
          <h3>Allowed sites</h3>
          {loaded.settings.origins.length === 0 ? (
            <p>None: no site may frame the embed yet.</p>
          ) : (
            <ul>
              {loaded.settings.origins.map((origin) => (
                <li key={origin}>{origin}</li>
              ))}
            </ul>
          )}
          <h3>Sources</h3>
          {loaded.settings.sources.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul>
              {loaded.settings.sources.map((source) => (
                <li key={source.code}>
                  <code>{source.code}</code>: {source.partnerName}
                  {source.consentText ? ` (consent line: “${source.consentText}”)` : ""}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
