import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getStaffUser } from "~/auth/session.server";
import { untranslatedLanguageName } from "~/campaigns/campaign-translation";
import { PublicAskStances, publicAskPath } from "~/components/public-ask-stances";
import { PublicText } from "~/components/public-text";
import { SiteHeader } from "~/components/site-header";
import { TallySummary } from "~/components/tally-summary";
import { UntranslatedNote, untranslatedAttributes } from "~/components/untranslated";
import { WriteCall } from "~/components/write-call";
import { mapNamedIn, stancesNamedIn } from "~/i18n/country-names.server";
import { pageLanguage } from "~/i18n/language.server";
import { metaT, useT } from "~/i18n/use-t";
import { askSummary, publicCampaignAsks, publicSlug } from "~/positions/public-asks.server";
import { stanceMapData } from "~/positions/world-map-asset.server";
import positionStyles from "~/styles/positions.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: positionStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: `${data ? data.campaign.title : metaT(matches).t("campaign.notFound")} · Démarche` },
];

// The body is a catalogue key: the error page says it in the visitor's language.
const notFound = () => new Response("error.noCampaign", { status: 404 });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const slug = publicSlug.safeParse(params.campaign);
  if (!slug.success) throw notFound();
  const { db } = context;
  // A draft is staff's to preview; to everyone else it does not exist.
  const canPreview = async () => (await getStaffUser(db, request)) !== null;
  const language = await pageLanguage(db, request);
  const found = await publicCampaignAsks(db, slug.data, { canPreview, language });
  if (!found) throw notFound();
  const [first, ...rest] = found.asks;
  const { titleLang, summaryLang, publicTextLang } = found.campaign;
  // One map and table on this page keeps it light on slow links; each ask has its own page.
  return {
    campaign: found.campaign,
    preview: found.campaign.status === "draft",
    map: mapNamedIn(stanceMapData(), language),
    first: first ? stancesNamedIn(first, language) : null,
    rest: rest.map(askSummary),
    untranslated: untranslatedLanguageName(language, [
      titleLang,
      summaryLang,
      publicTextLang,
      ...found.asks.flatMap((ask) => [ask.titleLang, ask.descriptionLang]),
    ]),
  };
}

export default function CampaignPage() {
  const { campaign, preview, map, first, rest, untranslated } = useLoaderData<typeof loader>();
  const { t, rich } = useT();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page">
        {preview ? (
          <p className="notice preview-banner" role="status">
            {rich("campaign.preview", { strong: (chunks) => <strong>{chunks}</strong> })}
          </p>
        ) : null}
        <UntranslatedNote languageName={untranslated} />
        <h1 {...untranslatedAttributes(campaign.titleLang)}>{campaign.title}</h1>
        <p {...untranslatedAttributes(campaign.summaryLang)}>{campaign.summary}</p>
        <div {...untranslatedAttributes(campaign.publicTextLang)}>
          <PublicText paragraphs={campaign.publicText} />
        </div>
        {campaign.status === "paused" ? (
          <p className="notice" role="status">
            {t("campaign.paused")}
          </p>
        ) : null}
        {campaign.status === "closed" ? (
          <p className="notice" role="status">
            {t("campaign.closed", { count: campaign.lettersSent ?? 0 })}
          </p>
        ) : null}
        <WriteCall campaign={campaign} />
        <h2>{t("campaign.whatWeAsk")}</h2>
        {first ? (
          <article id={first.slug} className="public-ask">
            <TallySummary
              title={first.title}
              titleLang={first.titleLang}
              description={first.description}
              descriptionLang={first.descriptionLang}
              figures={first.figures}
            >
              <AskPageLink campaignSlug={campaign.slug} ask={first} />
            </TallySummary>
            <PublicAskStances ask={first} map={map} />
          </article>
        ) : null}
        {rest.map((ask) => (
          <article key={ask.slug} id={ask.slug} className="public-ask">
            <TallySummary
              title={ask.title}
              titleLang={ask.titleLang}
              description={ask.description}
              descriptionLang={ask.descriptionLang}
              figures={ask.figures}
            >
              <AskPageLink campaignSlug={campaign.slug} ask={ask} />
            </TallySummary>
          </article>
        ))}
      </main>
    </>
  );
}

function AskPageLink({
  campaignSlug,
  ask,
}: {
  campaignSlug: string;
  ask: { slug: string; title: string };
}) {
  const { rich } = useT();
  return (
    <p>
      <a href={publicAskPath(campaignSlug, ask.slug)}>
        {rich("campaign.askLink", {
          title: ask.title,
          hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
        })}
      </a>
    </p>
  );
}
