import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { LetterPreviewForm } from "~/components/letter-preview-form";
import { useNonce } from "~/components/nonce";
import { SupporterLetterForm } from "~/components/supporter-letter-form";
import { TallySummary } from "~/components/tally-summary";
import { UntranslatedNote, untranslatedAttributes } from "~/components/untranslated";
import { embedTokenField, resizeScript } from "~/embed/embed-form";
import { type EmbedQuery, embedPage, embedPostOutcome } from "~/embed/embed-page.server";
import { isPublicLanguage, textDirection } from "~/i18n/languages";
import { useT } from "~/i18n/use-t";
import { submissionLimits } from "~/letters/letter-submission.server";
import type { PageHandle } from "~/root";
import positionStyles from "~/styles/positions.css";

/**
 * The letter form and the first ask's tally, framed on partners' sites. No
 * client bundle (a plain HTML form, see app/root.tsx): light, and no script
 * of ours runs in the partner's page but the optional resize one.
 */
export const handle: PageHandle = {
  hydrate: false,
  documentLanguage: (data: unknown) => {
    const language = (data as { language?: unknown } | undefined)?.language;
    return isPublicLanguage(language) ? language : undefined;
  },
};

export const links: LinksFunction = () => [{ rel: "stylesheet", href: positionStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? data.campaign.title : "Démarche" },
];

function query(request: Request): EmbedQuery {
  const search = new URL(request.url).searchParams;
  return {
    lang: search.get("lang"),
    ask: search.get("ask"),
    source: search.get("source"),
    sent: search.get("sent"),
  };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const page = await embedPage(context.db, {
    request,
    slug: params.campaign,
    query: query(request),
  });
  if (!page) throw new Response("There is no campaign at this address.", { status: 404 });
  return page;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const outcome = await embedPostOutcome(context.db, {
    request,
    slug: params.campaign,
    query: query(request),
    clientIp: context.clientIp,
    limits: submissionLimits(context.config),
  });
  if (outcome.step === "sent") return redirect(outcome.location);
  return data(outcome, { status: outcome.httpStatus });
}

export default function Embed() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nonce = useNonce();
  const { t } = useT();
  return (
    <main id="main" className="embed" dir={textDirection(page.language)}>
      <UntranslatedNote languageName={page.untranslated} />
      <h1 className="embed__title" {...untranslatedAttributes(page.campaign.titleLang)}>
        {page.campaign.title}
      </h1>
      {page.sent ? (
        <>
          <p className="notice" role="status">
            {page.sent === "awaiting_confirmation" ? t("embed.sentConfirm") : t("embed.sent")}
          </p>
          <p>
            <a href={page.selfPath}>{t("embed.writeAnother")}</a>
          </p>
        </>
      ) : page.campaign.status === "paused" ? (
        <p className="notice" role="status">
          {t("campaign.paused")}
        </p>
      ) : page.campaign.status === "closed" ? (
        <p className="notice" role="status">
          {t("embed.closed")}
        </p>
      ) : page.form && result?.step === "preview" ? (
        <LetterPreviewForm
          preview={result.preview}
          values={result.values}
          bodyError={result.bodyError}
          confirmBeforeSend={page.form.confirmBeforeSend}
          heading="h2"
          action={page.selfPath}
          rows={14}
        />
      ) : page.form ? (
        <>
          <h2>{t("campaign.writeCall")}</h2>
          <SupporterLetterForm
            action={page.selfPath}
            asks={page.form.asks}
            countries={page.form.countries}
            values={{ ...page.form.defaults, ...(result?.values ?? {}) }}
            languages={page.form.languages}
            errors={result?.step === "form" ? result.errors : {}}
            hiddenFields={{ [embedTokenField]: result?.values[embedTokenField] ?? page.form.token }}
            newsConsent={page.form.newsConsent}
          />
        </>
      ) : null}
      {page.tally ? (
        <section className="embed__tally" aria-label={t("embed.tallyHeading")}>
          <TallySummary
            title={page.tally.title}
            titleLang={page.tally.titleLang}
            figures={page.tally.figures}
          />
        </section>
      ) : null}
      <p className="embed__more">
        <a href={page.campaignPath} target="_blank" rel="noopener">
          {t("embed.openFull")}
        </a>
      </p>
      {/* Tells the partner's page (public/embed.js) the height to give the frame. */}
      <script
        nonce={nonce}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: our own constant script, with the CSP nonce
        dangerouslySetInnerHTML={{ __html: resizeScript }}
      />
    </main>
  );
}
