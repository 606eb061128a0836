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
} from "@remix-run/react";
import type { ReactNode } from "react";
import { csrfToken } from "~/auth/csrf.server";
import { useNonce } from "~/components/nonce";
import { textDirection } from "~/i18n/languages";
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

export async function loader({ request }: LoaderFunctionArgs) {
  if (cookielessPaths.test(new URL(request.url).pathname)) return data({ csrf: "" });
  const { token, setCookie } = await csrfToken(request);
  return data({ csrf: token }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const matches = useMatches();
  const handles = matches.map((m) => ({
    handle: m.handle as PageHandle | undefined,
    data: m.data,
  }));
  const hydrate = !handles.some(({ handle }) => handle?.hydrate === false);
  const lang =
    handles.map(({ handle, data }) => handle?.documentLanguage?.(data)).find(Boolean) ?? "en";
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
          Skip to content
        </a>
        {children}
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
  const title = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText || "Error"}`
    : "Something went wrong";
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : null;
  return (
    <main id="main" className="page narrow">
      <h1>{title}</h1>
      {detail ? <p>{detail}</p> : <p>Sorry, this page could not be shown.</p>}
      <p>
        <Link to="/">Back to the home page</Link>
      </p>
    </main>
  );
}
