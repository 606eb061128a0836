import { openAsks } from "~/campaigns/asks.server";
import { campaignInLanguage, untranslatedLanguageName } from "~/campaigns/campaign-translation";
import { cachedCampaignWithAsks } from "~/campaigns/campaigns.server";
import { sortedNamedIn } from "~/i18n/country-names.server";
import { pageLanguage } from "~/i18n/language.server";
import { defaultPublicLanguage, type PublicLanguage } from "~/i18n/languages";
import { boundedFormValues, countryFromAcceptLanguage } from "~/letters/letter-form";
import {
  expiredFormMessage,
  rateLimitMessages,
  runLetterForm,
} from "~/letters/letter-submission.server";
import type { LetterStatus, SubmissionLimits } from "~/letters/letters.server";
import {
  campaignLetterLanguages,
  countryChoices,
  openCampaign,
} from "~/letters/public-letter.server";
import type { DbOrTx } from "~/lib/db.server";
import { publicCampaignAsks, publicSlug } from "~/positions/public-asks.server";
import { embedSettings } from "./embed.server";
import { checkEmbedToken, embedToken, framingOrigin, isOwnFramePost } from "./embed-csrf.server";
import { embedTokenField, newsConsentField } from "./embed-form";
import { sourceCodePattern } from "./embed-settings";

/** The embed's query string, as typed by the partner (validated here). */
export interface EmbedQuery {
  lang: string | null;
  ask: string | null;
  source: string | null;
  sent: string | null;
}

const sentStatuses: readonly LetterStatus[] = [
  "awaiting_confirmation",
  "queued",
  "awaiting_contact",
];

/** The embed's own address with the partner's valid options, for the form and the "again" link. */
function selfPath(slug: string, options: { lang: PublicLanguage; ask?: string; source?: string }) {
  const search = new URLSearchParams();
  if (options.lang !== defaultPublicLanguage) search.set("lang", options.lang);
  if (options.ask) search.set("ask", options.ask);
  if (options.source) search.set("source", options.source);
  const text = search.toString();
  return `/embed/${slug}${text ? `?${text}` : ""}`;
}

/** A campaign that is not a draft, with its embed settings and the source the query names. */
async function embeddable(
  db: DbOrTx,
  request: Request,
  slug: string | undefined,
  query: EmbedQuery,
) {
  const parsed = publicSlug.safeParse(slug);
  if (!parsed.success) return null;
  const cached = await cachedCampaignWithAsks(db, parsed.data);
  // A draft is not public, framed or not: staff preview it on its own page.
  if (!cached || cached.status === "draft") return null;
  // As the root chooses it (?lang, then the browser's languages): one language per page.
  const language = await pageLanguage(db, request);
  const campaign = campaignInLanguage(cached, language);
  const settings = await embedSettings(db, campaign.id);
  const code = query.source && sourceCodePattern.test(query.source) ? query.source : null;
  const source = settings.sources.find((s) => s.code === code) ?? null;
  const asks = openAsks(campaign.asks);
  const ask = asks.find((a) => a.slug === query.ask) ?? asks[0] ?? null;
  const path = selfPath(campaign.slug, {
    lang: language,
    ask: ask && ask.slug === query.ask ? ask.slug : undefined,
    source: source?.code,
  });
  return { campaign, settings, source, ask, asks, language, path };
}

/** What the embed page shows: null for an unknown or draft campaign (a 404). */
export async function embedPage(
  db: DbOrTx,
  options: { request: Request; slug: string | undefined; query: EmbedQuery },
) {
  const found = await embeddable(db, options.request, options.slug, options.query);
  if (!found) return null;
  const { campaign, ask, language, path } = found;
  const sent = sentStatuses.find((s) => s === options.query.sent) ?? null;
  const tally = ask
    ? (await publicCampaignAsks(db, campaign.slug, { onlyAsk: ask.slug, language }))?.asks[0]
    : undefined;
  const takesLetters = campaign.status === "open" && !sent;
  return {
    language,
    sent,
    selfPath: path,
    campaignPath: `/c/${campaign.slug}`,
    campaign: {
      slug: campaign.slug,
      title: campaign.title,
      titleLang: campaign.titleLang,
      status: campaign.status,
    },
    tally: tally
      ? { title: tally.title, titleLang: tally.titleLang, figures: tally.figures }
      : null,
    untranslated: untranslatedLanguageName(language, [
      campaign.titleLang,
      tally?.titleLang ?? null,
    ]),
    form: takesLetters ? await letterForm(db, options.request, found) : null,
  };
}

