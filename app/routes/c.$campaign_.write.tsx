import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { openAsks } from "~/campaigns/asks.server";
import { CsrfInput } from "~/components/csrf-input";
import { SiteHeader } from "~/components/site-header";
import { SupporterLetterForm } from "~/components/supporter-letter-form";
import {
  countryFromAcceptLanguage,
  languageFromAcceptLanguage,
  supporterLimits,
} from "~/letters/letter-form";
import { runLetterForm } from "~/letters/letter-submission.server";
import { countryChoices, openCampaign } from "~/letters/public-letter.server";
import { database } from "~/lib/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Write your letter · ${data.campaign.title}` : "Démarche" },
];

async function campaignOr404(slug: string | undefined) {
  const campaign = await openCampaign(database(), slug ?? "");
  if (!campaign) throw new Response("This campaign is not taking letters.", { status: 404 });
  return campaign;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const campaign = await campaignOr404(params.campaign);
  const countries = await countryChoices(database());
  const languages = request.headers.get("Accept-Language");
  const iso2 = countryFromAcceptLanguage(languages);
  return {
    campaign: {
      slug: campaign.slug,
      title: campaign.title,
      confirmBeforeSend: campaign.confirmBeforeSend,
      languages: campaign.languages,
      asks: openAsks(campaign.asks).map(({ slug, title }) => ({ slug, title })),
    },
    countries: countries.map(({ iso3, name }) => ({ iso3, name })),
    defaults: {
      country: countries.find((c) => c.iso2 === iso2)?.iso3 ?? "",
      language: offeredLanguage(campaign.languages, languageFromAcceptLanguage(languages)),
      ask: openAsks(campaign.asks)[0]?.slug ?? "",
    },
  };
}

/** The browser's language when the campaign offers it, else the campaign's first. */
function offeredLanguage(offered: readonly string[], preferred: string): string {
  return offered.includes(preferred) ? preferred : (offered[0] ?? preferred);
}

const limitMessages = {
  sender: "Too many letters from here in the last hour. Please try again later.",
  budget: "We are receiving too many letters right now. Please try again in an hour.",
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const campaign = await campaignOr404(params.campaign);
  const form = await request.formData();
  await assertCsrf(request, form);
  const outcome = await runLetterForm(database(), { campaign, form, clientIp: context.clientIp });
  switch (outcome.step) {
    case "form":
      return data(
        { step: "form" as const, errors: outcome.errors, values: outcome.values },
        { status: outcome.httpStatus },
      );
    case "preview": {
      const { step, preview, values, bodyError } = outcome;
      return data(bodyError ? { step, preview, values, bodyError } : { step, preview, values }, {
        status: outcome.httpStatus,
      });
    }
    case "rate_limited":
      return data(
        {
          step: "form" as const,
          errors: { form: limitMessages[outcome.limit] } as Record<string, string>,
          values: outcome.values,
        },
        { status: 429 },
      );
    case "sent":
      return redirect(
        `/c/${campaign.slug}/sent?status=${outcome.status}&country=${outcome.country}`,
      );
  }
}

export default function WriteLetter() {
  const { campaign, countries, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? {};
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow-wide">
        <p>
          <a href={`/c/${campaign.slug}`}>{campaign.title}</a>
        </p>
        {result?.step === "preview" ? (
          <>
            <h1>Check your letter</h1>
            <p>
              This is the letter that will go to <strong>{result.preview.targetName}</strong>. You
              may change the wording (up to {supporterLimits.body} characters; links and HTML are
              not allowed).
            </p>
            {result.preview.awaitingContact ? (
              <p className="notice">
                We do not have a verified address for this office yet. Your letter will be kept and
                sent as soon as we do.
              </p>
            ) : null}
            <Form method="post" noValidate>
              <CsrfInput />
              {Object.entries(values)
                .filter(([key]) => key !== "body")
                .map(([key, value]) => (
                  <input key={key} type="hidden" name={key} value={value} />
                ))}
              <p>
                <strong>Subject:</strong> {result.preview.subject}
              </p>
              <label htmlFor="body">Your letter</label>
              <textarea
                id="body"
                name="body"
                rows={22}
                maxLength={supporterLimits.body}
                defaultValue={result.preview.body}
                aria-invalid={"bodyError" in result ? true : undefined}
                aria-describedby={"bodyError" in result ? "body-error" : undefined}
              />
              {"bodyError" in result ? (
                <p id="body-error" className="field-error">
                  {result.bodyError}
                </p>
              ) : null}
              <p className="actions">
                <button type="submit" name="intent" value="send">
                  {campaign.confirmBeforeSend
                    ? "Send (we will ask you to confirm by e-mail)"
                    : "Send my letter"}
                </button>{" "}
                <button type="submit" name="intent" value="edit" className="secondary">
                  Change my details
                </button>
              </p>
            </Form>
          </>
        ) : (
          <>
            <h1>Write to your government</h1>
            <SupporterLetterForm
              asks={campaign.asks}
              countries={countries}
              values={{ ...defaults, ...values }}
              languages={campaign.languages}
              errors={result?.step === "form" ? result.errors : {}}
            />
          </>
        )}
      </main>
    </>
  );
}
