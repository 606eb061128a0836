import { IntlMessageFormat, type PrimitiveType } from "intl-messageformat";
import { createContext, Fragment, type ReactNode, useContext } from "react";
import { defaultPublicLanguage, type PublicLanguage } from "./languages";
import english from "./messages/en.json";

export type MessageKey = keyof typeof english;
type Values = Record<string, PrimitiveType>;
type RichValues = Record<string, PrimitiveType | ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

/** What the root loader gives every page: its language and that language's catalogue only. */
export interface RootLanguage {
  language: PublicLanguage;
  dir: "ltr" | "rtl";
  messages: Record<string, string>;
}

const formatters = new Map<string, IntlMessageFormat>();

/** Dates and numbers in Persian use Iran's calendar and digits, as a Persian reader expects. */
export function intlLocale(language: string): string {
  return language === "fa" ? "fa-IR" : language;
}

function formatter(language: string, key: string, message: string): IntlMessageFormat {
  const id = `${language}\u0000${key}`;
  let cached = formatters.get(id);
  if (!cached) {
    cached = new IntlMessageFormat(message, intlLocale(language));
    formatters.set(id, cached);
  }
  return cached;
}

export type Translator = ReturnType<typeof translator>;

/** `t` for plain text, `rich` for messages with markup such as `<strong>…</strong>`. */
export function translator(root: RootLanguage | undefined) {
  const language = root?.language ?? defaultPublicLanguage;
  // Without the root loader's data (it failed), the error page is in English.
  const messages: Record<string, string> = root?.messages ?? english;
  const format = (key: MessageKey, values?: RichValues) => {
    const message = messages[key];
    // A missing key shows itself rather than English: the catalogue test catches it first.
    if (message === undefined) return key;
    return formatter(language, key, message).format(values as Values);
  };
  return {
    language,
    t: (key: MessageKey, values?: Values): string => String(format(key, values)),
    rich: (key: MessageKey, values: RichValues): ReactNode => {
      const parts = format(key, values);
      if (!Array.isArray(parts)) return parts as ReactNode;
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one message never reorder.
      return parts.map((part, i) => <Fragment key={i}>{part as ReactNode}</Fragment>);
    },
  };
}

/** Set once in the root layout from its loader; components rendered alone (tests) get English. */
const PageLanguage = createContext<RootLanguage | undefined>(undefined);
export const PageLanguageProvider = PageLanguage.Provider;

export function useT(): Translator {
  return translator(useContext(PageLanguage));
}

/** For `meta` functions, which cannot call hooks: the root's data is among the matches. */
export function metaT(matches: readonly { id: string; data: unknown }[]): Translator {
  return translator(matches.find((match) => match.id === "root")?.data as RootLanguage | undefined);
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(english, value);
}
