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
import { campaignInLanguage } from "~/campaigns/campaign-translation";
import { CsrfInput } from "~/components/csrf-input";
import { LetterLanguageNote, letterTextAttributes } from "~/components/letter-language-note";
import { SiteHeader } from "~/components/site-header";
import { SupporterLetterForm } from "~/components/supporter-letter-form";
import { untranslatedAttributes } from "~/components/untranslated";
import { sortedNamedIn } from "~/i18n/country-names.server";
import { formErrorMessage } from "~/i18n/form-errors";
import { pageLanguage } from "~/i18n/language.server";
import { metaT, useT } from "~/i18n/use-t";
import { countryFromAcceptLanguage, supporterLimits } from "~/letters/letter-form";
import { rateLimitMessages, runLetterForm } from "~/letters/letter-submission.server";
import {
  campaignLetterLanguages,
  countryChoices,
  openCampaign,
} from "~/letters/public-letter.server";
import { database } from "~/lib/db.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data
      ? metaT(matches).t("write.metaTitle", { campaign: data.campaign.title })
      : "Démarche",
  },
];

async function campaignOr404(slug: string | undefined) {
  const campaign = await openCampaign(database(), slug ?? "");
  if (!campaign) throw new Response("error.notTakingLetters", { status: 404 });
  return campaign;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = pageLanguage(request);
  const campaign = campaignInLanguage(await campaignOr404(params.campaign), language);
  const countries = await countryChoices(database());
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
  const campaign = await campaignOr404(params.campaign);
  const form = await request.formData();
  await assertCsrf(request, form);
  const outcome = await runLetterForm(database(), {
    campaign,
    form,
    clientIp: context.clientIp,
    supporterLanguage: pageLanguage(request),
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
  const { t, rich } = useT();
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
          <>
            <h1>{t("preview.title")}</h1>
            <p>
              {rich("preview.intro", {
                target: result.preview.targetName,
                max: supporterLimits.body,
                strong: (chunks) => <strong>{chunks}</strong>,
              })}
            </p>
            {result.preview.awaitingContact ? (
              <p className="notice">{t("preview.awaitingContact")}</p>
            ) : null}
            {result.preview.otherLanguage ? (
              <LetterLanguageNote
                languageName={result.preview.otherLanguage}
                personalParagraph={values.personalParagraph ?? ""}
              />
            ) : null}
            <Form method="post" noValidate>
              <CsrfInput />
              {Object.entries(values)
                .filter(([key]) => key !== "body")
                .map(([key, value]) => (
                  <input key={key} type="hidden" name={key} value={value} />
                ))}
              <p>
                <strong>{t("preview.subject")}</strong>{" "}
                <span {...letterTextAttributes(result.preview.language)}>
                  {result.preview.subject}
                </span>
              </p>
              <label htmlFor="body">{t("preview.body")}</label>
              <textarea
                id="body"
                name="body"
                rows={22}
                maxLength={supporterLimits.body}
                defaultValue={result.preview.body}
                {...letterTextAttributes(result.preview.language)}
                aria-invalid={"bodyError" in result ? true : undefined}
                aria-describedby={"bodyError" in result ? "body-error" : undefined}
              />
              {"bodyError" in result && result.bodyError ? (
                <p id="body-error" className="field-error">
                  {translatedError(result.bodyError, t)}
                </p>
              ) : null}
              <p className="actions">
                <button type="submit" name="intent" value="send">
                  {campaign.confirmBeforeSend ? t("preview.sendConfirm") : t("preview.send")}
                </button>{" "}
                <button type="submit" name="intent" value="edit" className="secondary">
                  {t("preview.edit")}
                </button>
              </p>
            </Form>
          </>
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

function translatedError(message: string, t: ReturnType<typeof useT>["t"]): string {
  const { key, values } = formErrorMessage(message);
  return t(key, values);
}
