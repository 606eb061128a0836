import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { openAsks } from "~/campaigns/asks.server";
import { campaignInLanguage } from "~/campaigns/campaign-translation";
import { LetterPreviewForm } from "~/components/letter-preview-form";
import { SiteHeader } from "~/components/site-header";
import { SupporterLetterForm } from "~/components/supporter-letter-form";
import { untranslatedAttributes } from "~/components/untranslated";
import { sortedNamedIn } from "~/i18n/country-names.server";
import { pageLanguage } from "~/i18n/language.server";
import { metaT, useT } from "~/i18n/use-t";
import { countryFromAcceptLanguage } from "~/letters/letter-form";
import {
  rateLimitMessages,
  runLetterForm,
  submissionLimits,
} from "~/letters/letter-submission.server";
import {
  campaignLetterLanguages,
  countryChoices,
  openCampaign,
} from "~/letters/public-letter.server";
import type { Database } from "~/lib/db.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data
      ? metaT(matches).t("write.metaTitle", { campaign: data.campaign.title })
      : "Démarche",
  },
];

async function campaignOr404(db: Database, slug: string | undefined) {
  const campaign = await openCampaign(db, slug ?? "");
  if (!campaign) throw new Response("error.notTakingLetters", { status: 404 });
  return campaign;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const language = await pageLanguage(context.db, request);
  const campaign = campaignInLanguage(await campaignOr404(context.db, params.campaign), language);
  const countries = await countryChoices(context.db);
  const languages = request.headers.get("Accept-Language");
  const iso2 = countryFromAcceptLanguage(languages);
  return {
    campaign: {
      slug: campaign.slug,
      title: campaign.title,
      titleLang: campaign.titleLang,
      confirmBeforeSend: campaign.confirmBeforeSend,
      languages: campaignLetterLanguages(campaign),
      asks: openAsks(campaign.asks).map(({ slug, title, titleLang }) => ({
        slug,
        title,
        titleLang,
      })),
    },
    countries: sortedNamedIn(
      countries.map(({ iso3, name }) => ({ iso3, name })),
      language,
    ),
    defaults: {
      country: countries.find((c) => c.iso2 === iso2)?.iso3 ?? "",
      // The office's own language unless the supporter chooses another (chooseLetterLanguage).
      language: "",
      ask: openAsks(campaign.asks)[0]?.slug ?? "",
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const campaign = await campaignOr404(context.db, params.campaign);
  const form = await request.formData();
  await assertCsrf(request, form);
  const outcome = await runLetterForm(context.db, {
    campaign,
    form,
    clientIp: context.clientIp,
    limits: submissionLimits(context.config),
    supporterLanguage: await pageLanguage(context.db, request),
  });
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
          errors: { form: rateLimitMessages[outcome.limit] } as Record<string, string>,
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
  const { t } = useT();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow-wide">
        <p>
          <a href={`/c/${campaign.slug}`} {...untranslatedAttributes(campaign.titleLang)}>
            {campaign.title}
          </a>
        </p>
        {result?.step === "preview" ? (
          <LetterPreviewForm
            preview={result.preview}
            values={values}
            bodyError={"bodyError" in result ? result.bodyError : undefined}
            confirmBeforeSend={campaign.confirmBeforeSend}
            heading="h1"
            rows={22}
          />
        ) : (
          <>
            <h1>{t("write.title")}</h1>
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
