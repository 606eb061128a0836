import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SiteHeader } from "~/components/site-header";
import { confirmationHours } from "~/letters/letters.server";
import { openCampaign } from "~/letters/public-letter.server";
import { database } from "~/lib/db.server";

export const meta = () => [{ title: "Your letter · Démarche" }];

const querySchema = z.object({
  status: z
    .enum(["awaiting_confirmation", "queued", "awaiting_contact"])
    .catch("awaiting_confirmation"),
  country: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .catch(""),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const campaign = await openCampaign(database(), params.campaign ?? "");
  if (!campaign) throw new Response("This campaign is not taking letters.", { status: 404 });
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  // The hours come with the data: letters.server is emptied in the browser bundle.
  return { campaign: { slug: campaign.slug, title: campaign.title }, confirmationHours, ...query };
}

const messages = (confirmationHours: number) => ({
  awaiting_confirmation: {
    title: "Check your inbox",
    body: `We have sent you an e-mail with a link. Your letter goes out once you click it (the link works for ${confirmationHours} hours). If you already wrote to this government on this ask, we do not send a second letter: look for our first e-mail.`,
  },
  queued: {
    title: "Your letter is on its way",
    body: "It is queued and will be delivered shortly.",
  },
  awaiting_contact: {
    title: "Your letter is kept safe",
    body: "We do not have a verified address for this office yet; your letter will be sent as soon as we do.",
  },
});

export default function LetterSent() {
  const { campaign, status, country, confirmationHours } = useLoaderData<typeof loader>();
  const message = messages(confirmationHours)[status];
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>{message.title}</h1>
        <p>{message.body}</p>
        {status !== "awaiting_confirmation" && country ? (
          <p>
            <Link to={`/c/${campaign.slug}/thanks?country=${country}`}>
              See how many people from your country wrote
            </Link>
          </p>
        ) : null}
        <p>
          <Link to={`/c/${campaign.slug}`}>Back to {campaign.title}</Link>
        </p>
      </main>
    </>
  );
}
