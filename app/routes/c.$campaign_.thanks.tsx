import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { campaignInLanguage } from "~/campaigns/campaign-translation";
import { SiteHeader } from "~/components/site-header";
import { countryName } from "~/i18n/country-names.server";
import { pageLanguage } from "~/i18n/language.server";
import { metaT, useT } from "~/i18n/use-t";
import { thanksPageQuery } from "~/letters/after-writing-query.server";
import { lettersFromCountry } from "~/letters/letters.server";
import { openCampaign } from "~/letters/public-letter.server";
import { getStateByIso3 } from "~/states/states.server";

export const meta: MetaFunction = ({ matches }) => [
  { title: `${metaT(matches).t("thanks.title")} · Démarche` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const campaign = await openCampaign(db, params.campaign ?? "");
  if (!campaign) throw new Response("error.noCampaign", { status: 404 });
  const { country, again } = thanksPageQuery(request.url);
  const state = country ? await getStateByIso3(db, country) : null;
  const language = await pageLanguage(context.db, request);
  const appUrl = context.config.APP_URL ?? new URL(request.url).origin;
  return {
    // Shared with others in a sentence: the page language's title where staff wrote one.
    campaign: { slug: campaign.slug, title: campaignInLanguage(campaign, language).title },
    countryName: state ? countryName(state.iso3, state.name, language) : null,
    count: state ? await lettersFromCountry(db, campaign.id, state.iso3) : null,
    again: Boolean(again),
    shareUrl: `${appUrl}/c/${campaign.slug}`,
  };
}

/** Plain share links: no third-party scripts, widgets or trackers. */
function shareLinks(url: string, text: string, emailName: string) {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(text);
  return [
    { name: emailName, href: `mailto:?subject=${t}&body=${u}` },
    { name: "Mastodon", href: `https://mastodon.social/share?text=${t}%20${u}` },
    { name: "Bluesky", href: `https://bsky.app/intent/compose?text=${t}%20${u}` },
    { name: "WhatsApp", href: `https://wa.me/?text=${t}%20${u}` },
    { name: "Telegram", href: `https://t.me/share/url?url=${u}&text=${t}` },
  ];
}

export default function Thanks() {
  const { campaign, countryName, count, again, shareUrl } = useLoaderData<typeof loader>();
  const { t, rich } = useT();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>{t("thanks.title")}</h1>
        <p>{again ? t("thanks.again") : t("thanks.confirmed")}</p>
        {countryName && count !== null ? (
          <p className="big-figure">{t("thanks.count", { count, country: countryName })}</p>
        ) : null}
        <h2>{t("thanks.share")}</h2>
        <ul className="share-links">
          {shareLinks(shareUrl, campaign.title, t("thanks.email")).map((link) => (
            <li key={link.name}>
              <a href={link.href} rel="noopener noreferrer">
                {link.name}
              </a>
            </li>
          ))}
        </ul>
        <p>{rich("thanks.copy", { url: shareUrl, code: (chunks) => <code>{chunks}</code> })}</p>
        <p>
          <Link to={`/c/${campaign.slug}`}>{t("thanks.back")}</Link>
        </p>
      </main>
    </>
  );
}
