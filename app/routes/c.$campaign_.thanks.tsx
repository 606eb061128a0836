import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SiteHeader } from "~/components/site-header";
import { lettersFromCountry } from "~/letters/letters.server";
import { openCampaign } from "~/letters/public-letter.server";
import { database } from "~/lib/db.server";
import { getStateByIso3 } from "~/states/states.server";

export const meta = () => [{ title: "Thank you · Démarche" }];

const querySchema = z.object({
  country: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .catch(""),
  again: z.literal("1").optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = database();
  const campaign = await openCampaign(db, params.campaign ?? "");
  if (!campaign) throw new Response("There is no campaign at this address.", { status: 404 });
  const { country, again } = querySchema.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  const state = country ? await getStateByIso3(db, country) : null;
  const appUrl = process.env.APP_URL ?? new URL(request.url).origin;
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    countryName: state?.name ?? null,
    count: state ? await lettersFromCountry(db, campaign.id, state.iso3) : null,
    again: Boolean(again),
    shareUrl: `${appUrl}/c/${campaign.slug}`,
  };
}

/** Plain share links: no third-party scripts, widgets or trackers. */
function shareLinks(url: string, text: string) {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(text);
  return [
    { name: "E-mail", href: `mailto:?subject=${t}&body=${u}` },
    { name: "Mastodon", href: `https://mastodon.social/share?text=${t}%20${u}` },
    { name: "Bluesky", href: `https://bsky.app/intent/compose?text=${t}%20${u}` },
    { name: "WhatsApp", href: `https://wa.me/?text=${t}%20${u}` },
    { name: "Telegram", href: `https://t.me/share/url?url=${u}&text=${t}` },
  ];
}

export default function Thanks() {
  const { campaign, countryName, count, again, shareUrl } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>Thank you</h1>
        <p>
          {again
            ? "Your letter was already confirmed: nothing more to do."
            : "Your letter is confirmed."}
        </p>
        {countryName && count !== null ? (
          <p className="big-figure">
            {count === 1
              ? `You are the first person from ${countryName} to write.`
              : `${count} people from ${countryName} have written so far.`}
          </p>
        ) : null}
        <h2>Ask others to write too</h2>
        <ul className="share-links">
          {shareLinks(shareUrl, campaign.title).map((link) => (
            <li key={link.name}>
              <a href={link.href} rel="noopener noreferrer">
                {link.name}
              </a>
            </li>
          ))}
        </ul>
        <p>
          Or copy this address: <code>{shareUrl}</code>
        </p>
        <p>
          <Link to={`/c/${campaign.slug}`}>Back to the campaign</Link>
        </p>
      </main>
    </>
  );
}
