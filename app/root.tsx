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
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { csrfToken } from "~/auth/csrf.server";
import { useNonce } from "~/components/nonce";
import { pageLanguageOf } from "~/i18n/language.server";
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

export async function loader({ request }: LoaderFunctionArgs) {
  const { token, setCookie } = await csrfToken(request);
  const { setCookie: languageCookie, ...language } = pageLanguageOf(request);
  const headers = new Headers();
  for (const cookie of [setCookie, languageCookie])
    if (cookie) headers.append("Set-Cookie", cookie);
  return data({ csrf: token, ...language }, { headers });
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const root = useRouteLoaderData<typeof loader>("root") as RootLanguage | undefined;
  const { t, language } = translator(root);
  return (
    <html lang={language} dir={textDirection(language)}>
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
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        {/* Renders nothing in production; reloads the page on rebuilds under `npm run dev`. */}
        <LiveReload nonce={nonce} />
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