async function letterForm(
  db: DbOrTx,
  request: Request,
  found: NonNullable<Awaited<ReturnType<typeof embeddable>>>,
) {
  const { campaign, settings, source, ask, asks, language } = found;
  const countries = await countryChoices(db);
  const iso2 = countryFromAcceptLanguage(request.headers.get("Accept-Language"));
  return {
    token: embedToken({
      campaign: campaign.slug,
      origin: framingOrigin(request, settings.origins),
      source: source?.code ?? null,
    }),
    confirmBeforeSend: campaign.confirmBeforeSend,
    languages: campaignLetterLanguages(campaign),
    asks: asks.map(({ slug, title, titleLang }) => ({ slug, title, titleLang })),
    countries: sortedNamedIn(
      countries.map(({ iso3, name }) => ({ iso3, name })),
      language,
    ),
    defaults: {
      ask: ask?.slug ?? "",
      country: countries.find((c) => c.iso2 === iso2)?.iso3 ?? "",
      // The office's own language unless the supporter chooses another (chooseLetterLanguage).
      language: "",
    },
    newsConsent: source?.consentText ? { name: newsConsentField, label: source.consentText } : null,
  };
}

/**
 * The embed's POST: refused unless it is the frame's own same-origin request
 * carrying a valid token; then the supporter's form as on the write page,
 * with the letter's source stored in the same transaction.
 */
export async function embedPostOutcome(
  db: DbOrTx,
  options: {
    request: Request;
    slug: string | undefined;
    query: EmbedQuery;
    clientIp: string;
    limits: SubmissionLimits;
  },
) {
  const { request } = options;
  const campaign = await openCampaign(db, options.slug ?? "");
  const found = campaign
    ? await embeddable(db, options.request, campaign.slug, options.query)
    : null;
  if (!campaign || !found) {
    throw new Response("This campaign is not taking letters.", { status: 404 });
  }
  if (!isOwnFramePost(request)) {
    throw new Response("Forms can only be sent from this site's own pages.", { status: 403 });
  }
  const form = await request.formData();
  const token = checkEmbedToken(form.get(embedTokenField), campaign.slug);
  if (!token.ok) {
    // The page comes back with a fresh token and what was typed: one more click.
    return {
      step: "form" as const,
      httpStatus: 403,
      errors: { form: expiredFormMessage } as Record<string, string>,
      values: boundedFormValues(form.entries()).values,
    };
  }
  const { claims } = token;
  const source = found.settings.sources.find((s) => s.code === claims.source) ?? null;
  const origin =
    claims.origin && found.settings.origins.includes(claims.origin) ? claims.origin : null;
  const newsConsent = Boolean(source?.consentText) && form.get(newsConsentField) === "on";
  const outcome = await runLetterForm(db, {
    campaign,
    form,
    clientIp: options.clientIp,
    limits: options.limits,
    supporterLanguage: found.language,
    source: source || origin ? { code: source?.code ?? null, origin, newsConsent } : undefined,
  });
  // The next step posts the same token (its claims name the framing page, which
  // this POST's Referer no longer does) and the consent as ticked.
  const carried = {
    [embedTokenField]: String(form.get(embedTokenField)),
    ...(newsConsent ? { [newsConsentField]: "on" } : {}),
  };
  switch (outcome.step) {
    case "rate_limited":
      return {
        step: "form" as const,
        httpStatus: 429,
        errors: { form: rateLimitMessages[outcome.limit] } as Record<string, string>,
        values: { ...outcome.values, ...carried },
      };
    case "sent": {
      const separator = found.path.includes("?") ? "&" : "?";
      return {
        step: "sent" as const,
        location: `${found.path}${separator}sent=${outcome.status}`,
      };
    }
    default:
      return { ...outcome, values: { ...outcome.values, ...carried } as Record<string, string> };
  }
}
