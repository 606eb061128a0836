import { useLocation } from "@remix-run/react";
import { publicLanguages } from "~/i18n/languages";
import { useT } from "~/i18n/use-t";

/** Each language named in itself, so a reader finds theirs whatever the page is in. */
const ownNames = {
  en: "English",
  fr: "Français",
  es: "Español",
  ar: "العربية",
  zh: "中文",
  ru: "Русский",
  fa: "فارسی",
} as const;

/** Plain links: they work without JavaScript, and the server remembers the choice in a cookie. */
export function LanguageSwitch() {
  const { t, language } = useT();
  const { pathname, search } = useLocation();
  const hrefFor = (code: string) => {
    const query = new URLSearchParams(search);
    query.set("lang", code);
    return `${pathname}?${query}`;
  };
  return (
    <nav className="language-switch" aria-label={t("site.languages")}>
      <ul>
        {publicLanguages.map((code) => (
          <li key={code}>
            <a
              href={hrefFor(code)}
              hrefLang={code}
              lang={code}
              aria-current={code === language ? "true" : undefined}
            >
              {ownNames[code]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
