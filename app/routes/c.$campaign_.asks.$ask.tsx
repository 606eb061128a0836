import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getStaffUser } from "~/auth/session.server";
import { untranslatedLanguageName } from "~/campaigns/campaign-translation";
import { PublicAskStances } from "~/components/public-ask-stances";
import { SiteHeader } from "~/components/site-header";
import { TallySummary } from "~/components/tally-summary";
import { UntranslatedNote, untranslatedAttributes } from "~/components/untranslated";
import { WriteCall } from "~/components/write-call";
import { mapNamedIn, stancesNamedIn } from "~/i18n/country-names.server";
import { pageLanguage } from "~/i18n/language.server";
import { metaT, useT } from "~/i18n/use-t";
import { publicCampaignAsks, publicSlug } from "~/positions/public-asks.server";
import { stanceMapData } from "~/positions/world-map-asset.server";
import positionStyles from "~/styles/positions.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: positionStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data
      ? `${data.ask.title} · ${data.campaign.title} · Démarche`
      : `${metaT(matches).t("ask.notFound")} · Démarche`,
  },
];

const notFound = () => new Response("error.noAsk", { status: 404 });

/** One ask's public map and table, at a stable URL the campaign page links to. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const campaignSlug = publicSlug.safeParse(params.campaign);
  const askSlug = publicSlug.safeParse(params.ask);
  if (!campaignSlug.success || !askSlug.success) throw notFound();
  const { db } = context;
  const language = await pageLanguage(context.db, request);
  // A draft's asks are staff's to preview, as its campaign page is.
  const found = await publicCampaignAsks(db, campaignSlug.data, {
    onlyAsk: askSlug.data,
    canPreview: async () => (await getStaffUser(db, request)) !== null,
    language,
  });
  const ask = found?.asks[0];
  if (!found || !ask) throw notFound();
  return {
    untranslated: untranslatedLanguageName(language, [
      found.campaign.titleLang,
      ask.titleLang,
      ask.descriptionLang,
    ]),
    campaign: found.campaign,
    ask: stancesNamedIn(ask, language),
    map: mapNamedIn(stanceMapData(), language),
  };
}

export default function PublicAskPage() {
  const { campaign, ask, map, untranslated } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page">
        <UntranslatedNote languageName={untranslated} />
        <p>
          <a href={`/c/${campaign.slug}`} {...untranslatedAttributes(campaign.titleLang)}>
            {campaign.title}
          </a>
        </p>
        <h1 {...untranslatedAttributes(ask.titleLang)}>{ask.title}</h1>
        <WriteCall campaign={campaign} />
        <article id={ask.slug} className="public-ask">
          <TallySummary
            title={t("ask.whereItStands")}
            headingLevel={2}
            description={ask.description}
            descriptionLang={ask.descriptionLang}
            figures={ask.figures}
          />
          <PublicAskStances ask={ask} map={map} />
        </article>
      </main>
    </>
  );
}
