import { data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  LiveReload,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { csrfToken } from "~/auth/csrf.server";
import { useNonce } from "~/components/nonce";
import { campaignLanguageOf, pageLanguageOf } from "~/i18n/language.server";
import { textDirection } from "~/i18n/languages";
import {
  isMessageKey,
  PageLanguageProvider,
  type RootLanguage,
  translator,
  useT,
} from "~/i18n/use-t";
import stylesheet from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** What a route may tell the document around it (its `handle` export). */
export interface PageHandle {
  /**
   * false: the page is plain HTML, without the Remix client bundle. The embed
   * is framed on partners' sites: it stays light and its form works as a plain
   * form (docs/embedding.md).
   */
  hydrate?: false;
  /** The page's language (`<html lang dir>`), from its loader data. */
  documentLanguage?: (data: unknown) => string | undefined;
}

/** Framed on other sites, the embed neither sets nor reads our cookies (app/embed). */
const cookielessPaths = /^\/embed\//;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { setCookie: languageCookie, ...language } = pageLanguageOf(
    request,
    await campaignLanguageOf(context.db, request),
  );
  if (cookielessPaths.test(new URL(request.url).pathname)) return data({ csrf: "", ...language });
  const { token, setCookie } = await csrfToken(request);
  const headers = new Headers();
  for (const cookie of [setCookie, languageCookie])
    if (cookie) headers.append("Set-Cookie", cookie);
  return data({ csrf: token, ...language }, { headers });
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const root = useRouteLoaderData<typeof loader>("root") as RootLanguage | undefined;
  const { t, language } = translator(root);
  const matches = useMatches();
  const handles = matches.map((m) => ({
    handle: m.handle as PageHandle | undefined,
    data: m.data,
  }));
  const hydrate = !handles.some(({ handle }) => handle?.hydrate === false);
  const lang =
    handles.map(({ handle, data }) => handle?.documentLanguage?.(data)).find(Boolean) ?? language;
  return (
    <html lang={lang} dir={textDirection(lang)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("site.skipLink")}
        </a>
        <PageLanguageProvider value={root}>{children}</PageLanguageProvider>
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
            {/* Renders nothing in production; reloads the page on rebuilds under `npm run dev`. */}
            <LiveReload nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const title = isRouteErrorResponse(error)
    ? `${error.status} ${notFound ? t("error.notFound") : error.statusText || t("error.title")}`
    : t("error.title");
  return (
    <main id="main" className="page narrow">
      <h1>{title}</h1>
      <p>{isRouteErrorResponse(error) ? errorDetail(error.data, t) : t("error.body")}</p>
      <p>
        <Link to="/">{t("error.home")}</Link>
      </p>
    </main>
  );
}

/** Public routes throw a catalogue key (`error.noCampaign`) so the reason is in the page's language. */
function errorDetail(data: unknown, t: ReturnType<typeof useT>["t"]): string {
  if (typeof data !== "string") return t("error.body");
  return isMessageKey(data) ? t(data) : data;
}
